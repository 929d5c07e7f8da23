package io.rolemarket.imagebot.providers.ttapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpErrors;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * TTAPI's refusals as the core's failures. Job messages: prompt moderation ({@code [Banned prompt
 * detected]}, "action needed") is content-rejected at once; a reference picture refused or not fetchable
 * ({@code [Image denied]}, {@code [Invalid link!]}) is permanent for that request alone, naming the
 * character's {@code reference_url}; a bad flag is permanent; {@code Job Timeout} and the rest are
 * transient. HTTP: 400 is permanent, 499 (no free queue slot) transient with a 10 s hint, the others by
 * status. Messages never carry the key. Stateless.
 */
final class MidjourneyFailures {
  private static final String LABEL = MidjourneyProvider.LABEL;
  private static final String REFERENCE_SETTING = "the character's reference_url";

  private MidjourneyFailures() {}

  /** A finished job's {@code message} as a failure. */
  static ProviderFailure ofJob(String message, Endpoint endpoint) {
    String words = HttpErrors.redact(HttpExchange.excerpt(message, 200), endpoint.key());
    String lower = words.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[image denied")) {
      return new ProviderFailure.Permanent(LABEL + " moderation refused the character's reference picture (--cref): "
          + words, REFERENCE_SETTING, true);
    }
    if (lower.startsWith("[banned prompt") || lower.contains("action needed")) {
      return new ProviderFailure.ContentRejected(LABEL + " moderation refused the job: " + words);
    }
    if (lower.startsWith("[invalid link")) {
      return new ProviderFailure.Permanent(LABEL + " could not fetch the character's reference image (--cref link): "
          + words, REFERENCE_SETTING, true);
    }
    if (lower.startsWith("[invalid parameter")) {
      return new ProviderFailure.Permanent(LABEL + " refused the job's parameters: " + words, "");
    }
    return new ProviderFailure.Transient(LABEL + " job failed" + (words.isEmpty() ? "" : ": " + words), null);
  }

  /** A refused call (submit, action or fetch) with its envelope (empty when the body was not JSON). */
  static ProviderFailure ofAnswer(HttpExchange.Answer answer, JsonNode envelope, Endpoint endpoint, Clock clock) {
    String message = envelope.path("message").asText("");
    if (answer.ok()) {
      return message.isEmpty() ? new ProviderFailure.Transient(LABEL + " answered malformed JSON", null)
          : ofJob(message, endpoint);
    }
    if (answer.code() == 400) {
      ProviderFailure refused = ofJob(message, endpoint);
      return refused instanceof ProviderFailure.Transient
          ? new ProviderFailure.Permanent(LABEL + " rejected the request (HTTP 400): " + refused.message(), "")
          : refused;
    }
    if (answer.code() == 499) {
      return new ProviderFailure.Transient(LABEL + " has no free queue slot (HTTP 499)", Duration.ofSeconds(10));
    }
    return HttpErrors.byStatus(answer, LABEL, endpoint, answer.code() == 401 ? "" : message, clock);
  }
}
