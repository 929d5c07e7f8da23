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
 * @param task what the model does: draws from words, or redraws the character's reference picture by the prompt
 */
public record HfModel(
    String id, String displayName, String model, BigDecimal costPerImageUsd, Duration typicalLatency, int steps,
    double guidance, Task task) {

  /** The Hub task a model is called for, as the Hub's provider mapping names it. */
  public enum Task {
    /** Words in, a picture out. */
    TEXT_TO_IMAGE("text-to-image"),
    /** The character's reference picture and the words in, a picture out; the model needs the picture. */
    IMAGE_TO_IMAGE("image-to-image");

    private final String hubName;

    Task(String hubName) {
      this.hubName = hubName;
    }

    /** The task's name on the Hub, such as {@code image-to-image}. */
    public String hubName() {
      return hubName;
    }
  }

  /** FLUX.1-dev: about 0.0012 USD and 10 s an image (HF's own example of a 10 s GPU call). */
  public static final HfModel FLUX_DEV = new HfModel("flux", "FLUX.1-dev (Hugging Face)",
      "black-forest-labs/FLUX.1-dev", new BigDecimal("0.0012"), Duration.ofSeconds(10), 28, 3.5);

  /** SDXL base 1.0: the cheaper, faster backup, about 0.0006 USD and 5 s an image. */
  public static final HfModel SDXL = new HfModel("sdxl", "SDXL (Hugging Face)",
      "stabilityai/stable-diffusion-xl-base-1.0", new BigDecimal("0.0006"), Duration.ofSeconds(5), 30, 7.0);

  /**
   * FLUX.1 Kontext dev: an instruction-following editor that redraws the character's reference picture in the scene
   * of the prompt (image-to-image). About 0.025 USD an image (fal's rate for it, passed on without markup) and
   * 15 s; 28 steps at guidance 2.5, the model card's defaults.
   */
  public static final HfModel KONTEXT_DEV = new HfModel("kontext", "FLUX.1 Kontext dev (Hugging Face)",
      "black-forest-labs/FLUX.1-Kontext-dev", new BigDecimal("0.025"), Duration.ofSeconds(15), 28, 2.5,
      Task.IMAGE_TO_IMAGE);

  /** Checks the fields. */
  public HfModel {
    Objects.requireNonNull(task, "task");
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

  /** A text-to-image model. */
  public HfModel(String id, String displayName, String model, BigDecimal costPerImageUsd, Duration typicalLatency,
      int steps, double guidance) {
    this(id, displayName, model, costPerImageUsd, typicalLatency, steps, guidance, Task.TEXT_TO_IMAGE);
  }

  /**
   * The provider description: one image a call, every aspect ratio, seed and negative prompt; an image-to-image model
   * takes the character's reference picture and is offered only requests that carry one.
   */
  ProviderInfo info() {
    boolean editor = task == Task.IMAGE_TO_IMAGE;
    ProviderInfo info = new ProviderInfo(id, displayName, model, 1, EnumSet.allOf(AspectRatio.class), true, true,
        editor, costPerImageUsd, typicalLatency, 4, Set.of());
    return editor ? info.requiringReferenceImage() : info;
  }
}
