/**
 * What every HTTP provider client shares: one honest attempt per call with a size-capped body
 * ({@link io.rolemarket.imagebot.core.provider.http.HttpExchange}), status-to-failure mapping that never
 * leaks a key ({@link io.rolemarket.imagebot.core.provider.http.HttpErrors}), {@code Retry-After} parsing
 * ({@link io.rolemarket.imagebot.core.provider.http.RetryAfter}) and image decoding by magic bytes
 * ({@link io.rolemarket.imagebot.core.provider.http.ImageBytes}).
 *
 * <p>WebP: clients ask for PNG or JPEG (Java's ImageIO reads neither WebP nor its size reliably). If a
 * server still answers WebP, the call fails as a transient failure naming the cause, so the router moves
 * on to the next provider instead of delivering a picture the adapters cannot lay out.
 */
@NullMarked
package io.rolemarket.imagebot.core.provider.http;

import org.jspecify.annotations.NullMarked;
