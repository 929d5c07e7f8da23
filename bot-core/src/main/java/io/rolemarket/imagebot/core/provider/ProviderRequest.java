package io.rolemarket.imagebot.core.provider;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one provider call is asked to make.
 *
 * @param prompt the full prompt after composition
 * @param negativePrompt what to keep out of the picture, empty for nothing
 * @param count images wanted from this call, 1..{@link ProviderInfo#maxImagesPerCall()}
 * @param aspectRatio the shape
 * @param seed a seed for repeatable pictures, or null for the provider's choice
 * @param referenceImage an image of the character (PNG or JPEG) for providers that take one, or null
 * @param referenceUrl a public {@code https://} URL of an image of the character for providers that fetch one
 *     themselves (Midjourney's {@code --cref}), or null; others ignore it
 */
public record ProviderRequest(
    String prompt,
    String negativePrompt,
    int count,
    AspectRatio aspectRatio,
    @Nullable Long seed,
    byte @Nullable [] referenceImage,
    @Nullable String referenceUrl) {

  /** Checks the prompt and count. */
  public ProviderRequest {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(negativePrompt, "negativePrompt");
    Objects.requireNonNull(aspectRatio, "aspectRatio");
    if (prompt.isBlank()) {
      throw new IllegalArgumentException("prompt must not be blank");
    }
    if (count < 1 || count > 16) {
      throw new IllegalArgumentException("count must be 1..16, was " + count);
    }
  }

  /** A request without a reference URL. */
  public ProviderRequest(String prompt, String negativePrompt, int count, AspectRatio aspectRatio,
      @Nullable Long seed, byte @Nullable [] referenceImage) {
    this(prompt, negativePrompt, count, aspectRatio, seed, referenceImage, null);
  }

  /** The same request for another number of images. */
  public ProviderRequest withCount(int newCount) {
    return new ProviderRequest(prompt, negativePrompt, newCount, aspectRatio, seed, referenceImage, referenceUrl);
  }

  /** The same request with another seed. */
  public ProviderRequest withSeed(@Nullable Long newSeed) {
    return new ProviderRequest(prompt, negativePrompt, count, aspectRatio, newSeed, referenceImage, referenceUrl);
  }

  /** The same request with a reference image URL (or none, for null). */
  public ProviderRequest withReferenceUrl(@Nullable String newReferenceUrl) {
    return new ProviderRequest(prompt, negativePrompt, count, aspectRatio, seed, referenceImage, newReferenceUrl);
  }
}
