package io.rolemarket.imagebot.providers.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void fromHeaders_seconds() {
    assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.fromHeaders(Headers.of("Retry-After", "3"), CLOCK));
  }

  @Test
  void fromHeaders_httpDate() {
    assertEquals(Optional.of(Duration.ofSeconds(90)),
        RetryAfter.fromHeaders(Headers.of("Retry-After", "Tue, 24 Nov 2026 12:01:30 GMT"), CLOCK));
  }

  @Test
  void fromHeaders_dateInThePast_zero() {
    assertEquals(Optional.of(Duration.ZERO),
        RetryAfter.fromHeaders(Headers.of("Retry-After", "Tue, 24 Nov 2026 11:00:00 GMT"), CLOCK));
  }

  @Test
  void fromHeaders_millisecondsWinOverSeconds() {
    assertEquals(Optional.of(Duration.ofMillis(1500)),
        RetryAfter.fromHeaders(Headers.of("retry-after", "2", "retry-after-ms", "1500"), CLOCK));
  }

  @Test
  void fromHeaders_ietfRateLimit() {
    assertEquals(Optional.of(Duration.ofSeconds(55)),
        RetryAfter.fromHeaders(Headers.of("RateLimit", "\"api\";r=0;t=55"), CLOCK));
  }

  @Test
  void fromHeaders_nothingOrGarbage_empty() {
    assertEquals(Optional.empty(), RetryAfter.fromHeaders(Headers.of(), CLOCK));
    assertEquals(Optional.empty(), RetryAfter.fromHeaders(Headers.of("Retry-After", "soon"), CLOCK));
  }

  @Test
  void fromGoogleDelay_wholeAndFractionalSeconds() {
    assertEquals(Optional.of(Duration.ofSeconds(21)), RetryAfter.fromGoogleDelay("21s"));
    assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfter.fromGoogleDelay("1.5s"));
    assertEquals(Optional.empty(), RetryAfter.fromGoogleDelay("soon"));
  }

  @Test
  void fromMessage_pleaseRetryIn() {
    assertEquals(Optional.of(Duration.ofMillis(21400)),
        RetryAfter.fromMessage("Quota exceeded for generate requests. Please retry in 21.4s."));
    assertEquals(Optional.empty(), RetryAfter.fromMessage("Quota exceeded."));
  }
}
