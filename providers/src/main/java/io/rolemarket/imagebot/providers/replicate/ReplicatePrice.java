package io.rolemarket.imagebot.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * How Replicate bills a model: per output image (official models such as FLUX) or per second of the hardware
 * it runs on (community models), in US dollars. Immutable.
 *
 * @param unit what one {@code usd} buys
 * @param usd the price of one image, or of one second of predict time
 */
public record ReplicatePrice(Unit unit, BigDecimal usd) {

  /** What a price is for. */
  public enum Unit {
    /** One output image of a succeeded prediction. */
    IMAGE,
    /** One second of {@code metrics.predict_time} on the model's hardware. */
    SECOND
  }

  /** Checks the price. */
  public ReplicatePrice {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(usd, "usd");
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("a Replicate price must not be negative, was " + usd);
    }
  }

  /** {@code usd} per output image. */
  public static ReplicatePrice perImage(BigDecimal usd) {
    return new ReplicatePrice(Unit.IMAGE, usd);
  }

  /** {@code usd} per second of predict time. */
  public static ReplicatePrice perSecond(BigDecimal usd) {
    return new ReplicatePrice(Unit.SECOND, usd);
  }

  /**
   * What {@code prediction} cost, to the micro-dollar, or empty when it does not say: per image, the outputs of a
   * {@code succeeded} prediction (Replicate bills official models per output once the prediction has
   * succeeded; outputs seen while it is still {@code processing} are not billed yet); per second, its
   * {@code metrics.predict_time}.
   *
   * @param outputs how many output images the prediction has
   */
  public Optional<BigDecimal> cost(JsonNode prediction, int outputs) {
    BigDecimal amount;
    if (unit == Unit.IMAGE) {
      if (!prediction.path("status").asText("").equals("succeeded") || outputs < 1) {
        return Optional.empty();
      }
      amount = usd.multiply(BigDecimal.valueOf(outputs));
    } else {
      JsonNode seconds = prediction.path("metrics").path("predict_time");
      if (!seconds.isNumber() || seconds.asDouble() < 0) {
        return Optional.empty();
      }
      amount = usd.multiply(seconds.decimalValue());
    }
    return Optional.of(amount.setScale(6, RoundingMode.HALF_UP));
  }
}
