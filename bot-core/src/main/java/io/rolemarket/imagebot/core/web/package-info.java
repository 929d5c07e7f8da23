/**
 * Sign-in to the web library through the bot: {@code /web} hands out a signed, single-use, short-lived link
 * ({@link io.rolemarket.imagebot.core.web.WebSignIn}) that opens an expiring session; the pages themselves are an
 * adapter (the {@code web} module).
 */
@NullMarked
package io.rolemarket.imagebot.core.web;

import org.jspecify.annotations.NullMarked;
