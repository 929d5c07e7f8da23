/**
 * Store ports implemented by the data module: users, job journal, image blobs and the cache's disk tier,
 * history, platform file references, review records, platform events seen and the inbox of updates
 * received but not yet handled.
 */
@NullMarked
package io.rolemarket.imagebot.core.store;

import org.jspecify.annotations.NullMarked;
