package io.rolemarket.imagebot.core;

import io.rolemarket.imagebot.core.testing.Outcomes;
import io.rolemarket.imagebot.core.command.BotTexts;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.ProgressListener;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.route.Deadlines;
import io.rolemarket.imagebot.core.route.RouterSettings;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImageBotTest {
  static final RouterSettings FAST_RETRIES = new RouterSettings(2, Duration.ofMillis(10), Duration.ofSeconds(1),
      new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10)), Map.of(), 5, Duration.ofSeconds(30),
      Duration.ofHours(6), Set.of("midjourney"), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  private final InMemoryStore store = new InMemoryStore();
  private final List<ImageBot> bots = new ArrayList<>();

  @AfterEach
  void everyReservationSettled() {
    bots.forEach(ImageBot::close);
    assertEquals(0, store.heldReservations(), "reservations left held");
  }

  private ImageBot bot(int dailyQuota, ScriptedProvider... providers) {
    ImageBot.Builder builder = ImageBot.builder().clock(TestClocks.FIXED).store(store).routerSettings(FAST_RETRIES)
        .quotaPolicy(QuotaPolicy.withDailyLimit(dailyQuota)).maxInFlightPerUser(1000);
    for (ScriptedProvider provider : providers) {
      builder.provider(provider);
    }
    ImageBot bot = builder.build();
    bots.add(bot);
    return bot;
  }

  private static GenerationResult generated(GenerateOutcome outcome) {
    return assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
  }

  @Test
  void generate_repeatPrompt_answeredFromCacheWithoutProviderCall() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ImageBot bot = bot(10, flux);

    GenerationResult first = generated(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {}));
    GenerationResult second = generated(bot.generate(GenerateRequest.of(ALICE, "Lulu", "HALLOWEEN"), e -> {}));

    assertFalse(first.fromCache());
    assertTrue(second.fromCache());
    assertEquals(1, flux.calls());
    assertEquals(first.stored(), second.stored());
    assertEquals(new BigDecimal("0.0012"), first.costUsd());
    assertEquals(BigDecimal.ZERO, second.costUsd());
    assertEquals(1, bot.quota(ALICE).used().today(), "a cache hit is free");
  }

  @Test
  void generate_afterRestart_answeredFromDiskTier() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    generated(bot(10, flux).generate(GenerateRequest.of(ALICE, "lulu", "christmas"), e -> {}));

    ScriptedProvider again = ScriptedProvider.named("flux", "0.0012");
    GenerationResult repeat = generated(bot(10, again).generate(GenerateRequest.of(ALICE, "lulu", "christmas"), e -> {}));

    assertTrue(repeat.fromCache());
    assertEquals(0, again.calls());
  }

  @Test
  void generate_fresh_skipsCacheAndCharges() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ImageBot bot = bot(10, flux);
    generated(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {}));

    GenerateRequest fresh = new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 1, AspectRatio.SQUARE, null,
        Tier.BALANCED, null, true);
    GenerationResult result = generated(bot.generate(fresh, e -> {}));

    assertFalse(result.fromCache());
    assertEquals(2, flux.calls());
    assertEquals(2, bot.quota(ALICE).used().today());
  }

  @Test
  void generate_unknownCharacter_suggestsNearestAndChargesNothing() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ImageBot bot = bot(10, flux);

    GenerateOutcome outcome = bot.generate(GenerateRequest.of(ALICE, "lullu", "halloween"), e -> {});

    assertEquals("no character 'lullu' — did you mean lulu?",
        Outcomes.text(assertInstanceOf(GenerateOutcome.Refused.class, outcome)));
    assertEquals(0, flux.calls());
    assertEquals(0, bot.quota(ALICE).used().today());
  }

  @Test
  void generate_unknownTheme_suggestsNearest() {
    GenerateOutcome outcome = bot(10, ScriptedProvider.named("flux", "0.0012"))
        .generate(GenerateRequest.of(ALICE, "lulu", "haloween"), e -> {});
    assertEquals("no theme 'haloween' — did you mean halloween?", Outcomes.text(outcome));
  }

  @Test
  void generate_overQuota_saysWhatIsLeftAndWhenItResets() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ImageBot bot = bot(2, flux);
    generated(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {}));
    generated(bot.generate(GenerateRequest.of(ALICE, "lulu", "christmas"), e -> {}));

    GenerateOutcome outcome = bot.generate(GenerateRequest.of(ALICE, "lulu", "spring-festival"), e -> {});

    String message = Outcomes.text(assertInstanceOf(GenerateOutcome.Refused.class, outcome));
    assertTrue(message.startsWith("Over quota: you asked for 1 image but have 0 left today."), message);
    assertTrue(message.contains("resets in"), message);
    assertEquals(2, flux.calls());
  }

  @Test
  void generate_cacheHitWhenOverQuota_stillRefused() {
    ImageBot bot = bot(1, ScriptedProvider.named("flux", "0.0012"));
    generated(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {}));
    assertInstanceOf(GenerateOutcome.Refused.class,
        bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {}));
  }

  @Test
  void generate_primaryMisconfigured_fallsBackToNext() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .alwaysFail(new ProviderFailure.Permanent("401 from the router", "HF_TOKEN"));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());

    GenerationResult result = generated(bot(10, flux, sdxl).generate(
        GenerateRequest.of(ALICE, "lulu", "halloween"), events::add));

    assertEquals("sdxl", result.providerId());
    assertEquals(1, flux.calls(), "a permanent failure is not retried");
    assertEquals("misconfigured (check HF_TOKEN)", bots.get(0).providers().get(0).lastProblem().map(BotTexts::failure).orElse(""),
        "admins see the last problem in /providers and /stats");
    assertTrue(events.stream().anyMatch(e -> e instanceof ProgressEvent.FellBack f && f.fromProviderId().equals("flux") && f.toProviderId().equals("sdxl") && BotTexts.failure(f.failure()).equals("misconfigured (check HF_TOKEN)")), events.toString());
  }

  @Test
  void generate_rateLimited_waitsForRetryAfterThenSucceeds() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .thenFail(new ProviderFailure.RateLimited("429", Duration.ofMillis(300)));
    List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());

    GenerationResult result = generated(bot(10, flux).generate(GenerateRequest.of(ALICE, "lulu", "halloween"),
        events::add));

    assertEquals("flux", result.providerId());
    assertEquals(2, flux.calls());
    assertTrue(result.elapsed().toMillis() >= 300, "waited " + result.elapsed());
    ProgressEvent.Retrying retrying = events.stream().filter(ProgressEvent.Retrying.class::isInstance)
        .map(ProgressEvent.Retrying.class::cast).findFirst().orElseThrow();
    assertEquals("rate-limited", BotTexts.failure(retrying.failure()));
    assertTrue(retrying.delay().toMillis() >= 300 && retrying.delay().toMillis() <= 330, retrying.toString());
  }

  @Test
  void generate_everyProviderFails_oneClearErrorAndFullRefund() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .alwaysFail(new ProviderFailure.Transient("503", null));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006")
        .alwaysFail(new ProviderFailure.RegionUnavailable("User location is not supported"));
    ImageBot bot = bot(10, flux, sdxl);

    GenerateOutcome outcome = bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {});

    String message = Outcomes.text(assertInstanceOf(GenerateOutcome.Failed.class, outcome));
    assertTrue(message.contains("Nothing was charged"), message);
    assertEquals(3, flux.calls(), "one call and two retries");
    assertEquals(1, sdxl.calls(), "a region refusal is not retried");
    assertEquals(0, bot.quota(ALICE).used().today());
    assertFalse(bot.providers().get(1).available(), "the region-refusing provider is switched off");
  }

  @Test
  void generate_oneOfFourCallsFails_partialDeliveredAndOnlyThreeCharged() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .thenFail(new ProviderFailure.ContentRejected("NSFW"));
    ImageBot bot = bot(10, flux);
    GenerateRequest four = new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4, AspectRatio.SQUARE, null,
        Tier.BALANCED, null, false);

    GenerationResult result = generated(bot.generate(four, e -> {}));

    assertEquals(3, result.images().size());
    assertEquals(1, result.missing());
    assertEquals(3, bot.quota(ALICE).used().today());
    assertEquals(new BigDecimal("0.0036"), result.costUsd());
  }

  @Test
  void generate_identicalRequestsAtOnce_shareOneProviderCall() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(200));
    ImageBot bot = bot(1000, flux);
    int callers = 50;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<GenerateOutcome>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        futures.add(threads.submit(() -> {
          start.await();
          return bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {});
        }));
      }
      start.countDown();
    }
    for (Future<GenerateOutcome> future : futures) {
      assertEquals(1, generated(future.get()).images().size());
    }
    assertEquals(1, flux.calls());
    assertEquals(1, bot.quota(ALICE).used().today(), "only the caller that paid is charged");
  }

  @Test
  void generate_qualityTierForOrdinaryUser_refused() {
    ImageBot bot = bot(10, ScriptedProvider.named("flux", "0.0012"));
    GenerateRequest quality = new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 1, AspectRatio.SQUARE, null,
        Tier.QUALITY, null, false);
    assertTrue(Outcomes.text(bot.generate(quality, e -> {})).contains("for pro users"));
  }

  @Test
  void generate_unknownProvider_listsConfiguredOnes() {
    ImageBot bot = bot(10, ScriptedProvider.named("flux", "0.0012"), ScriptedProvider.named("sdxl", "0.0006"));
    GenerateRequest request = new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 1, AspectRatio.SQUARE,
        "dalle", Tier.BALANCED, null, false);
    assertEquals("no provider 'dalle' — the configured ones are: flux, sdxl.", Outcomes.text(bot.generate(request, e -> {})));
  }

  @Test
  void generate_manyDistinctRequestsAtOnce_neverMoreThanTheLimit() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(20));
    ImageBot bot = bot(10, flux);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<GenerateOutcome>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        GenerateRequest request = new GenerateRequest(ALICE, "lulu", "halloween", List.of("variant" + i), 1,
            AspectRatio.SQUARE, null, Tier.BALANCED, null, false);
        futures.add(threads.submit(() -> {
          start.await();
          return bot.generate(request, e -> {});
        }));
      }
      start.countDown();
    }
    int generated = 0;
    for (Future<GenerateOutcome> future : futures) {
      if (future.get() instanceof GenerateOutcome.Generated) {
        generated++;
      }
    }
    assertEquals(10, generated);
    assertEquals(10, flux.calls());
    assertEquals(10, bot.quota(ALICE).used().today());
  }

  @Test
  void generate_cancelledWhileWaiting_refundedAndSaysSo() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofSeconds(5));
    ImageBot bot = bot(10, flux);
    CountDownLatch started = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<GenerateOutcome> outcome = new java.util.concurrent.atomic.AtomicReference<>();
    Thread thread = Thread.ofVirtual().start(() -> outcome.set(bot.generate(
        GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {
          if (e instanceof ProgressEvent.Started) {
            started.countDown();
          }
        })));
    assertTrue(started.await(5, java.util.concurrent.TimeUnit.SECONDS));
    thread.interrupt();
    thread.join(5000);
    assertEquals("Cancelled. Nothing was charged.", Outcomes.text(outcome.get()));
    assertEquals(0, bot.quota(ALICE).used().today());
  }

  @Test
  void cancel_stopsOnlyThatUsersWork_eachEndsCancelledAndRefunded() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofSeconds(2));
    ImageBot bot = bot(10, flux);
    UserRef bob = UserRef.of("test", "bob", "Bob");
    CountDownLatch started = new CountDownLatch(3);
    ProgressListener counting = e -> {
      if (e instanceof ProgressEvent.Started) {
        started.countDown();
      }
    };
    var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    var alice1 = pool.submit(() -> bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), counting));
    var alice2 = pool.submit(() -> bot.generate(GenerateRequest.of(ALICE, "lulu", "christmas"), counting));
    var bobs = pool.submit(() -> bot.generate(GenerateRequest.of(bob, "lulu", "spring-festival"), counting));
    assertTrue(started.await(5, java.util.concurrent.TimeUnit.SECONDS));

    assertEquals(2, bot.cancel(ALICE));
    for (var mine : List.of(alice1, alice2)) {
      GenerateOutcome.Failed failed = assertInstanceOf(GenerateOutcome.Failed.class, mine.get());
      assertInstanceOf(io.rolemarket.imagebot.core.generate.Failure.Cancelled.class, failed.reason());
    }
    assertEquals(0, bot.quota(ALICE).used().today());
    assertInstanceOf(GenerateOutcome.Generated.class, bobs.get(), "another user's picture goes on");
    assertEquals(0, bot.cancel(ALICE), "nothing left to stop");
    pool.close();
  }

  @Test
  void generate_monthlyBudgetSpent_cheaperProviderThenClearRefusal() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).routerSettings(FAST_RETRIES).provider(flux).provider(sdxl)
        .monthlyBudget(new BigDecimal("0.0020")).build();
    bots.add(bot);
    assertEquals("flux", generated(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {})).providerId());
    assertEquals("sdxl", generated(bot.generate(GenerateRequest.of(ALICE, "lulu", "christmas"), e -> {})).providerId());
    GenerateOutcome broke = bot.generate(GenerateRequest.of(ALICE, "lulu", "spring-festival"), e -> {});
    assertTrue(Outcomes.text(broke).contains("budget for this month is used up"), Outcomes.text(broke));
    assertTrue(Outcomes.text(broke).contains("$0.0002 left") && Outcomes.text(broke).contains("starts again on 1 "
        + "December (UTC)"), Outcomes.text(broke));
    assertEquals(new BigDecimal("0.0018"), bot.spend().thisMonthUsd());
    assertEquals(2, bot.quota(ALICE).used().today());
  }

  @Test
  void generate_characterWithAReferenceSheet_providerReceivesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path sheet = dir.resolve("lulu-sheet.png");
    java.nio.file.Files.write(sheet, ScriptedProvider.image(9).bytes());
    String yaml = "characters:\n  lulu:\n    name: Lulu Pig\n    description: Lulu Pig, a round pink pig\n"
        + "    reference: " + sheet + "\n";
    io.rolemarket.imagebot.core.catalog.Catalog catalog = io.rolemarket.imagebot.core.catalog.Catalog.builtIn()
        .overriddenBy(io.rolemarket.imagebot.core.catalog.Catalog.fromYaml(
            new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(yaml)));
    ScriptedProvider gemini = ScriptedProvider.named("gemini", "0.039");
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).catalog(catalog).store(store).routerSettings(FAST_RETRIES).provider(gemini).build();
    bots.add(bot);

    generated(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {}));

    org.junit.jupiter.api.Assertions.assertArrayEquals(ScriptedProvider.image(9).bytes(),
        gemini.requests().get(0).referenceImage());
  }

  @Test
  void generate_oneUserFloods_fourthAtOnceRefusedPolitely() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(500));
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).routerSettings(FAST_RETRIES).provider(flux).build();
    bots.add(bot);
    List<Future<GenerateOutcome>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 4; i++) {
        GenerateRequest request = new GenerateRequest(ALICE, "lulu", "halloween", List.of("v" + i), 1,
            AspectRatio.SQUARE, null, Tier.BALANCED, null, false);
        futures.add(threads.submit(() -> bot.generate(request, e -> {})));
        Thread.sleep(50);
      }
    }
    List<String> refusals = new ArrayList<>();
    for (Future<GenerateOutcome> future : futures) {
      if (future.get() instanceof GenerateOutcome.Refused refused) {
        refusals.add(Outcomes.text(refused));
      }
    }
    assertEquals(List.of("You already have 3 pictures on the way; wait for one of them before asking again."),
        refusals);
    assertEquals(3, bot.quota(ALICE).used().today());
  }
}
