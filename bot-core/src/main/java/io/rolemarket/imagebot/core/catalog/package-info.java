/** Characters and themes, loaded from YAML, and prompt composition. */
@NullMarked
package io.rolemarket.imagebot.core.catalog;

import org.jspecify.annotations.NullMarked;
