/** The provider SPI: one blocking call per provider, declared capabilities, typed failures. */
@NullMarked
package io.rolemarket.imagebot.core.provider;

import org.jspecify.annotations.NullMarked;
