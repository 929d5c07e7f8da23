/** Store ports implemented by the data module: job journal, image blobs, history. */
@NullMarked
package io.rolemarket.imagebot.core.store;

import org.jspecify.annotations.NullMarked;
