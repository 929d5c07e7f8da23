package io.rolemarket.imagebot.providers.replicate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model run on Replicate by name ({@code owner/name}), with what routing needs to know about it.
 *
 * @param name {@code owner/name}, such as {@code black-forest-labs/flux-schnell}
 * @param displayName what users read
 * @param maxOutputs images one prediction makes ({@code num_outputs}); 1 for models without that input
 * @param costPerImageUsd price of one output image
 * @param typicalLatency a usual prediction, download included
 */
public record ReplicateModel(String name, String displayName, int maxOutputs, BigDecimal costPerImageUsd,
    Duration typicalLatency) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*");
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

  /**
   * The model named {@code text}: one of the FLUX models by short name ({@code flux-schnell},
   * {@code flux-dev}, {@code flux-pro}) or full name, else any {@code owner/name} priced like schnell.
   */
  public static ReplicateModel parse(String text) {
    String name = text.strip().toLowerCase(Locale.ROOT);
    for (ReplicateModel model : new ReplicateModel[] {FLUX_SCHNELL, FLUX_DEV, FLUX_PRO}) {
      if (model.name.equals(name) || model.name.endsWith("/" + name)) {
        return model;
      }
    }
    return new ReplicateModel(name, name + " (Replicate)", 1, FLUX_SCHNELL.costPerImageUsd,
        Duration.ofSeconds(15));
  }
}
