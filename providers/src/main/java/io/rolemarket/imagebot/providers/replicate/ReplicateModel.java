package io.rolemarket.imagebot.providers.replicate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A model run on Replicate by name ({@code owner/name}), with what routing needs to know about it.
 *
 * @param name {@code owner/name}, such as {@code black-forest-labs/flux-schnell}
 * @param displayName what users read
 * @param maxOutputs images one prediction makes ({@code num_outputs}); 1 for models without that input
 * @param costPerImageUsd the declared price of one output image: the router's estimate, and the cost counted
 *     when a prediction does not say what it cost
 * @param typicalLatency a usual prediction, download included
 * @param price how Replicate bills the model, to report what a prediction cost; null when unknown (a model by
 *     name whose price is not configured), so every prediction counts the declared price
 */
public record ReplicateModel(String name, String displayName, int maxOutputs, BigDecimal costPerImageUsd,
    Duration typicalLatency, @Nullable ReplicatePrice price) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*");

  /*
   * The FLUX models' prices are per output image, as providers.md section 2.8 read Replicate's model pages in
   * 2026-08: schnell $3 per 1,000 images, dev $0.025 (from third-party listings, unverified on the official
   * page), pro $0.055. Configuration overrides them (replicate.models.<owner/name>.per_image_usd).
   */

  /** FLUX.1 [schnell]: four steps, about a second, 0.003 USD an image. The default. */
  public static final ReplicateModel FLUX_SCHNELL = new ReplicateModel("black-forest-labs/flux-schnell",
      "FLUX.1-schnell (Replicate)", 4, new BigDecimal("0.003"), Duration.ofSeconds(4));
  /** FLUX.1 [dev]: 28 steps, a few seconds, about 0.025 USD an image. */
  public static final ReplicateModel FLUX_DEV = new ReplicateModel("black-forest-labs/flux-dev",
      "FLUX.1-dev (Replicate)", 4, new BigDecimal("0.025"), Duration.ofSeconds(10));
  /** FLUX.1 [pro]: one image a prediction, 0.055 USD. */
  public static final ReplicateModel FLUX_PRO = new ReplicateModel("black-forest-labs/flux-pro",
      "FLUX.1-pro (Replicate)", 1, new BigDecimal("0.055"), Duration.ofSeconds(15));

  /** Checks the name. */
  public ReplicateModel {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Replicate model must be owner/name in lower case, was '" + name + "'");
    }
    if (maxOutputs < 1 || maxOutputs > 4) {
      throw new IllegalArgumentException("maxOutputs must be 1..4, was " + maxOutputs);
    }
  }

  /** An official model billed per output image at its declared price. */
  public ReplicateModel(String name, String displayName, int maxOutputs, BigDecimal costPerImageUsd,
      Duration typicalLatency) {
    this(name, displayName, maxOutputs, costPerImageUsd, typicalLatency, ReplicatePrice.perImage(costPerImageUsd));
  }

  /**
   * This model billed at {@code price}; a per-image price is also its declared price, a per-second one leaves
   * the declared price (the estimate for one image) as it was.
   */
  public ReplicateModel withPrice(ReplicatePrice price) {
    BigDecimal declared = price.unit() == ReplicatePrice.Unit.IMAGE ? price.usd() : costPerImageUsd;
    return new ReplicateModel(name, displayName, maxOutputs, declared, typicalLatency, price);
  }

  /**
   * The model named {@code text}: one of the FLUX models by short name ({@code flux-schnell},
   * {@code flux-dev}, {@code flux-pro}) or full name, else any {@code owner/name} declared at schnell's price
   * and with no known price until one is configured ({@link #withPrice}).
   */
  public static ReplicateModel parse(String text) {
    String name = text.strip().toLowerCase(Locale.ROOT);
    for (ReplicateModel model : new ReplicateModel[] {FLUX_SCHNELL, FLUX_DEV, FLUX_PRO}) {
      if (model.name.equals(name) || model.name.endsWith("/" + name)) {
        return model;
      }
    }
    return new ReplicateModel(name, name + " (Replicate)", 1, FLUX_SCHNELL.costPerImageUsd,
        Duration.ofSeconds(15), null);
  }
}
