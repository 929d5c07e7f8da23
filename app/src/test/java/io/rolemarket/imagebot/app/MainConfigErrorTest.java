package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main#run} on bad configuration: exit code 2 and one line naming the setting, before any platform or
 * provider is called (so these tests reach no service, and a token set alongside is never used).
 */
class MainConfigErrorTest {
  private static final String TOKEN = "123456:telegram-token-value";
  private static final String WEBHOOK_SECRET = "webhook_secret_value";

  @TempDir Path workDir;

  /** Runs the bot on {@code env} and returns what it printed on standard error, after checking it exited with 2. */
  private String refused(Map<String, String> env) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit = Main.run(workDir, env, new BufferedReader(new StringReader("")), false,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TestClocks.FIXED,
          Ticker.systemTicker());
    } finally {
      System.setErr(saved);
    }
    String printed = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals(2, exit, printed);
    assertFalse(printed.contains(TOKEN) || printed.contains(WEBHOOK_SECRET), "a secret leaked: " + printed);
    assertFalse(Files.exists(workDir.resolve("var")), "nothing was opened");
    return printed;
  }

  private static Map<String, String> telegramWebhook(String name, String value) {
    Map<String, String> env = new HashMap<>(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_WEBHOOK_URL",
        "https://bot.example.org/telegram", "TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET));
    env.put(name, value);
    return env;
  }

  @Test
  void badTelegramWebhookPort_exit2NamingIt() throws Exception {
    assertEquals("configuration error: TELEGRAM_WEBHOOK_PORT: expected a port number from 0 to 65535, got \"eighty\"",
        refused(telegramWebhook("TELEGRAM_WEBHOOK_PORT", "eighty")));
  }

  @Test
  void badTelegramWebhookSecret_exit2NamingItNeverItsValue() throws Exception {
    assertEquals("configuration error: TELEGRAM_WEBHOOK_SECRET: expected 1 to 256 of A-Z a-z 0-9 _ - "
        + "(the value is not shown)", refused(telegramWebhook("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET + "!")));
  }

  @Test
  void badDiscordShards_exit2NamingIt() throws Exception {
    assertEquals("configuration error: DISCORD_SHARDS: expected a whole number from 1, got \"0\"",
        refused(Map.of("DISCORD_BOT_TOKEN", TOKEN, "DISCORD_SHARDS", "0")));
  }

  @Test
  void clipModelMissing_exit2NamingTheFile() throws Exception {
    assertEquals("configuration error: IMAGEBOT_CLIP_MODEL: CLIP model " + workDir.resolve("models/clip.onnx")
        + " does not exist", refused(Map.of("IMAGEBOT_CLIP_MODEL", "models/clip.onnx")));
  }

  @Test
  void clipModelNotOnnx_exit2NamingTheFile() throws Exception {
    Files.writeString(workDir.resolve("vision_model.onnx"), "<html>404 Not Found</html>\n");
    assertEquals("configuration error: IMAGEBOT_CLIP_MODEL: CLIP model " + workDir.resolve("vision_model.onnx")
        + " is not an ONNX model that ONNX Runtime can load",
        refused(Map.of("IMAGEBOT_CLIP_MODEL", "vision_model.onnx")));
  }

  @Test
  void badHookPort_exit2NamingIt() throws Exception {
    assertEquals("configuration error: IMAGEBOT_HOOK_PORT: expected a port number from 0 to 65535, got \"x\"",
        refused(Map.of("IMAGEBOT_HOOK_PORT", "x")));
  }

  @Test
  void badNumber_exit2NamingIt() throws Exception {
    assertEquals("configuration error: IMAGEBOT_BUDGET_USD: expected an amount of dollars from 0 such as 50, "
        + "got \"$50\"", refused(Map.of("IMAGEBOT_BUDGET_USD", "$50")));
  }

  @Test
  void badWebPort_exit2NamingIt() throws Exception {
    assertEquals("configuration error: IMAGEBOT_WEB_PORT: expected a port number from 0 to 65535, got \"web\"",
        refused(Map.of("IMAGEBOT_WEB_PORT", "web")));
  }

  @Test
  void webUrlWithAPath_exit2NamingIt() throws Exception {
    assertEquals("configuration error: IMAGEBOT_WEB_URL: the web address must be the root of its host (the pages "
        + "link to /library, /design/...), such as https://library.example.com/, was https://example.org/library",
        refused(Map.of("IMAGEBOT_WEB_PORT", "8080", "IMAGEBOT_WEB_URL", "https://example.org/library")));
  }

  @Test
  void webUrlNotHttp_exit2NamingIt() throws Exception {
    assertTrue(refused(Map.of("IMAGEBOT_WEB_PORT", "8080", "IMAGEBOT_WEB_URL", "ftp://example.org/"))
        .startsWith("configuration error: IMAGEBOT_WEB_URL: the web address must be an http or https URL"));
  }

  @Test
  void webUrlWithoutAPort_exit2NamingBoth() throws Exception {
    assertEquals("configuration error: IMAGEBOT_WEB_URL is set but IMAGEBOT_WEB_PORT is not: set the port to turn "
        + "the web library on, or unset the URL", refused(Map.of("IMAGEBOT_WEB_URL", "https://example.org/")));
  }

  @Test
  void webLinkLifetimeOutOfRange_exit2NamingIt() throws Exception {
    assertEquals("configuration error: IMAGEBOT_WEB_LINK_MINUTES: expected a whole number from 1 to 60, got \"90\"",
        refused(Map.of("IMAGEBOT_WEB_PORT", "8080", "IMAGEBOT_WEB_LINK_MINUTES", "90")));
  }

  @Test
  void badDuration_exit2NamingIt() throws Exception {
    assertEquals("configuration error: IMAGEBOT_JOB_REQUEST_DEADLINE_SECONDS: expected a whole number from 1, "
        + "got \"10m\"", refused(Map.of("IMAGEBOT_JOB_REQUEST_DEADLINE_SECONDS", "10m")));
  }

  @Test
  void badId_exit2NamingIt() throws Exception {
    assertEquals("configuration error: DISCORD_GUILD_ID: expected a server id such as 123456789012345678, "
        + "got \"my server\"", refused(Map.of("DISCORD_BOT_TOKEN", TOKEN, "DISCORD_GUILD_ID", "my server")));
  }

  @Test
  void badUrl_exit2NamingIt() throws Exception {
    assertEquals("configuration error: HF_BASE_URL: expected an http:// or https:// URL (the value is not shown)",
        refused(Map.of("HF_TOKEN", TOKEN, "HF_BASE_URL", "router.example.org")));
  }

  @Test
  void badUserKey_exit2NamingIt() throws Exception {
    assertEquals("configuration error: IMAGEBOT_ADMINS: expected user keys such as telegram:42, got \"@alice\"",
        refused(Map.of("IMAGEBOT_ADMINS", "@alice")));
  }

  @Test
  void yamlWrongType_exit2NamingThePath() throws Exception {
    Files.writeString(workDir.resolve("bot.yaml"), "quota:\n  user:\n    daily: \"ten\"\n");
    assertEquals("configuration error: quota.user.daily: expected a whole number, got \"ten\"",
        refused(Map.of("IMAGEBOT_CONFIG", "bot.yaml")));
  }

  @Test
  void yamlUnknownKey_exit2NamingThePath() throws Exception {
    Files.writeString(workDir.resolve("bot.yaml"), "cache: {max_mb: 16, expire_days: 1}\n");
    assertEquals("configuration error: cache.expire_days: unknown key; known here: expire_hours, max_mb",
        refused(Map.of("IMAGEBOT_CONFIG", "bot.yaml")));
  }
}
