/** The OpenAI Images API ({@code gpt-image-1}) through {@code /v1/images/generations}. */
@NullMarked
package io.rolemarket.imagebot.providers.openai;

import org.jspecify.annotations.NullMarked;
