package io.rolemarket.imagebot.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.cache.CacheKey;
import io.rolemarket.imagebot.core.cache.ImageCache;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.Outcomes;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The one settlement of paid work: directly (partial results, caching), and through the three paths that use
 * it (a generation, an action, a job resumed after a restart), each charged once and never twice.
 */
class SettlementTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");
  private static final QuotaLimits TEN_A_DAY = new QuotaLimits(10, 100);
  private static final YearMonth MONTH = YearMonth.of(2026, 11);

  private final InMemoryStore store = new InMemoryStore();
  private final ImageCache cache = new ImageCache(1 << 20, Duration.ofHours(1), store, () -> 0L);
  private final Budget budget = new Budget(new BigDecimal("100"), store, store, TestClocks.FIXED);
  private final Settlement settlement = new Settlement(store, store, cache, TestClocks.FIXED);
  private final ScriptedProvider flux = ScriptedProvider.named("flux", "0.01");

  /** A job asking for {@code asked} pictures, reserved and journaled as the pipeline opens it. */
  private Settlement.PaidJob opened(int asked) {
    Reservation.Held held = assertInstanceOf(Reservation.Held.class,
        store.reserve(ALICE.key(), asked, TEN_A_DAY, TestClocks.NOW));
    long jobId = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", "k", "Lulu at Halloween", "flux",
        held.id(), asked, TestClocks.NOW));
    return new Settlement.PaidJob(jobId, ALICE.key(), "lulu", "halloween", "Lulu at Halloween", asked);
  }

  private static List<GeneratedImage> pictures(int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> ScriptedProvider.image(40 + i)).toList();
  }

  @Test
  void settle_wholeResult_storedChargedRecordedAndCached() {
    Settlement.PaidJob job = opened(2);
    CacheKey key = new CacheKey("test", "whole");

    Settlement.Settled settled = settlement.settle(job, flux.info(), pictures(2), new BigDecimal("0.02"),
        CostSource.REPORTED, "", Duration.ofSeconds(3), Settlement.Caching.under(key));

    assertEquals(new QuotaUsage(2, 2), store.usage(ALICE.key(), TestClocks.NOW));
    assertEquals(0, store.heldReservations());
    assertEquals(0, new BigDecimal("0.02").compareTo(store.spend(MONTH)));
    assertEquals(0, new BigDecimal("0.02").compareTo(budget.spent()));
    HistoryEntry entry = store.recent(ALICE.key(), 5).getFirst();
    assertEquals(settled.historyId(), entry.id());
    assertEquals(settled.made().stored(), entry.images());
    assertEquals(CostSource.REPORTED, entry.costSource());
    assertEquals("succeeded", store.jobs().getFirst().state());
    assertEquals(settled.made().stored(), cache.recall(key).orElseThrow().stored());
  }

  @Test
  void settle_partialResult_chargesOnlyWhatWasDeliveredAndIsNotCached() {
    Settlement.PaidJob job = opened(4);
    CacheKey key = new CacheKey("test", "partial");

    settlement.settle(job, flux.info(), pictures(1), new BigDecimal("0.01"), CostSource.DECLARED, "",
        Duration.ofSeconds(3), Settlement.Caching.under(key));

    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE.key(), TestClocks.NOW), "3 of the 4 reserved given back");
    assertEquals(0, store.heldReservations());
    assertEquals(1, store.recent(ALICE.key(), 5).getFirst().images().size());
    assertEquals(1, store.jobs().getFirst().images());
    assertTrue(cache.recall(key).isEmpty(), "a partial result is not remembered");
  }

  @Test
  void settle_neverCached_wholeResultIsNotRemembered() {
    Settlement.PaidJob job = opened(1);

    settlement.settle(job, flux.info(), pictures(1), new BigDecimal("0.01"), CostSource.DECLARED, "",
        Duration.ofSeconds(3), Settlement.Caching.NEVER);

    assertEquals(0, store.cacheEntries());
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE.key(), TestClocks.NOW));
  }

  @Test
  void generate_paid_chargedOnceAndASecondAskIsAFreeCacheHit() {
    try (ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(flux).build()) {
      GenerateRequest request = new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 2, AspectRatio.SQUARE,
          "flux", Tier.BALANCED, null, false);
      GenerateOutcome first = bot.generate(request, event -> {});
      int calls = flux.calls();
      GenerateOutcome second = bot.generate(request, event -> {});

      assertInstanceOf(GenerateOutcome.Generated.class, first, Outcomes.text(first));
      assertTrue(assertInstanceOf(GenerateOutcome.Generated.class, second, Outcomes.text(second)).result().fromCache());
      assertEquals(calls, flux.calls(), "no provider call for the second");
      assertEquals(2, bot.quota(ALICE).used().today(), "charged once, for the two pictures");
      assertEquals(0, new BigDecimal("0.02").compareTo(store.spend(MONTH)));
      assertEquals(1, store.jobs().size());
      assertEquals(0, store.heldReservations());
    }
  }

  @Test
  void generate_providerReportsItsCost_billedAndShownAsReported() {
    ImageProvider reporting = new ImageProvider() {
      @Override
      public ProviderInfo info() {
        return flux.info();
      }

      @Override
      public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
        ProviderResult.Images made = assertInstanceOf(ProviderResult.Images.class, flux.generate(request, progress));
        return new ProviderResult.Images(made.images(), new BigDecimal("0.0137"));
      }
    };
    try (ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(reporting).build()) {
      GenerateOutcome outcome = bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 1,
          AspectRatio.SQUARE, "flux", Tier.BALANCED, null, false), event -> {});

      GenerationResult result = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome))
          .result();
      assertEquals(CostSource.REPORTED, result.costSource());
      assertTrue(BotTexts.caption(result).contains("$0.0137 reported"), BotTexts.caption(result));
      assertEquals(CostSource.REPORTED, store.recent(ALICE.key(), 1).getFirst().costSource());
      assertEquals(0, new BigDecimal("0.0137").compareTo(store.spend(MONTH)), "billed what was reported");
    }
  }

  @Test
  void act_paid_chargedOnceAndNeverCached_soTheSameActionAgainIsANewJob() {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    store.register(ALICE);
    store.setRole(ALICE.key(), Role.PRO);
    try (ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney)
        .quotaPolicy(QuotaPolicy.withDailyLimit(20)).build()) {
      GenerateOutcome grid = bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4,
          AspectRatio.SQUARE, "midjourney", Tier.BALANCED, null, false), event -> {});
      String parent = assertInstanceOf(GenerateOutcome.Generated.class, grid).result().remoteJobId();
      int cachedBefore = store.cacheEntries();

      GenerateOutcome first = bot.act(ALICE, "midjourney", parent, "U2", "lulu", "halloween", event -> {});
      GenerateOutcome second = bot.act(ALICE, "midjourney", parent, "U2", "lulu", "halloween", event -> {});

      assertInstanceOf(GenerateOutcome.Generated.class, first, Outcomes.text(first));
      assertTrue(!assertInstanceOf(GenerateOutcome.Generated.class, second).result().fromCache());
      assertEquals(List.of(parent + "/U2", parent + "/U2"), midjourney.acted(), "each press is a provider job");
      assertEquals(cachedBefore, store.cacheEntries(), "an action is never cached");
      assertEquals(4 + 1 + 1, bot.quota(ALICE).used().today());
      assertEquals(0, new BigDecimal("0.12").compareTo(store.spend(MONTH)), "4 × 0.02 + 2 × 1 × 0.02");
      assertEquals(3, store.recent(ALICE.key(), 10).size());
      assertEquals(0, store.heldReservations());
    }
  }

  @Test
  void resumeOpenJobs_twice_chargesTheResumedJobOnce() {
    Reservation.Held held = assertInstanceOf(Reservation.Held.class,
        store.reserve(ALICE.key(), 4, TEN_A_DAY, TestClocks.NOW));
    long jobId = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", "action:midjourney/mj-9/V1",
        "Lulu at Halloween", "midjourney", held.id(), 4, TestClocks.NOW, "mj-9", ProviderAction.variation(1)));
    store.attachRemoteJob(jobId, "midjourney", "mj-10");
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    try (ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney).build()) {
      bot.resumeOpenJobs().forEach(CompletableFuture::join);
      bot.resumeOpenJobs().forEach(CompletableFuture::join);

      assertEquals(List.of("mj-10"), midjourney.resumed());
      assertEquals(1, store.recent(ALICE.key(), 5).size());
      assertEquals(4, bot.quota(ALICE).used().today(), "the reservation charged once");
      assertEquals(0, new BigDecimal("0.08").compareTo(store.spend(MONTH)), "four pictures at 0.02, once");
      assertEquals(0, store.cacheEntries(), "a resumed action is not cached either");
      assertEquals("mj-10", store.recent(ALICE.key(), 1).getFirst().remoteJobId(), "a new grid offers actions");
    }
  }
}
