package io.rolemarket.imagebot.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a GPT image model's tokens cost, in US dollars per million tokens, to turn an answer's {@code usage}
 * into the call's cost. Immutable.
 *
 * @param textInputPerMillionUsd a million text input tokens (the prompt)
 * @param imageInputPerMillionUsd a million image input tokens (reference pictures)
 * @param imageOutputPerMillionUsd a million output tokens (the pictures made)
 */
public record OpenAiPrices(BigDecimal textInputPerMillionUsd, BigDecimal imageInputPerMillionUsd,
    BigDecimal imageOutputPerMillionUsd) {
  /**
   * gpt-image-1 as OpenAI's pricing page listed it at launch, 2025-04 (providers.md section 7.6): text input
   * $5, image input $10, image output $40 per million tokens. Configuration overrides it
   * ({@code openai.prices}) when the page changes.
   */
  public static final OpenAiPrices GPT_IMAGE_1 = new OpenAiPrices(new BigDecimal("5.00"), new BigDecimal("10.00"),
      new BigDecimal("40.00"));

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** Text tokens the ceiling allows on top of the prompt's bytes (the API's own wrapping of the prompt). */
  static final long TEXT_ALLOWANCE = 100;

  /** Checks that no price is negative. */
  public OpenAiPrices {
    check(textInputPerMillionUsd, "textInputPerMillionUsd");
    check(imageInputPerMillionUsd, "imageInputPerMillionUsd");
    check(imageOutputPerMillionUsd, "imageOutputPerMillionUsd");
  }

  private static void check(BigDecimal price, String name) {
    Objects.requireNonNull(price, name);
    if (price.signum() < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + price);
    }
  }

  /**
   * What the call whose answer carried {@code usage} ({@code ImageGenUsage}) cost, to the micro-dollar: its input
   * text and image tokens ({@code input_tokens_details}) and its output tokens at their prices; empty when the
   * answer has no usage or lacks one of those required figures. Output tokens are priced at the image output rate
   * whether or not {@code output_tokens_details} splits them (gpt-image-1 outputs only image tokens; a text token
   * there, if ever, is not undercounted).
   */
  public Optional<BigDecimal> cost(JsonNode usage) {
    JsonNode details = usage.path("input_tokens_details");
    JsonNode text = details.path("text_tokens");
    JsonNode image = details.path("image_tokens");
    JsonNode output = usage.path("output_tokens");
    if (!text.isIntegralNumber() || !image.isIntegralNumber() || !output.isIntegralNumber()
        || text.asLong() < 0 || image.asLong() < 0 || output.asLong() < 0) {
      return Optional.empty();
    }
    BigDecimal total = textInputPerMillionUsd.multiply(BigDecimal.valueOf(text.asLong()))
        .add(imageInputPerMillionUsd.multiply(BigDecimal.valueOf(image.asLong())))
        .add(imageOutputPerMillionUsd.multiply(BigDecimal.valueOf(output.asLong())));
    return Optional.of(total.divide(MILLION, 6, RoundingMode.HALF_UP));
  }

  /**
   * The most image input tokens one reference picture can bill at gpt-image-1's default (low) input fidelity: OpenAI's
   * vision pricing counts 65 tokens plus 129 per 512-pixel tile after the picture is scaled to fit 2048x2048 and its
   * short side to 512, which is at most four tiles.
   */
  static final long REFERENCE_IMAGE_TOKENS = 65 + 129 * 4;

  /**
   * The most {@code images} gpt-image-1 pictures of {@code size} at medium quality can cost for a prompt of
   * {@code prompt}: the output tokens OpenAI lists per picture (1,056 for 1024x1024, 1,584 for 1536x1024 and
   * 1024x1536) at the output price, and at most one text token per UTF-8 byte of the prompt plus
   * {@link #TEXT_ALLOWANCE} for what the API adds around it at the text price, rounded up to the micro-dollar. What
   * the budget holds before the call, so the cost {@link #cost} reads from the answer's {@code usage} does not pass
   * it (a call without a reference picture).
   */
  public BigDecimal ceiling(String size, int images, String prompt) {
    return ceiling(size, images, prompt, 0);
  }

  /**
   * The ceiling above for an edit call that also sends {@code references} reference pictures, each billed once per
   * call (not per picture made) at most {@link #REFERENCE_IMAGE_TOKENS} image input tokens at the image input price.
   */
  public BigDecimal ceiling(String size, int images, String prompt, int references) {
    long outputTokens = "1024x1024".equals(size) ? 1_056 : 1_584;
    long textTokens = prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + TEXT_ALLOWANCE;
    BigDecimal total = imageOutputPerMillionUsd.multiply(BigDecimal.valueOf(outputTokens * Math.max(1, images)))
        .add(textInputPerMillionUsd.multiply(BigDecimal.valueOf(textTokens)))
        .add(imageInputPerMillionUsd.multiply(BigDecimal.valueOf(REFERENCE_IMAGE_TOKENS * Math.max(0, references))));
    return total.divide(MILLION, 6, RoundingMode.CEILING);
  }
}
