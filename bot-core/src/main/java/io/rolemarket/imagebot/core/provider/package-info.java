/**
 * The provider SPI: one blocking call per provider, declared capabilities, typed failures. The clients that
 * implement it live in the {@code providers} module.
 */
@NullMarked
package io.rolemarket.imagebot.core.provider;

import org.jspecify.annotations.NullMarked;
