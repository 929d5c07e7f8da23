package io.rolemarket.imagebot.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.route.Deadlines;
import io.rolemarket.imagebot.core.route.RouterSettings;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.JobStats.ProviderFigures;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each job's story in the journal as generation and a restart's re-attachment tell it: outcome, the provider that
 * answered, those that failed before and why, rate limits, and the generation time by the bot's ticker.
 */
class JobOutcomesTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");
  private static final RouterSettings QUICK_RETRIES = new RouterSettings(2, Duration.ofMillis(1),
      Duration.ofSeconds(1), new Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(60)), Map.of(), 5,
      Duration.ofSeconds(30), Duration.ofHours(6), Set.of(), "", Duration.ofMinutes(3), Duration.ofMinutes(12),
      Map.of());
  private static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");

  private final InMemoryStore store = new InMemoryStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** The bot's ticker: it moves only when a provider below says it took time. */
  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private ImageBot bot;

  @AfterEach
  void closeBot() {
    if (bot != null) {
      bot.close();
    }
  }

  /** {@code inner}, taking {@code took} on the bot's ticker before it answers. */
  private ImageProvider taking(Duration took, ImageProvider inner) {
    return new ImageProvider() {
      @Override
      public ProviderInfo info() {
        return inner.info();
      }

      @Override
      public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
        nanos.addAndGet(took.toNanos());
        return inner.generate(request, progress);
      }
    };
  }

  private ImageBot bot(ImageProvider... providers) {
    ImageBot.Builder builder = ImageBot.builder().clock(TestClocks.FIXED).ticker(ticker).store(store)
        .routerSettings(QUICK_RETRIES).metrics(BotMetrics.on(registry));
    for (ImageProvider provider : providers) {
      builder.provider(provider);
    }
    bot = builder.build();
    return bot;
  }

  private JobStats today() {
    return store.stats(DAY, DAY.plus(Duration.ofDays(1)));
  }

  @Test
  void generate_firstProviderRateLimitedThenNext_recordsTheFallbackTheHitsAndTheTime() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.003");
    ProviderFailure.RateLimited tooMany = new ProviderFailure.RateLimited("429", Duration.ZERO);
    flux.thenFail(tooMany, tooMany, tooMany);
    bot(taking(Duration.ofSeconds(1), flux), taking(Duration.ofSeconds(4), ScriptedProvider.named("sdxl", "0.01")));

    assertInstanceOf(GenerateOutcome.Generated.class,
        bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> {}));

    assertEquals(new JobOutcome(JobOutcome.Kind.SUCCEEDED, "sdxl", List.of("flux:rate_limited"), 3,
        Duration.ofSeconds(7)), onlyOutcome());
    JobStats stats = today();
    assertEquals(1, stats.succeeded());
    assertEquals(3, stats.rateLimitHits(), "two retried and the last that moved on");
    assertEquals(Duration.ofSeconds(7), stats.mean(), "three calls to flux and one to sdxl");
    assertEquals(List.of(new ProviderFigures("flux", 1, 0, Duration.ZERO, Duration.ZERO, BigDecimal.ZERO),
            new ProviderFigures("sdxl", 1, 1, Duration.ofSeconds(7), Duration.ofSeconds(7), new BigDecimal("0.01"))),
        stats.providers().stream().map(figure -> new ProviderFigures(figure.providerId(), figure.calls(),
            figure.answered(), figure.p50(), figure.p95(), figure.spendUsd().stripTrailingZeros())).toList());
  }

  @Test
  void generate_everyProviderFails_recordsEachOneWithWhyAndNoSuccess() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.003")
        .alwaysFail(new ProviderFailure.Permanent("bad key", "FLUX_KEY"));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.01")
        .alwaysFail(new ProviderFailure.RegionUnavailable("not here"));
    bot(flux, taking(Duration.ofSeconds(2), sdxl));

    assertInstanceOf(GenerateOutcome.Failed.class,
        bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> {}));

    assertEquals(new JobOutcome(JobOutcome.Kind.FAILED, "", List.of("flux:permanent", "sdxl:region_unavailable"), 0,
        Duration.ofSeconds(2)), onlyOutcome());
    JobStats stats = today();
    assertEquals(1, stats.jobs());
    assertEquals(0, stats.succeeded());
    assertEquals(0.0, stats.successRate().orElseThrow());
    assertEquals(List.of("flux:1/0", "sdxl:1/0"), stats.providers().stream()
        .map(figure -> figure.providerId() + ":" + figure.calls() + "/" + figure.answered()).toList());
  }

  @Test
  void generate_contentRejected_isRecordedAsRejectedWithoutTryingTheNext() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.003")
        .alwaysFail(new ProviderFailure.ContentRejected("not allowed"));
    bot(flux, ScriptedProvider.named("sdxl", "0.01"));

    bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> {});

    assertEquals(new JobOutcome(JobOutcome.Kind.REJECTED, "", List.of("flux:content_rejected"), 0, Duration.ZERO),
        onlyOutcome());
  }

  @Test
  void generate_overTheBudget_isRecordedAsOverBudgetAndLeftOutOfTheSuccessRate() {
    bot = ImageBot.builder().clock(TestClocks.FIXED).ticker(ticker).store(store).routerSettings(QUICK_RETRIES)
        .monthlyBudget(new BigDecimal("0.001")).provider(ScriptedProvider.named("flux", "0.003")).build();

    assertInstanceOf(GenerateOutcome.Refused.class,
        bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> {}));

    assertEquals(JobOutcome.Kind.OVER_BUDGET, onlyOutcome().kind());
    assertEquals(0, today().jobs());
  }

  @Test
  void generate_routingThrows_theJobStillEndsFailed_namingTheProviderAsCrashed() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.003");
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    bot(new ImageProvider() {
      @Override
      public ProviderInfo info() {
        return flux.info();
      }

      /** Right when routing checks what it can afford; a bug once flux is being tried (its budget hold). */
      @Override
      public BigDecimal mostUsd(ProviderRequest request) {
        if (asked.incrementAndGet() > 1) {
          throw new IllegalStateException("a bug in the price");
        }
        return flux.mostUsd(request);
      }

      @Override
      public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
        return flux.generate(request, progress);
      }
    });

    GenerateOutcome.Failed failed = assertInstanceOf(GenerateOutcome.Failed.class,
        bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> {}));

    assertInstanceOf(Failure.Crashed.class, failed.reason());
    assertEquals(new JobOutcome(JobOutcome.Kind.FAILED, "", List.of("flux:crashed"), 0, Duration.ZERO),
        onlyOutcome());
    assertEquals(1, today().jobs(), "counted against the success rate");
    assertEquals(0, bot.quota(ALICE).used().today(), "refunded");
  }

  /** The outcome of the one job journaled. */
  private JobOutcome onlyOutcome() {
    assertEquals(1, store.jobs().size(), "one job journaled");
    return store.outcome(store.jobs().getFirst().id()).orElseThrow();
  }

  @Test
  void generate_fromTheCache_isACacheHitNotAJob() {
    bot(ScriptedProvider.named("flux", "0.003"));
    bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> {});
    bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), event -> {});

    JobStats stats = today();
    assertEquals(1, stats.jobs());
    assertEquals(1, stats.cacheHits());
    assertEquals(1, stats.paidAnswers());
  }

  /** A job-based provider whose {@code resume} takes {@code took} on the bot's ticker, then answers. */
  private ResumableProvider resumable(Duration took, ProviderResult answer) {
    ScriptedProvider inner = ScriptedProvider.named("replicate", "0.003");
    return new ResumableProvider() {
      @Override
      public ProviderInfo info() {
        return inner.info();
      }

      @Override
      public ProviderResult generate(ProviderRequest request, ProviderProgress progress) {
        throw new AssertionError("a re-attached job is not submitted again");
      }

      @Override
      public ProviderResult resume(String remoteJobId, ProviderRequest request, ProviderProgress progress) {
        nanos.addAndGet(took.toNanos());
        return answer;
      }
    };
  }

  /** A job the last run opened an hour before the restart, submitted after {@code measured} of its work. */
  private void leftOpenJob(Duration measured) {
    Reservation.Held held = (Reservation.Held) store.reserve(ALICE.key(), 1, new QuotaLimits(10, 100),
        TestClocks.NOW);
    long job = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", "k", "Lulu at Halloween", "replicate",
        held.id(), 1, TestClocks.NOW.minus(Duration.ofHours(1))));
    store.attachRemoteJob(job, "replicate", "r-1");
    store.measure(job, measured);
  }

  @Test
  void resumeOpenJobs_finished_countsTheRunBeforeTheStopAndThisRunButNotTheDowntime() {
    leftOpenJob(Duration.ofMillis(2500));
    bot(resumable(Duration.ofSeconds(7), new ProviderResult.Images(List.of(ScriptedProvider.image(1)))));

    bot.resumeOpenJobs().forEach(CompletableFuture::join);

    JobStats stats = today();
    assertEquals(1, stats.succeeded());
    assertEquals(Duration.ofMillis(9500), stats.mean());
    assertEquals("replicate", stats.providers().getFirst().providerId());
    assertEquals(1.0, registry.get("imagebot.generations").tags("outcome", "generated", "provider", "replicate",
        "tier", "resumed").counter().count());
    assertEquals(9.5, registry.get("imagebot.provider.generation").tag("provider", "replicate").timer()
        .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000, 1e-9, "both runs, not the downtime");
  }

  @Test
  void resumeOpenJobs_failedRemotely_recordsTheProviderAndWhy() {
    leftOpenJob(Duration.ofSeconds(1));
    bot(resumable(Duration.ofSeconds(3), new ProviderFailure.RateLimited("429", Duration.ofSeconds(9))));

    bot.resumeOpenJobs().forEach(CompletableFuture::join);

    JobStats stats = today();
    assertEquals(1, stats.jobs());
    assertEquals(0, stats.succeeded());
    assertEquals(1, stats.rateLimitHits());
    assertEquals(List.of(new ProviderFigures("replicate", 1, 0, Duration.ZERO, Duration.ZERO, BigDecimal.ZERO)),
        stats.providers());
    assertEquals(1.0, registry.get("imagebot.generations").tags("outcome", "failed", "reason", "provider_failed",
        "tier", "resumed").counter().count());
    assertEquals(1.0, registry.get("imagebot.provider.attempts").tags("provider", "replicate", "outcome",
        "rate_limited").counter().count());
  }
}
