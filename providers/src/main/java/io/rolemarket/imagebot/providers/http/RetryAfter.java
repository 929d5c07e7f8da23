package io.rolemarket.imagebot.providers.http;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads how long a provider asks us to wait: {@code retry-after-ms} (OpenAI), {@code Retry-After} in
 * seconds or as an HTTP date, the IETF draft {@code RateLimit: ...;t=55} (Hugging Face), Google's
 * {@code retryDelay: "21s"} and its "Please retry in 21.4s" message. Stateless.
 */
public final class RetryAfter {
  private static final Pattern RATE_LIMIT_T = Pattern.compile("(?:^|;)\\s*t=(\\d+)");
  private static final Pattern GOOGLE_DELAY = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)s\\s*$");
  private static final Pattern RETRY_IN = Pattern.compile("retry in (\\d+(?:\\.\\d+)?)\\s*(ms|s)", Pattern.CASE_INSENSITIVE);

  private RetryAfter() {}

  /** The wait the headers ask for, most precise first; nothing when they do not say. */
  public static Optional<Duration> fromHeaders(Headers headers, Clock clock) {
    Optional<Duration> millis = number(headers.get("retry-after-ms")).map(ms -> Duration.ofMillis((long) Math.ceil(ms)));
    if (millis.isPresent()) {
      return millis;
    }
    String retryAfter = headers.get("Retry-After");
    if (retryAfter != null) {
      Optional<Duration> seconds = number(retryAfter).map(RetryAfter::ofSeconds);
      if (seconds.isPresent()) {
        return seconds;
      }
      try {
        ZonedDateTime when = ZonedDateTime.parse(retryAfter.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), when.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException e) {
        // neither seconds nor a date: fall through to the other headers
      }
    }
    String rateLimit = headers.get("RateLimit");
    if (rateLimit != null) {
      Matcher t = RATE_LIMIT_T.matcher(rateLimit);
      if (t.find()) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(t.group(1))));
      }
    }
    return Optional.empty();
  }

  /** Google's {@code google.rpc.RetryInfo.retryDelay}, such as {@code "21s"} or {@code "1.5s"}. */
  public static Optional<Duration> fromGoogleDelay(@Nullable String delay) {
    if (delay == null) {
      return Optional.empty();
    }
    Matcher matcher = GOOGLE_DELAY.matcher(delay);
    return matcher.matches() ? Optional.of(ofSeconds(Double.parseDouble(matcher.group(1)))) : Optional.empty();
  }

  /** A wait written in an error message, such as "Please retry in 21.4s." or "retry in 500ms". */
  public static Optional<Duration> fromMessage(@Nullable String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher matcher = RETRY_IN.matcher(message);
    if (!matcher.find()) {
      return Optional.empty();
    }
    double amount = Double.parseDouble(matcher.group(1));
    return Optional.of(matcher.group(2).equalsIgnoreCase("ms")
        ? Duration.ofMillis((long) Math.ceil(amount)) : ofSeconds(amount));
  }

  private static Duration ofSeconds(double seconds) {
    return Duration.ofMillis((long) Math.ceil(seconds * 1000));
  }

  private static Optional<Double> number(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      double value = Double.parseDouble(text.strip());
      return value >= 0 && Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
