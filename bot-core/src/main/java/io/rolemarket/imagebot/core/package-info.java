/**
 * The image bot's core: the {@link io.rolemarket.imagebot.core.ImageBot} front door and the value types
 * every adapter speaks. Knows no chat platform and no database.
 */
@NullMarked
package io.rolemarket.imagebot.core;

import org.jspecify.annotations.NullMarked;
