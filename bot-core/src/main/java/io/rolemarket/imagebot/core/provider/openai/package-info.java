/** The OpenAI Images API ({@code gpt-image-1}) through {@code /v1/images/generations}. */
@NullMarked
package io.rolemarket.imagebot.core.provider.openai;

import org.jspecify.annotations.NullMarked;
