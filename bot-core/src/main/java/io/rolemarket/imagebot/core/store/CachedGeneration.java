package io.rolemarket.imagebot.core.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the disk tier of the cache remembers about a generation: which blobs answered a cache key.
 *
 * @param cacheKey the canonical request hash
 * @param images the blobs, in order
 * @param providerId the provider that made them
 * @param model the model that made them
 * @param costUsd what they cost when made
 * @param elapsed how long they took when made
 * @param remoteJobId {@code providerId}'s id for the job that made them, which follow-up actions act on
 *     (Midjourney's U1–V4), or empty when there is none
 */
public record CachedGeneration(
    String cacheKey, List<StoredImage> images, String providerId, String model, BigDecimal costUsd, Duration elapsed,
    String remoteJobId) {
  /** Copies the list. */
  public CachedGeneration {
    Objects.requireNonNull(cacheKey, "cacheKey");
    Objects.requireNonNull(remoteJobId, "remoteJobId");
    images = List.copyOf(images);
  }

  /** A generation without a remote job (made in one call, or by a provider without actions). */
  public CachedGeneration(
      String cacheKey, List<StoredImage> images, String providerId, String model, BigDecimal costUsd, Duration elapsed) {
    this(cacheKey, images, providerId, model, costUsd, elapsed, "");
  }
}
