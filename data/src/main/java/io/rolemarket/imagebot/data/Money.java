package io.rolemarket.imagebot.data;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Dollars stored as integer micro-dollars, exact and portable across databases. */
final class Money {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private Money() {}

  static long toMicros(BigDecimal usd) {
    return usd.multiply(MILLION).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  static BigDecimal fromMicros(long micros) {
    return BigDecimal.valueOf(micros).divide(MILLION).stripTrailingZeros();
  }
}
