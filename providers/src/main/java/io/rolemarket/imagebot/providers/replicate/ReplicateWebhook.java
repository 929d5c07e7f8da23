package io.rolemarket.imagebot.providers.replicate;

import io.rolemarket.imagebot.providers.hook.HookCheck;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a webhook call really comes from Replicate: the HMAC-SHA256 of
 * {@code {webhook-id}.{webhook-timestamp}.{raw body}} under the account's signing secret ({@code whsec_...},
 * from {@code GET /v1/webhooks/default/secret}) must match one of the {@code v1,<base64>} entries of
 * {@code webhook-signature}, and the timestamp must be recent. Refusals are logged without the secret.
 * Safe for concurrent use.
 */
public final class ReplicateWebhook implements HookCheck {
  /** How far a timestamp may be from now before the call is refused as a replay. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(ReplicateWebhook.class);

  private final SecretKeySpec key;
  private final Duration tolerance;
  private final Clock clock;

  private ReplicateWebhook(byte[] key, Duration tolerance, Clock clock) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * A verifier for the signing secret {@code secret}.
   *
   * @throws IllegalArgumentException when the secret is not {@code whsec_} and base64
   */
  public static ReplicateWebhook of(String secret, Duration tolerance, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    String encoded = secret.strip().startsWith("whsec_") ? secret.strip().substring("whsec_".length()) : secret.strip();
    try {
      byte[] key = Base64.getDecoder().decode(encoded);
      if (key.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return new ReplicateWebhook(key, tolerance, clock);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Replicate webhook secret must be whsec_ followed by base64", e);
    }
  }

  /**
   * Whether the call with these headers and this raw body is Replicate's.
   *
   * @param webhookId the {@code webhook-id} header
   * @param timestamp the {@code webhook-timestamp} header, Unix seconds
   * @param signatures the {@code webhook-signature} header: space-separated {@code v1,<base64>} entries
   */
  public boolean verify(@Nullable String webhookId, @Nullable String timestamp, @Nullable String signatures,
      byte[] body) {
    if (webhookId == null || timestamp == null || signatures == null) {
      log.warn("Replicate webhook refused: signature headers missing");
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      log.warn("Replicate webhook {} refused: timestamp is not a number", webhookId);
      return false;
    }
    Duration age = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
    if (age.compareTo(tolerance) > 0) {
      log.warn("Replicate webhook {} refused: timestamp {} s away from now", webhookId, age.toSeconds());
      return false;
    }
    byte[] expected = sign(webhookId + "." + timestamp.strip() + ".", body);
    for (String entry : signatures.strip().split("\\s+")) {
      int comma = entry.indexOf(',');
      if (comma > 0 && entry.substring(0, comma).equals("v1")) {
        try {
          if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(comma + 1)))) {
            return true;
          }
        } catch (IllegalArgumentException e) {
          // not base64: try the next entry
        }
      }
    }
    log.warn("Replicate webhook {} refused: no signature matches", webhookId);
    return false;
  }

  @Override
  public boolean verify(Function<String, @Nullable String> header, byte[] body) {
    return verify(header.apply("webhook-id"), header.apply("webhook-timestamp"), header.apply("webhook-signature"), body);
  }

  private byte[] sign(String prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(prefix.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
