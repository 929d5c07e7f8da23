package io.rolemarket.imagebot.providers.hf;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One Hugging Face model the bot offers as a provider: adding a model is adding one of these.
 *
 * @param id the provider id users type, such as {@code flux}
 * @param displayName what users read
 * @param model the Hub model id, such as {@code black-forest-labs/FLUX.1-dev}
 * @param costPerImageUsd the expected price of one image
 * @param typicalLatency how long one image usually takes
 * @param steps inference steps sent with each call
 * @param guidance the guidance scale sent with each call
 */
public record HfModel(
    String id, String displayName, String model, BigDecimal costPerImageUsd, Duration typicalLatency, int steps,
    double guidance) {

  /** FLUX.1-dev: about 0.0012 USD and 10 s an image (HF's own example of a 10 s GPU call). */
  public static final HfModel FLUX_DEV = new HfModel("flux", "FLUX.1-dev (Hugging Face)",
      "black-forest-labs/FLUX.1-dev", new BigDecimal("0.0012"), Duration.ofSeconds(10), 28, 3.5);

  /** SDXL base 1.0: the cheaper, faster backup, about 0.0006 USD and 5 s an image. */
  public static final HfModel SDXL = new HfModel("sdxl", "SDXL (Hugging Face)",
      "stabilityai/stable-diffusion-xl-base-1.0", new BigDecimal("0.0006"), Duration.ofSeconds(5), 30, 7.0);

  /** Checks the fields. */
  public HfModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(costPerImageUsd, "costPerImageUsd");
    Objects.requireNonNull(typicalLatency, "typicalLatency");
    if (!model.matches("[\\w.-]+/[\\w.-]+")) {
      throw new IllegalArgumentException("Hugging Face model must be owner/name, was '" + model + "'");
    }
    if (steps < 1 || steps > 150) {
      throw new IllegalArgumentException("steps must be 1..150, was " + steps);
    }
  }

  /** The provider description: one image a call, every aspect ratio, seed and negative prompt. */
  ProviderInfo info() {
    return new ProviderInfo(id, displayName, model, 1, EnumSet.allOf(AspectRatio.class), true, true, false,
        costPerImageUsd, typicalLatency, 4, Set.of());
  }
}
