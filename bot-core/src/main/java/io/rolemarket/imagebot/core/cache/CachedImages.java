package io.rolemarket.imagebot.core.cache;

import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A finished generation as the cache holds it: the images with their blob records and who made them.
 *
 * @param images the pictures, in order
 * @param stored their blobs, in the same order
 * @param providerId who made them
 * @param model the model that made them
 * @param costUsd what they cost when made
 * @param elapsed how long they took when made
 * @param remoteJobId the provider's id for the job that made them, which follow-up actions act on (Midjourney's
 *     U1–V4), or empty when there is none (both tiers keep it)
 * @param costSource whether {@code costUsd} was reported by the provider or is its declared price (the disk tier
 *     does not keep it: a cache hit costs nothing)
 */
public record CachedImages(
    List<GeneratedImage> images,
    List<StoredImage> stored,
    String providerId,
    String model,
    BigDecimal costUsd,
    Duration elapsed,
    String remoteJobId,
    CostSource costSource) {

  /** Copies the lists and checks they match. */
  public CachedImages {
    Objects.requireNonNull(remoteJobId, "remoteJobId");
    Objects.requireNonNull(costSource, "costSource");
    images = List.copyOf(images);
    stored = List.copyOf(stored);
    Objects.requireNonNull(providerId, "providerId");
    if (images.size() != stored.size() || images.isEmpty()) {
      throw new IllegalArgumentException(
          "cached images need one blob each and at least one, were " + images.size() + "/" + stored.size());
    }
  }

  /** Images at the declared price. */
  public CachedImages(List<GeneratedImage> images, List<StoredImage> stored, String providerId, String model,
      BigDecimal costUsd, Duration elapsed, String remoteJobId) {
    this(images, stored, providerId, model, costUsd, elapsed, remoteJobId, CostSource.DECLARED);
  }

  /** Images at the declared price without a remote job id. */
  public CachedImages(List<GeneratedImage> images, List<StoredImage> stored, String providerId, String model,
      BigDecimal costUsd, Duration elapsed) {
    this(images, stored, providerId, model, costUsd, elapsed, "");
  }

  /** Total encoded size, the cache's weight. */
  public long bytes() {
    long total = 0;
    for (GeneratedImage image : images) {
      total += image.size();
    }
    return total;
  }
}
