/** Google Gemini 2.5 Flash Image through {@code generateContent}, with the character's reference image inline. */
@NullMarked
package io.rolemarket.imagebot.providers.gemini;

import org.jspecify.annotations.NullMarked;
