package io.rolemarket.imagebot.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.command.CalibrationTexts;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.render.CalibrationChart;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.testing.FakePictureEmbedder;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /calibrate} over a scripted review history: designs are solid colours whose scores against the pure red
 * reference are exact ratios of Pythagorean triples (240, 70) → 0.96, (180, 240) → 0.6, and so on.
 */
class CalibrateTest {
  private static final UserRef BOSS = UserRef.of("test", "boss", "Boss");
  private static final UserRef MIA = UserRef.of("test", "mia", "Mia");

  @TempDir Path dir;
  private final InMemoryStore store = new InMemoryStore();
  private final FakePictureEmbedder embedder = new FakePictureEmbedder("fake-clip:1");
  private final List<ImageBot> bots = new ArrayList<>();
  private final CommandParser parser = new CommandParser(null);

  @BeforeEach
  void admin() {
    store.register(BOSS);
    store.setRole(BOSS.key(), Role.ADMIN);
  }

  @AfterEach
  void close() {
    embedder.release();
    bots.forEach(ImageBot::close);
  }

  @Test
  void calibrate_labelledDesigns_proposesTheSeparatingThresholdWithItsFiguresAndChart() throws Exception {
    Conversation conversation = conversation(true);
    for (int[] approved : new int[][] {{240, 70}, {240, 100}, {240, 128}, {240, 180}}) {
      design("lulu", approved, Outcome.APPROVED, true);
    }
    for (int[] rejected : new int[][] {{231, 220}, {180, 240}, {140, 225}}) {
      design("lulu", rejected, Outcome.REJECTED, true);
    }
    design("momo", new int[] {255, 0}, Outcome.REJECTED, true);
    design("lulu", new int[] {255, 0}, Outcome.CHANGES_REQUESTED, true);
    design("lulu", new int[] {0, 255}, Outcome.APPROVED, false);
    awaitReady();

    var chart = assertInstanceOf(Reply.CalibrationChart.class, say(conversation, BOSS, "/calibrate Lulu"));

    assertEquals(0.76, chart.calibration().proposed());
    assertEquals(String.join("\n",
        "Consistency threshold for Lulu Pig: proposed 0.76 (now 0.85).",
        "Approved designs: 4, mean 0.89 · rejected: 3, mean 0.61.",
        "At 0.76: 0 of 4 approved would be marked off-model, 0 of 3 rejected would pass.",
        "At 0.85 (now): 1 of 4 approved would be marked off-model, 0 of 3 rejected would pass.",
        "To use it, set threshold: 0.76 under lulu in the catalog and restart."), CalibrationTexts.figures(chart));
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(chart.chartPng()));
    assertEquals(CalibrationChart.WIDTH, picture.getWidth());
    assertEquals(CalibrationChart.HEIGHT, picture.getHeight());
  }

  @Test
  void calibrate_tooFewLabelledDesigns_saysHowManyItHasAndNeeds() throws Exception {
    Conversation conversation = conversation(true);
    design("lulu", new int[] {240, 70}, Outcome.APPROVED, true);
    design("lulu", new int[] {180, 240}, Outcome.REJECTED, true);
    awaitReady();

    Reply reply = say(conversation, BOSS, "/calibrate lulu");

    assertEquals("Too few reviewed designs of Lulu Pig to calibrate: 1 approved and 1 rejected could be scored; I need "
        + "at least 3 of each, with different scores.", BotTexts.line(assertInstanceOf(Reply.NotCalibrated.class,
        reply)));
  }

  @Test
  void calibrate_gateOff_saysHowToTurnItOn() throws Exception {
    Reply reply = say(conversation(false), BOSS, "/calibrate lulu");

    assertEquals("The consistency check is off, so there is nothing to calibrate: set IMAGEBOT_CLIP_MODEL to turn it "
        + "on.", BotTexts.line(assertInstanceOf(Reply.NotCalibrated.class, reply)));
  }

  @Test
  void calibrate_referencesStillBeingEmbedded_saysToTryAgain() throws Exception {
    embedder.hold();

    Reply reply = say(conversation(true), BOSS, "/calibrate lulu");

    assertEquals("Lulu Pig's reference pictures are still being prepared; try again in a minute.",
        BotTexts.line(assertInstanceOf(Reply.NotCalibrated.class, reply)));
  }

  @Test
  void calibrate_byANonAdmin_isRefused_unknownCharacter_getsSuggestions() throws Exception {
    Conversation conversation = conversation(true);

    assertEquals(new Reply.AdminsOnly("calibrate"), say(conversation, MIA, "/calibrate lulu"));
    assertEquals("no character 'lullu' — did you mean lulu?",
        BotTexts.line(assertInstanceOf(Reply.Refused.class, say(conversation, BOSS, "/calibrate lullu"))));
    assertEquals(new Reply.Invalid("Usage: /calibrate <character>, for example /calibrate lulu."),
        say(conversation, BOSS, "/calibrate"));
  }

  private Conversation conversation(boolean withEmbedder) throws Exception {
    Path reference = dir.resolve("lulu-red.png");
    Files.write(reference, ScriptedProvider.image(0xFF0000).bytes());
    String yaml = "characters:\n  lulu:\n    name: Lulu Pig\n    description: a round pink pig\n    references: ["
        + reference + "]\n    threshold: 0.85\n  momo:\n    name: Momo\n    description: a cat\n    references: ["
        + reference + "]\n";
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store)
        .catalog(Catalog.builtIn().overriddenBy(Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml))))
        .provider(ScriptedProvider.named("flux", "0.01")).pictureEmbedder(withEmbedder ? embedder : null).build();
    bots.add(bot);
    return new Conversation(bot);
  }

  /** A design of {@code character} coloured (red, green), decided {@code outcome}; its picture kept or gone. */
  private void design(String character, int[] colour, Outcome outcome, boolean kept) {
    var image = ScriptedProvider.image(colour[0] << 16 | colour[1] << 8);
    StoredImage stored = kept ? store.put(image, "p", "flux")
        : new StoredImage("0".repeat(63) + "1", image.format(), 64, 64, image.size());
    long historyId = store.record(new HistoryEntry(0, MIA.key(), character, "halloween", "p", "flux",
        new BigDecimal("0.01"), Duration.ofSeconds(3), false, List.of(stored), TestClocks.NOW, "",
        CostSource.DECLARED));
    long submission = store.submit(new Submission(0, MIA.key(), historyId, stored.sha256(), "", TestClocks.NOW));
    store.decide(new Decision(submission, outcome, BOSS.key(), "lead", TestClocks.NOW));
  }

  private void awaitReady() throws InterruptedException {
    ImageBot bot = bots.getLast();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!bot.referencesReady("lulu") || !bot.referencesReady("momo")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("references not embedded in 10 s");
      }
      Thread.sleep(5);
    }
  }

  private Reply say(Conversation conversation, UserRef user, String text) {
    return conversation.answer(user, "test", "chat-1", parser.parse(text));
  }
}
