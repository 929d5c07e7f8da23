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
 */
public record CachedGeneration(
    String cacheKey, List<StoredImage> images, String providerId, String model, BigDecimal costUsd, Duration elapsed) {
  /** Copies the list. */
  public CachedGeneration {
    Objects.requireNonNull(cacheKey, "cacheKey");
    images = List.copyOf(images);
  }
}
