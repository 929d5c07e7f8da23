package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.testing.TestClocks;
import com.github.benmanes.caffeine.cache.Ticker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.ttapi.FakeTtapiServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console with only {@code TTAPI_API_KEY} and {@code TTAPI_BASE_URL} set (and the console user an admin,
 * since Midjourney is premium), aimed at the TTAPI fake.
 */
class MidjourneyEndToEndTest {
  @TempDir Path workDir;
  private final FakeTtapiServer ttapi = new FakeTtapiServer();

  @AfterEach
  void fakeSawOnlyCorrectCalls() {
    try {
      assertEquals(List.of(), ttapi.problems());
    } finally {
      ttapi.close();
    }
  }

  @Test
  void midjourneyOnly_progressShowsAndTheGridsFourPicturesArrive() throws Exception {
    ttapi.then(new FakeTtapiServer.Plays(List.of("PENDING_QUEUE", "ON_QUEUE:35", "ON_QUEUE:80", "SUCCESS")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String name = System.getProperty("user.name", "you").replaceAll("[^A-Za-z0-9_.-]", "");
    Map<String, String> env = Map.of("TTAPI_API_KEY", FakeProviderServer.KEY, "TTAPI_BASE_URL", ttapi.url().toString(),
        "IMAGEBOT_ADMINS", "console:" + (name.isEmpty() ? "you" : name));

    int exit = Main.run(workDir, env, new BufferedReader(new StringReader(
        "/generate lulu halloween --provider midjourney --n 4\n")), false,
        new PrintStream(bytes, true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker());

    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);
    assertTrue(output.contains("midjourney accepted the job"), output);
    assertTrue(output.contains("midjourney: 35%") && output.contains("midjourney: 80%"), output);
    assertTrue(output.contains("Midjourney (TTAPI)"), output);
    assertEquals(1, ttapi.calls().size());
    String[] pictures = workDir.resolve("var/out").toFile().list();
    assertEquals(4, pictures == null ? 0 : pictures.length);
  }

  @Test
  @Timeout(60)
  void withWebhooks_ttapisCallEndsTheJob_whileFetchesStillSayItRuns() throws Exception {
    ttapi.then(new FakeScenario.Hooked(true));
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String name = System.getProperty("user.name", "you").replaceAll("[^A-Za-z0-9_.-]", "");
    Map<String, String> env = Map.of("TTAPI_API_KEY", FakeProviderServer.KEY, "TTAPI_BASE_URL", ttapi.url().toString(),
        "IMAGEBOT_ADMINS", "console:" + (name.isEmpty() ? "you" : name),
        "IMAGEBOT_HOOK_URL", "http://127.0.0.1:" + port + "/hooks", "IMAGEBOT_HOOK_PORT", Integer.toString(port));

    int exit = Main.run(workDir, env, new BufferedReader(new StringReader(
        "/generate lulu halloween --provider midjourney --n 4\n")), false,
        new PrintStream(bytes, true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker());

    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);
    assertEquals(List.of(200), ttapi.hookAnswers(1));
    String[] pictures = workDir.resolve("var/out").toFile().list();
    assertEquals(4, pictures == null ? 0 : pictures.length, output);
  }

  @Test
  void plainHttpHookUrl_configurationErrorNamingIt() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.run(workDir, Map.of("TTAPI_API_KEY", FakeProviderServer.KEY, "IMAGEBOT_HOOK_URL",
          "http://bot.example.org/hooks"), new BufferedReader(new StringReader("")), false,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker());
    } finally {
      System.setErr(saved);
    }
    assertEquals(2, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("IMAGEBOT_HOOK_URL: must be an https URL"), err::toString);
  }

  private String run(Map<String, String> extraEnv, String input) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String name = System.getProperty("user.name", "you").replaceAll("[^A-Za-z0-9_.-]", "");
    Map<String, String> env = new HashMap<>(Map.of("TTAPI_API_KEY", FakeProviderServer.KEY, "TTAPI_BASE_URL",
        ttapi.url().toString(), "IMAGEBOT_ADMINS", "console:" + (name.isEmpty() ? "you" : name)));
    env.putAll(extraEnv);
    int exit = Main.run(workDir, env, new BufferedReader(new StringReader(input)), false,
        new PrintStream(bytes, true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker());
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);
    return output;
  }

  /** A configuration file giving Lulu a reference sheet URL (the built-in catalog has none). */
  private Map<String, String> luluWithAReference() throws Exception {
    Files.writeString(workDir.resolve("bot.yaml"), """
        catalog:
          characters:
            lulu:
              name: Lulu Pig
              description: Lulu Pig, a round pink cartoon pig
              reference_url: https://cdn.example.org/refs/lulu-sheet.png
        """);
    return Map.of("IMAGEBOT_CONFIG", "bot.yaml", "TTAPI_CREF_WEIGHT", "40");
  }

  @Test
  void characterWithAReferenceUrl_promptEndsWithCrefAndTheConfiguredWeight() throws Exception {
    run(luluWithAReference(), "/generate lulu halloween --provider midjourney --n 4\n");

    assertEquals(1, ttapi.calls().size());
    String prompt = new ObjectMapper().readTree(ttapi.calls().get(0).getBody().utf8()).path("prompt").asText();
    assertTrue(prompt.startsWith("Lulu Pig, a round pink cartoon pig, a cosy Halloween night"), prompt);
    assertTrue(prompt.endsWith(" --v 6.1 --cref https://cdn.example.org/refs/lulu-sheet.png --cw 40"), prompt);
  }

  @Test
  void referenceLinkMidjourneyCannotFetch_permanentFailureNamingTheReferenceUrl() throws Exception {
    ttapi.then(new FakeTtapiServer.Failed("[Invalid link!] https://cdn.example.org/refs/lulu-sheet.png"));

    String output = run(luluWithAReference(), "/generate lulu halloween --provider midjourney --n 4\n");

    assertTrue(output.contains("misconfigured (check the character's reference_url)"), output);
    assertTrue(output.contains("trying again will not help until an admin fixes that"), output);
    assertEquals(1, ttapi.calls().size(), "a permanent failure is not retried");
    String[] pictures = workDir.resolve("var/out").toFile().list();
    assertEquals(0, pictures == null ? 0 : pictures.length);
  }
}
