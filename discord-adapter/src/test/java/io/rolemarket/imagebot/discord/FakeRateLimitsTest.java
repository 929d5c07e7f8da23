package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The loopback Discord's rate-limit referee, on a fake clock. */
class FakeRateLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long EPOCH_MILLIS = 1_767_225_600_000L;

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final FakeRateLimits limits = new FakeRateLimits(nanos::get, () -> EPOCH_MILLIS);

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void channelMessages_sixthInFiveSeconds_is429ForTheRestOfTheWindow() throws Exception {
    for (int i = 0; i < 5; i++) {
      var allowed = assertInstanceOf(FakeRateLimits.Verdict.Allowed.class,
          limits.admit("POST", "channels/1300000000000000002/messages"));
      assertEquals(Integer.toString(4 - i), allowed.headers().get("X-RateLimit-Remaining"));
      assertEquals("channel-messages", allowed.headers().get("X-RateLimit-Bucket"));
    }
    advance(Duration.ofMillis(1_500));

    MockResponse refused = assertInstanceOf(FakeRateLimits.Verdict.Refused.class,
        limits.admit("POST", "channels/1300000000000000002/messages")).response();
    assertEquals(429, refused.getCode());
    assertEquals("user", refused.getHeaders().get("X-RateLimit-Scope"));
    assertEquals("4", refused.getHeaders().get("Retry-After"), "whole seconds, rounded up");
    assertEquals("3.500", refused.getHeaders().get("X-RateLimit-Reset-After"));
    assertEquals("1767225603.500", refused.getHeaders().get("X-RateLimit-Reset"));
    assertEquals("1.1 google", refused.getHeaders().get("Via"), "else JDA takes it for a Cloudflare ban");
    Buffer written = new Buffer();
    refused.getBody().writeTo(written);
    JsonNode body = JSON.readTree(written.readUtf8());
    assertEquals(3.5, body.path("retry_after").asDouble(), body.toString());
    assertEquals(false, body.path("global").asBoolean());
    assertInstanceOf(FakeRateLimits.Verdict.Allowed.class,
        limits.admit("POST", "channels/1300000000000000003/messages"), "another channel has a bucket of its own");

    advance(Duration.ofMillis(3_500));
    assertInstanceOf(FakeRateLimits.Verdict.Allowed.class,
        limits.admit("POST", "channels/1300000000000000002/messages"), "a new window");
    assertEquals(1, limits.refused().size(), limits.refused().toString());
  }

  @Test
  void interactionToken_webhookRoutesShareOneBucket_otherTokensAreApart() {
    for (String method : new String[] {"PATCH", "POST", "DELETE", "POST", "PATCH"}) {
      assertInstanceOf(FakeRateLimits.Verdict.Allowed.class, limits.admit(method,
          method.equals("POST") ? "webhooks/1100000000000000001/itoken-1"
              : "webhooks/1100000000000000001/itoken-1/messages/@original"));
    }

    assertInstanceOf(FakeRateLimits.Verdict.Refused.class,
        limits.admit("POST", "webhooks/1100000000000000001/itoken-1"));
    assertInstanceOf(FakeRateLimits.Verdict.Allowed.class,
        limits.admit("POST", "webhooks/1100000000000000001/itoken-2"));
    advance(Duration.ofSeconds(2));
    assertInstanceOf(FakeRateLimits.Verdict.Allowed.class,
        limits.admit("POST", "webhooks/1100000000000000001/itoken-1"));
  }

  @Test
  void global_fiftyOneBotCallsInASecond_lastIsGlobal429_interactionsAreExempt() throws Exception {
    for (int channel = 0; channel < FakeRateLimits.GLOBAL_PER_SECOND; channel++) {
      assertInstanceOf(FakeRateLimits.Verdict.Allowed.class,
          limits.admit("POST", "channels/13000000000000" + (10000 + channel) + "/messages"));
    }

    MockResponse refused = assertInstanceOf(FakeRateLimits.Verdict.Refused.class,
        limits.admit("POST", "channels/1300000000000099999/messages")).response();
    assertEquals("true", refused.getHeaders().get("X-RateLimit-Global"));
    assertEquals("global", refused.getHeaders().get("X-RateLimit-Scope"));
    for (int token = 0; token < 60; token++) {
      assertInstanceOf(FakeRateLimits.Verdict.Allowed.class,
          limits.admit("POST", "interactions/17000000000000" + (10000 + token) + "/itoken-" + token + "/callback"),
          "interaction callbacks are not under the global limit");
    }
    advance(Duration.ofSeconds(1));
    assertInstanceOf(FakeRateLimits.Verdict.Allowed.class,
        limits.admit("POST", "channels/1300000000000099999/messages"));
  }
}
