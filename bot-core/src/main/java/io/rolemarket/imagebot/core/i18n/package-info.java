/**
 * The message catalog: every sentence the bot says, in English and in Traditional Chinese as written in Hong Kong,
 * kept in ICU {@code MessageFormat} bundles ({@code messages_en.properties}, {@code messages_zh_HK.properties})
 * and read through {@link io.rolemarket.imagebot.core.i18n.Texts}, keyed by a {@link io.rolemarket.imagebot.core.i18n.Lang}.
 */
@NullMarked
package io.rolemarket.imagebot.core.i18n;

import org.jspecify.annotations.NullMarked;
