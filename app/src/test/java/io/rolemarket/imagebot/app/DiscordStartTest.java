package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.testing.TestClocks;
import com.github.benmanes.caffeine.cache.Ticker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Main with DISCORD_BOT_TOKEN set starts the Discord adapter; a refused token ends the process clearly. */
class DiscordStartTest {
  private static final String TOKEN = "refused-discord-token.QUJD.ZGVm";

  @TempDir Path workDir;

  @Test
  void discordRefusesTheToken_exitCode1_namesTheSettings_neverTheToken() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int exit;
    try (MockWebServer discord = new MockWebServer()) {
      discord.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
          .body("{\"message\": \"401: Unauthorized\", \"code\": 0}").build());
      discord.start(InetAddress.getLoopbackAddress(), 0);
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = Main.run(workDir, Map.of("DISCORD_BOT_TOKEN", TOKEN, "DISCORD_API_URL",
              discord.url("/api/v10/").toString(), "DISCORD_GATEWAY_URL", "ws://127.0.0.1:1/gateway"),
          new BufferedReader(new StringReader("")), false,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker());
      RecordedRequest login = discord.takeRequest();
      assertEquals("/api/v10/users/@me", login.getUrl().encodedPath());
      assertEquals("Bot " + TOKEN, login.getHeaders().get("Authorization"));
    } finally {
      System.setErr(saved);
    }
    String logged = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, exit, logged);
    assertTrue(logged.contains("Discord refused to start (check DISCORD_BOT_TOKEN"), logged);
    assertFalse(logged.contains(TOKEN), "the token leaked");
  }
}
