package io.rolemarket.imagebot.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpErrors;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import io.rolemarket.imagebot.providers.http.RetryAfter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Google's error body ({@code {"error": {code, message, status, details}}}) as provider failures. Stateless. */
final class GeminiErrors {
  private static final Set<String> SAFETY = Set.of("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT",
      "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_RECITATION");

  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final Clock clock;

  GeminiErrors(ObjectMapper json, Endpoint endpoint, Clock clock) {
    this.json = json;
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /** Whether a {@code finishReason} means the image was withheld for its content. */
  static boolean isSafety(String finishReason) {
    return SAFETY.contains(finishReason);
  }

  ProviderFailure failure(HttpExchange.Answer answer) {
    JsonNode error = parse(answer).path("error");
    String status = error.path("status").asText("");
    String message = HttpErrors.redact(HttpExchange.excerpt(error.path("message").asText(""), 200), endpoint.key());
    String words = message.isEmpty() ? "" : ": " + message;
    String setting = endpoint.keySetting();
    if (status.equals("FAILED_PRECONDITION") || message.contains("location is not supported")) {
      return new ProviderFailure.RegionUnavailable(GeminiProvider.LABEL + " is not available from this location"
          + words);
    }
    if (answer.code() == 401 || answer.code() == 403 || hasReason(error, "API_KEY_INVALID")) {
      return new ProviderFailure.Permanent(GeminiProvider.LABEL + " refused the key (HTTP " + answer.code()
          + (status.isEmpty() ? "" : " " + status) + "); check " + setting + words, setting);
    }
    if (answer.code() == 429) {
      if (message.contains("limit: 0")) {
        return new ProviderFailure.OutOfCredit(GeminiProvider.LABEL + " has no quota for this model; enable billing "
            + "for the project of " + setting + words, setting);
      }
      Duration wait = retryDelay(error)
          .or(() -> RetryAfter.fromMessage(message))
          .or(() -> RetryAfter.fromHeaders(answer.headers(), clock))
          .orElse(HttpErrors.DEFAULT_RATE_LIMIT_WAIT);
      return new ProviderFailure.RateLimited(GeminiProvider.LABEL + " quota exhausted (RESOURCE_EXHAUSTED), wait "
          + wait.toMillis() + " ms", wait);
    }
    if (answer.code() == 404) {
      return new ProviderFailure.Permanent(GeminiProvider.LABEL + " does not know the model (HTTP 404 NOT_FOUND)"
          + words, "");
    }
    return HttpErrors.byStatus(answer, GeminiProvider.LABEL, endpoint, message, clock);
  }

  private java.util.Optional<Duration> retryDelay(JsonNode error) {
    for (JsonNode detail : error.path("details")) {
      if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
        return RetryAfter.fromGoogleDelay(detail.path("retryDelay").asText(null));
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean hasReason(JsonNode error, String reason) {
    for (JsonNode detail : error.path("details")) {
      if (detail.path("reason").asText("").equals(reason)) {
        return true;
      }
    }
    return error.path("message").asText("").contains("API key not valid");
  }

  private JsonNode parse(HttpExchange.Answer answer) {
    try {
      JsonNode root = json.readTree(answer.body());
      return root == null ? json.createObjectNode() : root;
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }
}
