package io.rolemarket.imagebot.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.score.ConsistencySettings;
import io.rolemarket.imagebot.core.score.Score;
import io.rolemarket.imagebot.core.score.ScoreShown;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.testing.FakePictureEmbedder;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.Outcomes;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consistency gate end to end through {@link ImageBot}: pictures are solid colours, the reference is pure red,
 * and {@link FakePictureEmbedder} embeds a colour as its direction, so (204, 153, 0) scores 0.8 and (153, 204, 0)
 * scores 0.6 against a threshold of 0.75.
 */
class ConsistencyGateTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");
  private static final int RED = 0xFF0000;
  private static final int SCORES_08 = 0xCC9900;
  private static final int SCORES_06 = 0x99CC00;
  private static final int GREEN = 0x00FF00;

  @TempDir Path dir;
  private final InMemoryStore store = new InMemoryStore();
  private final FakePictureEmbedder embedder = new FakePictureEmbedder("fake-clip:1");
  private final List<ImageBot> bots = new ArrayList<>();

  @AfterEach
  void everyReservationSettled() {
    embedder.release();
    bots.forEach(ImageBot::close);
    assertEquals(0, store.heldReservations(), "reservations left held");
  }

  @Test
  void generate_onModelPicture_deliveredOnceWithItsScoreInCaptionAndHistory() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_08));
    ImageBot bot = ready(builder(flux, 10));

    GenerationResult result = generated(bot.generate(request(1, null), event -> {}));

    assertEquals(1, flux.calls());
    assertEquals(0.8, measured(result.scores().get(0)).similarity(), 1e-6);
    assertTrue(BotTexts.caption(result).endsWith(" · on-model 0.80"), BotTexts.caption(result));
    assertEquals(0.8, entry(result).similarity(), 1e-6);
  }

  @Test
  void generate_offModelThenOnModel_drawsAgainChargedLikeAnyPictureAndDeliversTheBetter() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06), ScriptedProvider.image(SCORES_08));
    ImageBot bot = ready(builder(flux, 10));

    GenerationResult result = generated(bot.generate(request(1, 7L), event -> {}));

    assertEquals(2, flux.calls());
    assertEquals(7L, flux.requests().get(0).seed());
    assertEquals(8L, flux.requests().get(1).seed(), "drawn again with another seed");
    assertEquals(2, bot.quota(ALICE).used().today(), "the redraw takes quota like any picture");
    assertEquals(new BigDecimal("0.2"), result.costUsd().stripTrailingZeros(), "the answer cost both draws");
    assertEquals(new BigDecimal("0.2"), bot.spend().thisMonthUsd().stripTrailingZeros());
    assertEquals(0.8, measured(result.scores().get(0)).similarity(), 1e-6);
    List<HistoryEntry> history = store.recent(ALICE.key(), 5);
    assertEquals(2, history.size(), "both draws are in the history");
    assertEquals(0.8, history.get(0).similarity(), 1e-6);
    assertEquals(0.6, history.get(1).similarity(), 1e-6);
  }

  @Test
  void generate_offModelTwice_deliversTheBestWithTheOffModelMark() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06), ScriptedProvider.image(GREEN));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ImageBot bot = ready(builder(flux, 10).metrics(BotMetrics.on(registry)));

    GenerationResult result = generated(bot.generate(request(1, null), event -> {}));

    assertEquals(2, flux.calls());
    assertTrue(BotTexts.caption(result).endsWith(" · ⚠️ off-model 0.60"), BotTexts.caption(result));
    assertEquals(1.0, registry.get("imagebot.off.model.deliveries").tag("character", "lulu").counter().count());
    assertEquals(0.6, registry.get("imagebot.clip.similarity").tag("character", "lulu").summary().mean(), 1e-6);
  }

  @Test
  void generate_noRedrawsConfigured_deliversTheOffModelPictureWithoutDrawingAgain() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06));
    ImageBot bot = ready(builder(flux, 10).consistency(new ConsistencySettings(0, ScoreShown.ALWAYS)));

    GenerationResult result = generated(bot.generate(request(1, null), event -> {}));

    assertEquals(1, flux.calls());
    assertTrue(BotTexts.caption(result).endsWith(" · ⚠️ off-model 0.60"), BotTexts.caption(result));
  }

  @Test
  void generate_redrawOverQuota_deliversTheFirstPictureWithTheMark() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06));
    ImageBot bot = ready(builder(flux, 1));
    List<ProgressEvent> events = new ArrayList<>();

    GenerationResult result = generated(bot.generate(request(1, null), events::add));

    assertEquals(1, flux.calls(), "the quota refused the redraw: no provider was asked");
    assertEquals(1, bot.quota(ALICE).used().today());
    assertTrue(BotTexts.caption(result).endsWith(" · ⚠️ off-model 0.60"), BotTexts.caption(result));
    assertInstanceOf(ProgressEvent.Done.class, events.getLast());
    assertTrue(events.stream().noneMatch(ProgressEvent.Failed.class::isInstance), "no failure is shown: " + events);
  }

  @Test
  void generate_redrawOverBudget_deliversTheFirstPictureAndSpendsNoMore() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06));
    ImageBot bot = ready(builder(flux, 10).monthlyBudget(new BigDecimal("0.15")));

    GenerationResult result = generated(bot.generate(request(1, null), event -> {}));

    assertEquals(1, flux.calls(), "the budget refused the redraw");
    assertEquals(new BigDecimal("0.1"), bot.spend().thisMonthUsd().stripTrailingZeros());
    assertEquals(new BigDecimal("0.1"), result.costUsd().stripTrailingZeros());
    assertEquals(0.6, measured(result.scores().get(0)).similarity(), 1e-6);
  }

  @Test
  void generate_fourPictures_rankedBestFirst() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06), ScriptedProvider.image(SCORES_08),
        ScriptedProvider.image(GREEN), ScriptedProvider.image(RED));
    ImageBot bot = ready(builder(flux, 10));

    GenerationResult result = generated(bot.generate(request(4, null), event -> {}));

    List<Double> scores = result.scores().stream().map(score -> round(measured(score).similarity())).toList();
    assertEquals(List.of(1.0, 0.8, 0.6, 0.0), scores);
    assertEquals(List.of(RED, SCORES_08, SCORES_06, GREEN), colours(result));
    assertEquals(1.0, entry(result).similarity(), 1e-6, "the history keeps the best");
    assertEquals(result.stored(), entry(result).images(), "in the order delivered");
  }

  @Test
  void generate_scorerThrows_deliversUnscoredWithoutDrawingAgain() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06));
    ImageBot bot = ready(builder(flux, 10));
    embedder.failing(true);

    GenerationResult result = generated(bot.generate(request(1, null), event -> {}));

    assertEquals(List.of(new Score.Unscored(Score.Why.FAILED)), result.scores());
    assertEquals(1, flux.calls());
    assertTrue(BotTexts.caption(result).endsWith(" · not scored"), BotTexts.caption(result));
    assertNull(entry(result).similarity());
  }

  @Test
  void generate_referencesNotEmbeddedYet_deliveredAtOnceAsNotScoredYet() throws Exception {
    embedder.hold();
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06));
    ImageBot bot = build(builder(flux, 10));

    GenerationResult result = generated(bot.generate(request(1, null), event -> {}));

    assertEquals(List.of(new Score.NotYet()), result.scores());
    assertEquals(1, flux.calls(), "an unscored picture is not drawn again");
    assertTrue(BotTexts.caption(result).endsWith(" · not scored yet"), BotTexts.caption(result));
    assertFalse(bot.referencesReady("lulu"));
    embedder.release();
    awaitReady(bot);
  }

  @Test
  void generate_referenceFileMissing_deliveredUnscoredWithoutAWord() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06));
    ImageBot bot = ready(ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(flux)
        .catalog(catalog("[" + dir.resolve("missing.png") + "]")).pictureEmbedder(embedder)
        .quotaPolicy(QuotaPolicy.withDailyLimit(10)));

    GenerationResult result = generated(bot.generate(request(1, null), event -> {}));

    assertEquals(List.of(new Score.Unscored(Score.Why.NO_REFERENCES)), result.scores());
    assertFalse(BotTexts.caption(result).contains("scored"), BotTexts.caption(result));
  }

  @Test
  void generate_cacheHit_reusesTheScoreWithoutEmbeddingAgain() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_08));
    ImageBot bot = ready(builder(flux, 10));
    generated(bot.generate(request(1, null), event -> {}));
    int embedded = embedder.calls();

    GenerationResult again = generated(bot.generate(request(1, null), event -> {}));

    assertTrue(again.fromCache());
    assertEquals(0.8, measured(again.scores().get(0)).similarity(), 1e-6);
    assertEquals(embedded, embedder.calls());
  }

  @Test
  void generate_offModelCacheHit_isAnsweredAsItIsWithoutDrawingAgain() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06));
    ImageBot first = ready(builder(flux, 10).consistency(new ConsistencySettings(0, ScoreShown.ALWAYS)));
    generated(first.generate(request(1, null), event -> {}));

    GenerationResult again = generated(first.generate(request(1, null), event -> {}));

    assertTrue(again.fromCache());
    assertEquals(1, flux.calls());
    assertTrue(BotTexts.caption(again).contains("⚠️ off-model 0.60"), BotTexts.caption(again));
  }

  @Test
  void referencesReady_afterRestart_readsTheKeptEmbeddingsWithoutEmbeddingAgain() throws Exception {
    ready(builder(flux(), 10)).close();
    assertEquals(1, embedder.calls(), "the one reference was embedded once");
    FakePictureEmbedder restarted = new FakePictureEmbedder("fake-clip:1");

    ImageBot bot = ready(builder(flux(), 10).pictureEmbedder(restarted));

    assertEquals(0, restarted.calls(), "read back from the store");
    FakePictureEmbedder otherModel = new FakePictureEmbedder("fake-clip:2");
    ready(builder(flux(), 10).pictureEmbedder(otherModel));
    assertEquals(1, otherModel.calls(), "another model embeds the reference anew");
    assertTrue(bot.consistencyCheckOn());
  }

  @Test
  void generate_noEmbedder_gateOffAndCaptionAsBefore() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06));
    ImageBot bot = build(builder(flux, 10).pictureEmbedder(null));

    GenerationResult result = generated(bot.generate(request(1, null), event -> {}));

    assertFalse(bot.consistencyCheckOn());
    assertEquals(List.of(), result.scores());
    assertFalse(BotTexts.caption(result).contains("model"), BotTexts.caption(result));
    assertNull(entry(result).similarity());
  }

  @Test
  void generate_shownToReviewers_userSeesOnlyTheMarkAndAdminTheNumber() throws Exception {
    ScriptedProvider flux = flux().thenPictures(ScriptedProvider.image(SCORES_06), ScriptedProvider.image(SCORES_06));
    ImageBot bot = ready(builder(flux, 10).consistency(new ConsistencySettings(0, ScoreShown.REVIEWERS)));
    UserRef boss = UserRef.of("test", "boss", "Boss");
    store.setRole(boss.key(), Role.ADMIN);

    GenerationResult user = generated(bot.generate(request(1, 1L), event -> {}));
    GenerationResult admin = generated(bot.generate(new GenerateRequest(boss, "lulu", "halloween", List.of(), 1,
        AspectRatio.SQUARE, null, Tier.BALANCED, 2L, false), event -> {}));

    assertTrue(BotTexts.caption(user).endsWith(" · ⚠️ off-model"), BotTexts.caption(user));
    assertTrue(BotTexts.caption(admin).endsWith(" · ⚠️ off-model 0.60"), BotTexts.caption(admin));
  }

  @Test
  void act_upscale_isScoredAndMarkedLikeAGeneration_butNeverDrawnAgain() throws Exception {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    Path reference = dir.resolve("lulu-red.png");
    Files.write(reference, ScriptedProvider.image(RED).bytes());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ImageBot bot = ready(ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney)
        .catalog(catalog("[" + reference + "]")).pictureEmbedder(embedder).metrics(BotMetrics.on(registry))
        .quotaPolicy(QuotaPolicy.withDailyLimit(20)));
    store.register(ALICE);
    store.setRole(ALICE.key(), Role.PRO);
    GenerationResult grid = generated(bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4,
        AspectRatio.SQUARE, "midjourney", Tier.BALANCED, null, false), event -> {}));

    // The scripted provider's pictures are shades of blue: nothing like the red reference.
    GenerationResult upscaled = generated(bot.act(ALICE, "midjourney", grid.remoteJobId(), "U2", "lulu", "halloween",
        event -> {}));

    assertEquals(0.0, measured(upscaled.scores().get(0)).similarity(), 1e-6);
    assertTrue(BotTexts.caption(upscaled).endsWith(" · ⚠️ off-model 0.00"), BotTexts.caption(upscaled));
    assertEquals(0.0, entry(upscaled).similarity(), 1e-6, "the history keeps the action's score");
    assertEquals(1, midjourney.acted().size(), "an action is never drawn again");
    assertEquals(2.0, registry.get("imagebot.off.model.deliveries").tag("character", "lulu").counter().count(),
        "the grid (drawn again once, still off-model) and the upscale");
  }

  @Test
  void resumedJob_afterARestart_itsPicturesScoredInTheHistory() throws Exception {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    Path reference = dir.resolve("lulu-red.png");
    Files.write(reference, ScriptedProvider.image(RED).bytes());
    Reservation.Held held = (Reservation.Held) store.reserve(ALICE.key(), 4, new QuotaLimits(10, 100), TestClocks.NOW);
    long job = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", "k", "Lulu at Halloween", "midjourney",
        held.id(), 4, TestClocks.NOW.minus(Duration.ofHours(1))));
    store.attachRemoteJob(job, "midjourney", "job-left-open");
    ImageBot bot = ready(ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney)
        .catalog(catalog("[" + reference + "]")).pictureEmbedder(embedder));

    bot.resumeOpenJobs().forEach(java.util.concurrent.CompletableFuture::join);

    assertEquals(List.of("job-left-open"), midjourney.resumed());
    HistoryEntry entry = store.recent(ALICE.key(), 1).get(0);
    // The resumed grid's best picture is colour 0x017B4A (job 1001's first): nearly no red.
    assertEquals(1 / Math.sqrt(1 + 0x7B * 0x7B + 0x4A * 0x4A), entry.similarity(), 1e-6);
  }

  private ScriptedProvider flux() {
    return ScriptedProvider.named("flux", "0.1");
  }

  private ImageBot.Builder builder(ScriptedProvider provider, int dailyQuota) throws IOException {
    Path reference = dir.resolve("lulu-red.png");
    Files.write(reference, ScriptedProvider.image(RED).bytes());
    return ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(provider)
        .catalog(catalog("[" + reference + "]")).pictureEmbedder(embedder)
        .quotaPolicy(QuotaPolicy.withDailyLimit(dailyQuota)).maxInFlightPerUser(100);
  }

  private static Catalog catalog(String references) throws IOException {
    String yaml = "characters:\n  lulu:\n    name: Lulu Pig\n    description: a round pink pig\n    references: "
        + references + "\n    threshold: 0.75\n";
    return Catalog.builtIn().overriddenBy(Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
  }

  private ImageBot build(ImageBot.Builder builder) {
    ImageBot bot = builder.build();
    bots.add(bot);
    return bot;
  }

  /** A bot whose references for lulu are embedded. */
  private ImageBot ready(ImageBot.Builder builder) throws InterruptedException {
    ImageBot bot = build(builder);
    awaitReady(bot);
    return bot;
  }

  private static void awaitReady(ImageBot bot) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!bot.referencesReady("lulu")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("lulu's references were not embedded in 10 s");
      }
      Thread.sleep(5);
    }
  }

  private static GenerateRequest request(int count, @Nullable Long seed) {
    return new GenerateRequest(ALICE, "lulu", "halloween", List.of(), count, AspectRatio.SQUARE, null, Tier.BALANCED,
        seed, false);
  }

  private static GenerationResult generated(GenerateOutcome outcome) {
    return assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
  }

  private static Score.Measured measured(Score score) {
    return assertInstanceOf(Score.Measured.class, score);
  }

  private HistoryEntry entry(GenerationResult result) {
    return store.entry(ALICE.key(), result.historyId()).orElseThrow();
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static List<Integer> colours(GenerationResult result) throws IOException {
    List<Integer> colours = new ArrayList<>();
    for (var image : result.images()) {
      colours.add(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(image.bytes())).getRGB(0, 0) & 0xffffff);
    }
    return colours;
  }
}
