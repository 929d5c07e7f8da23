package io.rolemarket.imagebot.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The failure an HTTP error status means when the provider's body says nothing more specific: 401/403
 * permanent naming the key's setting, 402 out of credit, 429 rate-limited with the provider's wait, 408
 * and 5xx transient, other statuses permanent. Messages carry the provider's own words, cut short and
 * with the key blanked out. Stateless.
 */
public final class HttpErrors {
  /** The wait assumed when a 429 does not say how long. */
  public static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(5);

  private HttpErrors() {}

  /**
   * The failure for {@code answer}, a non-2xx answer.
   *
   * @param label the provider's name, such as {@code Hugging Face}
   * @param endpoint where the call went: names the key's setting and holds the key to blank out
   * @param detail the provider's error text from the body, or empty
   */
  public static ProviderFailure byStatus(HttpExchange.Answer answer, String label, Endpoint endpoint, String detail,
      Clock clock) {
    int code = answer.code();
    String words = detail.isBlank() ? "" : ": " + redact(HttpExchange.excerpt(detail, 200), endpoint.key());
    String setting = endpoint.keySetting();
    if (code == 401 || code == 403) {
      return new ProviderFailure.Permanent(label + " refused the credentials (HTTP " + code + "); check "
          + setting + words, setting);
    }
    if (code == 402) {
      return new ProviderFailure.OutOfCredit(label + " account is out of credit (HTTP 402); top up the account of "
          + setting + words, setting);
    }
    if (code == 429) {
      Duration wait = RetryAfter.fromHeaders(answer.headers(), clock).orElse(DEFAULT_RATE_LIMIT_WAIT);
      return new ProviderFailure.RateLimited(label + " rate limit (HTTP 429), wait " + wait.toMillis() + " ms" + words,
          wait);
    }
    if (code == 408 || code >= 500) {
      return new ProviderFailure.Transient(label + " server error (HTTP " + code + ")" + words,
          RetryAfter.fromHeaders(answer.headers(), clock).orElse(null));
    }
    return new ProviderFailure.Permanent(label + " rejected the request (HTTP " + code + ")" + words, "");
  }

  /**
   * The error text in a body: {@code {"error": "..."}}, {@code {"error": ["..."]}}, {@code {"error":
   * {"message": ...}}}, {@code {"errors": [{"message": ...}]}}, {@code {"detail": ...}}, or short plain
   * text; empty for HTML and anything else.
   */
  public static String detail(ObjectMapper json, HttpExchange.Answer answer) {
    String text = answer.text().strip();
    if (text.startsWith("{")) {
      try {
        JsonNode root = json.readTree(text);
        JsonNode error = root.path("error");
        if (error.isTextual()) {
          return error.asText();
        }
        if (error.isArray() && !error.isEmpty()) {
          return error.get(0).asText();
        }
        if (error.isObject()) {
          return error.path("message").asText("");
        }
        if (root.path("errors").isArray() && !root.path("errors").isEmpty()) {
          return root.path("errors").get(0).path("message").asText("");
        }
        return root.path("detail").asText("");
      } catch (IOException e) {
        return "";
      }
    }
    boolean plain = !text.startsWith("<") && text.length() <= 500;
    return plain ? text : "";
  }

  /** {@code text} with every occurrence of {@code secret} replaced; unchanged when the secret is short. */
  public static String redact(String text, String secret) {
    return secret.length() < 4 ? text : text.replace(secret, "[redacted]");
  }
}
