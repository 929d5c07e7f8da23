/** The image cache: Caffeine in memory, a disk tier behind the image store, in-flight de-duplication. */
@NullMarked
package io.rolemarket.imagebot.core.cache;

import org.jspecify.annotations.NullMarked;
