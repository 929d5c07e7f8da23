package io.rolemarket.imagebot.providers.replicate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Replicate's webhook signatures: the right one passes, a wrong, stale or missing one is refused. */
class ReplicateWebhookTest {
  private static final byte[] KEY = "lulu-pig-signing-key-0123456789ab".getBytes(StandardCharsets.UTF_8);
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
  private static final Instant NOW = Instant.parse("2026-08-20T10:16:47Z");
  private static final byte[] BODY = "{\"id\":\"p1\",\"status\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8);

  private final ReplicateWebhook webhook =
      ReplicateWebhook.of(SECRET, ReplicateWebhook.DEFAULT_TOLERANCE, Clock.fixed(NOW, ZoneOffset.UTC));

  private static String signature(String id, long timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  @Test
  void rightSignature_amongSeveral_passes() throws Exception {
    long at = NOW.getEpochSecond() - 10;
    String header = "v1,AAAA " + signature("msg_1", at, BODY);

    assertTrue(webhook.verify("msg_1", Long.toString(at), header, BODY));
  }

  @Test
  void changedBody_refused() throws Exception {
    long at = NOW.getEpochSecond();
    String header = signature("msg_1", at, BODY);

    assertFalse(webhook.verify("msg_1", Long.toString(at), header, "{\"id\":\"p2\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void staleTimestamp_refusedAsReplay() throws Exception {
    long at = NOW.getEpochSecond() - 3600;

    assertFalse(webhook.verify("msg_1", Long.toString(at), signature("msg_1", at, BODY), BODY));
  }

  @Test
  void missingOrJunkHeaders_refused() {
    assertFalse(webhook.verify(null, "1", "v1,x", BODY));
    assertFalse(webhook.verify("msg_1", "soon", "v1,x", BODY));
    assertFalse(webhook.verify("msg_1", Long.toString(NOW.getEpochSecond()), "v1,***", BODY));
  }

  @Test
  void secretNotBase64_refusedAtConstruction() {
    assertThrows(IllegalArgumentException.class,
        () -> ReplicateWebhook.of("whsec_***", ReplicateWebhook.DEFAULT_TOLERANCE, Clock.systemUTC()));
  }
}
