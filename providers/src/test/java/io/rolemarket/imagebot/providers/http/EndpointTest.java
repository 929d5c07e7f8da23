package io.rolemarket.imagebot.providers.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointTest {
  @Test
  void toString_neverShowsTheKeyOrUrlPassword() {
    Endpoint endpoint = Endpoint.of("http://user:pa55word@127.0.0.1:7860", "sk-very-secret", "OPENAI_API_KEY",
        Duration.ofSeconds(5));
    assertFalse(endpoint.toString().contains("sk-very-secret"), endpoint.toString());
    assertFalse(endpoint.toString().contains("pa55word"), endpoint.toString());
    assertTrue(endpoint.toString().contains("OPENAI_API_KEY set"), endpoint.toString());
  }

  @Test
  void resolve_keepsTheBasePathAndColons() {
    Endpoint endpoint = Endpoint.of("http://127.0.0.1:1/proxy/", "", "X", Duration.ofSeconds(5));
    assertEquals("http://127.0.0.1:1/proxy/v1beta/models/gemini-2.5-flash-image:generateContent",
        endpoint.resolve("v1beta/models/gemini-2.5-flash-image:generateContent").toString());
  }

  @Test
  void redact_blanksTheKey() {
    assertEquals("bad token [redacted]", HttpErrors.redact("bad token sk-very-secret", "sk-very-secret"));
  }
}
