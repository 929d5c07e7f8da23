/**
 * What every HTTP provider client shares: one honest attempt per call with a size-capped body
 * ({@link io.rolemarket.imagebot.providers.http.HttpExchange}), status-to-failure mapping that never
 * leaks a key ({@link io.rolemarket.imagebot.providers.http.HttpErrors}), {@code Retry-After} parsing
 * ({@link io.rolemarket.imagebot.providers.http.RetryAfter}) and image decoding by magic bytes
 * ({@link io.rolemarket.imagebot.providers.http.ImageBytes}).
 *
 * <p>WebP: clients ask for PNG or JPEG. A server that still answers WebP gets it decoded (the TwelveMonkeys
 * ImageIO plugin, lossy and lossless) and re-encoded as PNG, which chat apps and the adapters' grids take.
 */
@NullMarked
package io.rolemarket.imagebot.providers.http;

import org.jspecify.annotations.NullMarked;
