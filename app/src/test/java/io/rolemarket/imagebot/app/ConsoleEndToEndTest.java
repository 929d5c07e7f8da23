package io.rolemarket.imagebot.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole bot in this JVM with the console on piped input: real core, real SQLite, Sketch provider. */
class ConsoleEndToEndTest {
  @TempDir Path workDir;

  private String run(Map<String, String> env, String... lines) throws Exception {
    return ConsoleRun.run(workDir, env, lines);
  }

  private List<Path> pictures() throws Exception {
    try (Stream<Path> files = Files.list(workDir.resolve("var/out"))) {
      return files.sorted().toList();
    }
  }

  @Test
  void pipedRepeat_generatesOnceThenAnswersFromCache() throws Exception {
    String output = run(Map.of(), "/generate lulu halloween", "/generate lulu halloween");

    List<Path> pictures = pictures();
    assertEquals(2, pictures.size(), output);
    BufferedImage picture = ImageIO.read(pictures.get(0).toFile());
    assertTrue(picture.getWidth() >= 512 && picture.getHeight() >= 512);
    assertTrue(output.contains("wrote ./var/out/"), output);
    assertTrue(output.contains("Generating with Sketch (offline demo)"), output);
    List<String> captions = output.lines().filter(line -> line.contains("Lulu Pig · Halloween")).toList();
    assertEquals(2, captions.size(), output);
    assertFalse(captions.get(0).contains("cache hit"), output);
    assertTrue(captions.get(1).contains("from cache (free) [cache hit]"), output);
    assertTrue(Files.isRegularFile(workDir.resolve("var/imagebot.db")));
  }

  @Test
  void chineseTerminal_bannerWroteLinesAndCaptionsFromTheChineseBundle() throws Exception {
    String output = run(Map.of("IMAGEBOT_LANG", "zh-hk"), "/generate lulu 萬聖節", "/generate lulu halloween");

    assertTrue(output.startsWith("RoleMarket 繪圖機械人，終端機模式（未設定 TELEGRAM_BOT_TOKEN 或 DISCORD_BOT_TOKEN）。\n"
        + "輸入 /help，或 /generate lulu 萬聖節。圖片會存放在 ./var/out。"), output);
    assertEquals(2, output.lines().filter(line -> line.startsWith("  已寫入 ./var/out/")
        && line.endsWith("（1024×1024）")).count(), output);
    assertFalse(output.contains("wrote"), output);
    List<String> captions = output.lines().filter(line -> line.contains("Lulu Pig · 萬聖節（Halloween）")).toList();
    assertEquals(2, captions.size(), output);
    assertTrue(captions.get(1).endsWith("來自快取（免費） ［快取命中］"), output);
  }

  @Test
  void badInput_oneClearLineEachAndNothingCharged() throws Exception {
    String output = run(Map.of(),
        "/generate lullu halloween",
        "/generate lulu haloween",
        "/frobnicate",
        "/generate",
        "/generate lulu halloween --n 12",
        "/generate lulu hallo\u0001ween",
        "/quota");

    assertTrue(output.contains("no character 'lullu' — did you mean lulu?"), output);
    assertTrue(output.contains("no theme 'haloween' — did you mean halloween?"), output);
    assertTrue(output.contains("I don't know /frobnicate. Try /help."), output);
    assertTrue(output.contains("Tell me who and where: /generate <character> <theme>"), output);
    assertTrue(output.contains("--n must be 1..4, was 12."), output);
    assertTrue(output.contains("control characters"), output);
    assertTrue(output.contains("Quota (user): 0 of 25 images used today"), output);
    assertFalse(Files.exists(workDir.resolve("var/out")), "no picture for bad input");
  }

  @Test
  void quotaFromEnvironment_limitsAndSurvivesRestart() throws Exception {
    Map<String, String> env = Map.of("IMAGEBOT_QUOTA_DAILY", "1");
    run(env, "/generate lulu christmas");
    String output = run(env, "/generate lulu spring-festival", "/history");

    assertTrue(output.contains("Over quota: you asked for 1 image but have 0 left today."), output);
    assertTrue(output.contains("lulu christmas  1 image, sketch"), output);

    String resent = run(env, "/resend 1", "/resend 99", "/resend x");
    assertTrue(resent.contains("Lulu Pig · Christmas · Sketch (offline demo)"), resent);
    assertTrue(resent.contains("There is no picture #99 in your /history"), resent);
    assertTrue(resent.contains("Usage: /resend <number from /history>"), resent);
  }

  @Test
  void dotEnvFile_readButRealEnvironmentWins() throws Exception {
    Files.writeString(workDir.resolve(".env"), "IMAGEBOT_QUOTA_DAILY=3\nIMAGEBOT_OUT=pictures\n");
    String output = run(Map.of("IMAGEBOT_QUOTA_DAILY", "7"), "/generate lulu halloween", "/quota");

    assertTrue(output.contains("wrote ./pictures/"), output);
    assertTrue(output.contains("1 of 7 images used today"), output);
  }

  @Test
  void catalogOverride_addsACharacterTheSketchCanDraw() throws Exception {
    Files.writeString(workDir.resolve("bot.yaml"), """
        catalog:
          characters:
            bobo:
              name: Bobo Bear
              description: Bobo Bear, a chubby brown teddy bear
              sketch: {species: bear, color: "#A0522D"}
        """);
    String output = run(Map.of("IMAGEBOT_CONFIG", "bot.yaml"), "/characters", "/generate bobo christmas");

    assertTrue(output.contains("bobo — Bobo Bear"), output);
    assertTrue(output.contains("Bobo Bear · Christmas"), output);
    assertEquals(1, pictures().size());
  }

  @Test
  void stats_adminSeesSpendOthersAreTold() throws Exception {
    String me = "console:" + System.getProperty("user.name", "you").replaceAll("[^A-Za-z0-9_.-]", "");
    assertTrue(run(Map.of(), "/stats").contains("/stats is for admins."));
    String output = run(Map.of("IMAGEBOT_ADMINS", me, "IMAGEBOT_BUDGET_USD", "80"), "/generate lulu halloween", "/stats");
    assertTrue(output.contains("Spent this month: $0.00 of the $80.00 budget."), output);
  }

  @Test
  void badConfiguration_clearMessageAndExitCode2() throws Exception {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.run(workDir, Map.of("IMAGEBOT_QUOTA_DAILY", "lots"), new BufferedReader(new StringReader("")),
          false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker());
      assertEquals(2, exit);
    } finally {
      System.setErr(saved);
    }
    assertEquals("configuration error: IMAGEBOT_QUOTA_DAILY: expected a whole number from 0, got \"lots\"",
        err.toString(StandardCharsets.UTF_8).strip());
  }

  @Test
  void configFile_quotaPerRoleAndDeadlines_applied() throws Exception {
    Files.writeString(workDir.resolve("bot.yaml"), """
        quota:
          user: {daily: 1, monthly: 5}
        deadlines:
          midjourney: {silence_seconds: 120, total_seconds: 1800}
        cache: {max_mb: 16, expire_hours: 2}
        region: HK
        """);
    String output = run(Map.of("IMAGEBOT_CONFIG", "bot.yaml"), "/generate lulu halloween", "/generate lulu christmas",
        "/quota");
    assertTrue(output.contains("Over quota: you asked for 1 image but have 0 left today."), output);
    assertTrue(output.contains("Quota (user): 1 of 1 images used today, 1 of 5 this month."), output);
  }

  @Test
  void configFile_badDeadline_namesTheSetting() throws Exception {
    Files.writeString(workDir.resolve("bot.yaml"), "deadlines:\n  flux: {silence_seconds: 900, total_seconds: 60}\n");
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.run(workDir, Map.of("IMAGEBOT_CONFIG", "bot.yaml"), new BufferedReader(new StringReader("")),
          false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker()));
    } finally {
      System.setErr(saved);
    }
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("deadlines.flux: silence must be positive and at most total"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void review_submitVoteApprove_handsOffToTheApprovedFolder() throws Exception {
    String name = System.getProperty("user.name", "you").replaceAll("[^A-Za-z0-9_.-]", "");
    String me = "console:" + (name.isEmpty() ? "you" : name);
    Files.writeString(workDir.resolve("bot.yaml"), "review:\n  reviewers: [\"" + me + "\"]\n  approvals: 1\n");
    String output = run(Map.of("IMAGEBOT_CONFIG", "bot.yaml"),
        "/review submit 1",
        "/generate lulu halloween",
        "/review submit 1",
        "/review pending",
        "/review approve 1 lovely",
        "/review reject 1",
        "/review approved lulu",
        "/review show 1",
        "/review show 9");

    assertTrue(output.contains("There is no picture #1 in your /history"), output);
    assertTrue(output.contains("📤 Sent lulu halloween (picture #1) to the review queue as design #1."), output);
    assertTrue(output.contains("#1  lulu halloween  by " + me + "  ✅ 0 · ❌ 0 · ✏️ 0"), output);
    assertTrue(output.contains("Vote counted; design #1 is approved (1 approval)."), output);
    assertTrue(output.contains(me + " is told: Your design #1 (lulu halloween) was approved"), output);
    assertTrue(output.contains("Design #1 was already decided (approved); your vote changes nothing."), output);
    assertTrue(output.contains("Approved designs"), output);
    assertTrue(output.contains("✅ Approved (1 approval)"), output);
    assertTrue(output.contains("There is no design #9"), output);
    assertEquals(2, output.lines().filter(line -> line.contains("wrote ./var/out/")).count(),
        "the picture, and the picture shown again");
    Path folder = workDir.resolve("var/approved/lulu/halloween");
    assertTrue(Files.isRegularFile(folder.resolve("1.png")), output);
    String sidecar = Files.readString(folder.resolve("1.json"));
    assertTrue(sidecar.contains("\"provider\" : \"sketch\"") && sidecar.contains("lovely"), sidecar);
  }

  @Test
  void review_notAReviewer_cannotVote() throws Exception {
    String output = run(Map.of("IMAGEBOT_REVIEWERS", "telegram:42,telegram:43"),
        "/generate lulu halloween", "/review submit 1", "/review approve 1");
    assertTrue(output.contains("Only reviewers can vote."), output);
    assertFalse(Files.exists(workDir.resolve("var/approved")), output);
  }

  @Test
  void badReviewConfiguration_namesTheSettingAndExits2() throws Exception {
    Map<Map<String, String>, String> cases = Map.of(
        Map.of("IMAGEBOT_REVIEWERS", "telegram:42,alice"),
        "IMAGEBOT_REVIEWERS: expected user keys such as telegram:42, got \"alice\"",
        Map.of("TELEGRAM_REVIEW_CHAT_ID", "the-group"),
        "TELEGRAM_REVIEW_CHAT_ID: expected a chat id such as -1001234567890, got \"the-group\"",
        Map.of("DISCORD_REVIEW_CHANNEL_ID", "#design"),
        "DISCORD_REVIEW_CHANNEL_ID: expected a channel id such as 1300000000000000002, got \"#design\"");
    for (var entry : cases.entrySet()) {
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      java.io.PrintStream saved = System.err;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        assertEquals(2, Main.run(workDir, entry.getKey(), new BufferedReader(new StringReader("")), false,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker()));
      } finally {
        System.setErr(saved);
      }
      assertEquals("configuration error: " + entry.getValue(), err.toString(StandardCharsets.UTF_8).strip());
    }
  }
}
