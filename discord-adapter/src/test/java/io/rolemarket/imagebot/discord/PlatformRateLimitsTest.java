package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlatformRateLimitsTest {
  @Test
  void retryAfter_wholeAndFractionalSeconds_read() {
    assertEquals(Duration.ofSeconds(2), PlatformRateLimits.retryAfter("2"));
    assertEquals(Duration.ofMillis(1500), PlatformRateLimits.retryAfter(" 1.5 "));
  }

  @Test
  void retryAfter_missingOrNonsense_zero() {
    assertEquals(Duration.ZERO, PlatformRateLimits.retryAfter(null));
    assertEquals(Duration.ZERO, PlatformRateLimits.retryAfter("soon"));
    assertEquals(Duration.ZERO, PlatformRateLimits.retryAfter("-3"));
    assertEquals(Duration.ZERO, PlatformRateLimits.retryAfter("NaN"));
  }
}
