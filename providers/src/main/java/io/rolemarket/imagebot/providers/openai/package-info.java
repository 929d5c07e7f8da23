/**
 * The OpenAI Images API ({@code gpt-image-1}) through {@code /v1/images/generations}, and {@code /v1/images/edits}
 * for a request with a reference picture.
 */
@NullMarked
package io.rolemarket.imagebot.providers.openai;

import org.jspecify.annotations.NullMarked;
