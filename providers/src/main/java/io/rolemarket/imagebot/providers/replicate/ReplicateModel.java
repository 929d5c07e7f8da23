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
 * @param imageInput the input that takes the reference picture (a data URI), such as Kontext's
 *     {@code input_image}, for a model that draws from one; null for a model that draws from words alone
 */
public record ReplicateModel(String name, String displayName, int maxOutputs, BigDecimal costPerImageUsd,
    Duration typicalLatency, @Nullable ReplicatePrice price, @Nullable String imageInput) {
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

  /*
   * The Kontext models edit a picture by instruction: the character's reference picture in, the scene of the prompt
   * out, one output a prediction. Replicate's model pages list kontext-pro at $0.04 and kontext-dev at $0.025 an
   * output image (unverified; configuration overrides them). Latency is the model pages' usual 10-20 s.
   */

  /** FLUX.1 Kontext [pro]: the reference picture as {@code input_image}, 0.04 USD an image, about 12 s. */
  public static final ReplicateModel FLUX_KONTEXT_PRO = kontext("black-forest-labs/flux-kontext-pro",
      "FLUX.1 Kontext pro (Replicate)", "0.04", Duration.ofSeconds(12));
  /** FLUX.1 Kontext [dev]: the reference picture as {@code input_image}, 0.025 USD an image, about 15 s. */
  public static final ReplicateModel FLUX_KONTEXT_DEV = kontext("black-forest-labs/flux-kontext-dev",
      "FLUX.1 Kontext dev (Replicate)", "0.025", Duration.ofSeconds(15));

  /** Checks the name. */
  public ReplicateModel {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Replicate model must be owner/name in lower case, was '" + name + "'");
    }
    if (maxOutputs < 1 || maxOutputs > 4) {
      throw new IllegalArgumentException("maxOutputs must be 1..4, was " + maxOutputs);
    }
  }

  /** A model that draws from words alone. */
  public ReplicateModel(String name, String displayName, int maxOutputs, BigDecimal costPerImageUsd,
      Duration typicalLatency, @Nullable ReplicatePrice price) {
    this(name, displayName, maxOutputs, costPerImageUsd, typicalLatency, price, null);
  }

  /** An official model billed per output image at its declared price. */
  public ReplicateModel(String name, String displayName, int maxOutputs, BigDecimal costPerImageUsd,
      Duration typicalLatency) {
    this(name, displayName, maxOutputs, costPerImageUsd, typicalLatency, ReplicatePrice.perImage(costPerImageUsd));
  }

  /** A one-output official model billed per image that takes the reference picture as {@code input_image}. */
  private static ReplicateModel kontext(String name, String displayName, String costPerImageUsd,
      Duration typicalLatency) {
    BigDecimal price = new BigDecimal(costPerImageUsd);
    return new ReplicateModel(name, displayName, 1, price, typicalLatency, ReplicatePrice.perImage(price),
        "input_image");
  }

  /**
   * This model billed at {@code price}; a per-image price is also its declared price, a per-second one leaves
   * the declared price (the estimate for one image) as it was.
   */
  public ReplicateModel withPrice(ReplicatePrice price) {
    BigDecimal declared = price.unit() == ReplicatePrice.Unit.IMAGE ? price.usd() : costPerImageUsd;
    return new ReplicateModel(name, displayName, maxOutputs, declared, typicalLatency, price, imageInput);
  }

  /** This model taking the reference picture as {@code input} (a data URI), such as Kontext's {@code input_image}. */
  public ReplicateModel withImageInput(String input) {
    return new ReplicateModel(name, displayName, maxOutputs, costPerImageUsd, typicalLatency, price, input);
  }

  /**
   * The model named {@code text}: one of the FLUX models by short name ({@code flux-schnell}, {@code flux-dev},
   * {@code flux-pro}, {@code flux-kontext-pro}, {@code flux-kontext-dev}) or full name, else any {@code owner/name}
   * declared at schnell's price and with no known price until one is configured ({@link #withPrice}).
   */
  public static ReplicateModel parse(String text) {
    String name = text.strip().toLowerCase(Locale.ROOT);
    for (ReplicateModel model : new ReplicateModel[] {FLUX_SCHNELL, FLUX_DEV, FLUX_PRO, FLUX_KONTEXT_PRO,
        FLUX_KONTEXT_DEV}) {
      if (model.name.equals(name) || model.name.endsWith("/" + name)) {
        return model;
      }
    }
    return new ReplicateModel(name, name + " (Replicate)", 1, FLUX_SCHNELL.costPerImageUsd,
        Duration.ofSeconds(15), (ReplicatePrice) null);
  }
}
