package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.BotMetrics;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Counts Discord's 429s and the wait each asks for ({@code Retry-After}, seconds) on the way back to JDA, which
 * waits them out itself. Stateless and safe for concurrent use.
 */
final class PlatformRateLimits implements Interceptor {
  private final BotMetrics metrics;

  PlatformRateLimits(BotMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    if (response.code() == 429) {
      metrics.platformRateLimited("discord", retryAfter(response.header("Retry-After")));
    }
    return response;
  }

  /** The header's seconds (Discord may send a fraction); zero when it is missing or not a number. */
  static Duration retryAfter(@Nullable String header) {
    if (header == null) {
      return Duration.ZERO;
    }
    try {
      double seconds = Double.parseDouble(header.strip());
      return seconds > 0 && seconds < 1e9 ? Duration.ofMillis(Math.round(seconds * 1000)) : Duration.ZERO;
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }
}
