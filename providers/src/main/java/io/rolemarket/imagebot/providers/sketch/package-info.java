/** The offline Sketch provider: deterministic Java2D drawings of a character in a theme. */
@NullMarked
package io.rolemarket.imagebot.providers.sketch;

import org.jspecify.annotations.NullMarked;
