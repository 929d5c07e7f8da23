package io.rolemarket.imagebot.core.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a provider is and can do, declared as data so routing and budgets need no code per provider.
 *
 * @param id the short name users type after {@code --provider}, such as {@code flux} or {@code sdxl}
 * @param displayName what users read, such as {@code FLUX.1-dev (Hugging Face)}
 * @param model the model identifier sent to the provider
 * @param maxImagesPerCall how many images one call can return (more are made by repeated calls)
 * @param aspectRatios the shapes it can make
 * @param supportsSeed whether a seed gives repeatable pictures
 * @param supportsNegativePrompt whether it takes a negative prompt
 * @param supportsReferenceImage whether it draws the character from a reference image's bytes
 *     ({@link ProviderRequest#referenceImage()}, for character consistency); the router puts such providers first
 *     for a request that carries one. Midjourney's {@code --cref} takes a URL instead and does not count
 * @param costPerImageUsd the price of one image in US dollars
 * @param typicalLatency how long one call usually takes
 * @param maxConcurrentCalls the bulkhead: calls in flight at once
 * @param blockedRegions ISO country or region codes the provider refuses to serve (Gemini: {@code HK},
 *     {@code CN}); the router skips it up front when the bot's configured region is one of them
 * @param costPerCallUsd the price of one call on top of its images, in US dollars: zero for most; for
 *     Midjourney, billed per job (one 2×2 grid, however many of its pictures are kept), the whole price
 * @param requiresReferenceImage whether it draws only from a reference image (an instruction-following editor such
 *     as FLUX.1 Kontext): the router offers it only requests that carry one; implies {@code supportsReferenceImage}
 * @param chineseWords how well its model reads Chinese words in a prompt (a user's own extra words are passed on as
 *     written); {@code /providers} says it
 */
public record ProviderInfo(
    String id,
    String displayName,
    String model,
    int maxImagesPerCall,
    Set<AspectRatio> aspectRatios,
    boolean supportsSeed,
    boolean supportsNegativePrompt,
    boolean supportsReferenceImage,
    BigDecimal costPerImageUsd,
    Duration typicalLatency,
    int maxConcurrentCalls,
    Set<String> blockedRegions,
    BigDecimal costPerCallUsd,
    boolean requiresReferenceImage,
    ChineseWords chineseWords) {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** Checks every field. */
  public ProviderInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(costPerImageUsd, "costPerImageUsd");
    Objects.requireNonNull(costPerCallUsd, "costPerCallUsd");
    if (costPerCallUsd.signum() < 0) {
      throw new IllegalArgumentException("costPerCallUsd must not be negative, was " + costPerCallUsd);
    }
    Objects.requireNonNull(typicalLatency, "typicalLatency");
    Objects.requireNonNull(chineseWords, "chineseWords");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("provider id must be lower-case letters, digits and '-', was '" + id + "'");
    }
    if (maxImagesPerCall < 1) {
      throw new IllegalArgumentException("maxImagesPerCall must be at least 1, was " + maxImagesPerCall);
    }
    if (aspectRatios.isEmpty()) {
      throw new IllegalArgumentException("provider " + id + " must support at least one aspect ratio");
    }
    if (costPerImageUsd.signum() < 0) {
      throw new IllegalArgumentException("costPerImageUsd must not be negative, was " + costPerImageUsd);
    }
    if (typicalLatency.isNegative()) {
      throw new IllegalArgumentException("typicalLatency must not be negative, was " + typicalLatency);
    }
    if (maxConcurrentCalls < 1) {
      throw new IllegalArgumentException("maxConcurrentCalls must be at least 1, was " + maxConcurrentCalls);
    }
    if (requiresReferenceImage && !supportsReferenceImage) {
      throw new IllegalArgumentException("provider " + id + " cannot require a reference image it does not support");
    }
    aspectRatios = Set.copyOf(aspectRatios);
    blockedRegions = Set.copyOf(blockedRegions);
  }

  /** A provider that reads English prompts only (Chinese words are passed on as written). */
  public ProviderInfo(String id, String displayName, String model, int maxImagesPerCall, Set<AspectRatio> aspectRatios,
      boolean supportsSeed, boolean supportsNegativePrompt, boolean supportsReferenceImage, BigDecimal costPerImageUsd,
      Duration typicalLatency, int maxConcurrentCalls, Set<String> blockedRegions, BigDecimal costPerCallUsd,
      boolean requiresReferenceImage) {
    this(id, displayName, model, maxImagesPerCall, aspectRatios, supportsSeed, supportsNegativePrompt,
        supportsReferenceImage, costPerImageUsd, typicalLatency, maxConcurrentCalls, blockedRegions, costPerCallUsd,
        requiresReferenceImage, ChineseWords.NOT_UNDERSTOOD);
  }

  /** A provider that draws with or without a reference image. */
  public ProviderInfo(String id, String displayName, String model, int maxImagesPerCall, Set<AspectRatio> aspectRatios,
      boolean supportsSeed, boolean supportsNegativePrompt, boolean supportsReferenceImage, BigDecimal costPerImageUsd,
      Duration typicalLatency, int maxConcurrentCalls, Set<String> blockedRegions, BigDecimal costPerCallUsd) {
    this(id, displayName, model, maxImagesPerCall, aspectRatios, supportsSeed, supportsNegativePrompt,
        supportsReferenceImage, costPerImageUsd, typicalLatency, maxConcurrentCalls, blockedRegions, costPerCallUsd,
        false);
  }

  /** A provider billed per image only. */
  public ProviderInfo(String id, String displayName, String model, int maxImagesPerCall, Set<AspectRatio> aspectRatios,
      boolean supportsSeed, boolean supportsNegativePrompt, boolean supportsReferenceImage, BigDecimal costPerImageUsd,
      Duration typicalLatency, int maxConcurrentCalls, Set<String> blockedRegions) {
    this(id, displayName, model, maxImagesPerCall, aspectRatios, supportsSeed, supportsNegativePrompt,
        supportsReferenceImage, costPerImageUsd, typicalLatency, maxConcurrentCalls, blockedRegions, BigDecimal.ZERO);
  }

  /** This provider as one that draws only from a reference image ({@link #requiresReferenceImage()}). */
  public ProviderInfo requiringReferenceImage() {
    return new ProviderInfo(id, displayName, model, maxImagesPerCall, aspectRatios, supportsSeed,
        supportsNegativePrompt, true, costPerImageUsd, typicalLatency, maxConcurrentCalls, blockedRegions,
        costPerCallUsd, true, chineseWords);
  }

  /** This provider with its model reading Chinese words in a prompt as {@code chinese} says. */
  public ProviderInfo readingChinese(ChineseWords chinese) {
    return new ProviderInfo(id, displayName, model, maxImagesPerCall, aspectRatios, supportsSeed,
        supportsNegativePrompt, supportsReferenceImage, costPerImageUsd, typicalLatency, maxConcurrentCalls,
        blockedRegions, costPerCallUsd, requiresReferenceImage, chinese);
  }

  /**
   * The price of {@code images} pictures: the per-image price for each, plus the per-call price for each
   * call they need ({@link #maxImagesPerCall()} a call).
   */
  public BigDecimal costUsd(int images) {
    if (images <= 0) {
      return BigDecimal.ZERO;
    }
    int calls = (images + maxImagesPerCall - 1) / maxImagesPerCall;
    return costPerImageUsd.multiply(BigDecimal.valueOf(images)).add(costPerCallUsd.multiply(BigDecimal.valueOf(calls)));
  }
}
