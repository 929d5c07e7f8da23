package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobOutcome.Kind;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.JobStats.ProviderFigures;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every store must do for each job's story ({@link JobJournal#recordOutcome}, {@link JobJournal#measure}) and
 * the team's figures over a period ({@link JobJournal#stats}): jobs counted by when they closed, spend by when it
 * was billed, answers by when history recorded them, each in [from, to) to the second. Amounts are compared
 * after {@code stripTrailingZeros}: a store may keep any scale.
 */
public abstract class JobStatsContract extends StoreContractBase {
  private static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void stats_aMonthOfJobs_countsSuccessTimesRateLimitsProvidersAndCache() {
    finished("flux", "0.003", "2026-11-02T09:00:00Z", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 4));
    finished("flux", "0.003", "2026-11-03T09:00:00Z",
        outcome(Kind.SUCCEEDED, "flux", List.of("sdxl:rate_limited"), 3, 10));
    failed("2026-11-04T09:00:00Z", outcome(Kind.FAILED, "", List.of("flux:transient", "sdxl:permanent"), 0, 20));
    failed("2026-11-05T09:00:00Z", outcome(Kind.OVER_BUDGET, "", List.of(), 0, 0));
    finished("sdxl", "0.01", "2026-11-06T09:00:00Z",
        outcome(Kind.PARTIAL, "sdxl", List.of("flux:region_unavailable"), 1, 6));
    cached("2026-11-07T09:00:00Z");
    cached("2026-11-08T09:00:00Z");

    JobStats stats = store.stats(NOVEMBER, DECEMBER);

    assertEquals(4, stats.jobs(), "a job refused over the budget is no success nor failure of generation");
    assertEquals(3, stats.succeeded());
    assertEquals(0.75, stats.successRate().orElseThrow(), 1e-9);
    assertEquals(3, stats.timed());
    assertEquals(Duration.ofMillis(6667), Duration.ofMillis(Math.round(stats.mean().toNanos() / 1e6)));
    assertEquals(Duration.ofSeconds(6), stats.p50());
    assertEquals(Duration.ofSeconds(10), stats.p95());
    assertEquals(4, stats.rateLimitHits());
    assertEquals(List.of(
            new ProviderFigures("flux", 4, 2, Duration.ofSeconds(4), Duration.ofSeconds(10), new BigDecimal("0.006")),
            new ProviderFigures("sdxl", 3, 1, Duration.ofSeconds(6), Duration.ofSeconds(6), new BigDecimal("0.01"))),
        plain(stats.providers()));
    assertEquals(new BigDecimal("0.016"), stats.spendUsd().stripTrailingZeros());
    assertEquals(2, stats.cacheHits());
    assertEquals(3, stats.paidAnswers());
    assertEquals(0.4, stats.cacheHitRatio().orElseThrow(), 1e-9);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.rolemarket.imagebot.core.testing.StoreContract#lastSecondsOfMonths")
  void stats_jobsInTheLastSecondOfAMonthAndTheFirstOfTheNext_eachInItsOwnMonth(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    Instant first = last.plusSeconds(1);
    Instant monthStart = last.atZone(java.time.ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay()
        .toInstant(java.time.ZoneOffset.UTC);
    finished("flux", "0.003", lastSecond, outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 4));
    finished("sdxl", "0.01", first.toString(), outcome(Kind.SUCCEEDED, "sdxl", List.of(), 0, 8));

    JobStats before = store.stats(monthStart, first);
    JobStats after = store.stats(first, first.plus(Duration.ofDays(28)));

    assertEquals(List.of(new ProviderFigures("flux", 1, 1, Duration.ofSeconds(4), Duration.ofSeconds(4),
        new BigDecimal("0.003"))), plain(before.providers()));
    assertEquals(1, before.paidAnswers());
    assertEquals(List.of(new ProviderFigures("sdxl", 1, 1, Duration.ofSeconds(8), Duration.ofSeconds(8),
        new BigDecimal("0.01"))), plain(after.providers()));
    assertEquals(1, after.paidAnswers());
  }

  @Test
  void stats_aDay_takesFromItsFirstSecondUpToButNotTheNextDay() {
    finished("flux", "0.003", "2026-11-23T23:59:59Z", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 1));
    finished("flux", "0.003", "2026-11-24T00:00:00Z", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 2));
    failed("2026-11-24T23:59:59Z", outcome(Kind.FAILED, "", List.of("flux:rate_limited"), 1, 3));
    finished("flux", "0.003", "2026-11-25T00:00:00Z", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 4));
    cached("2026-11-24T00:00:00Z");
    cached("2026-11-25T00:00:00Z");

    JobStats day = store.stats(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-25T00:00:00Z"));

    assertEquals(2, day.jobs());
    assertEquals(1, day.succeeded());
    assertEquals(Duration.ofSeconds(2), day.mean());
    assertEquals(1, day.rateLimitHits());
    assertEquals(new BigDecimal("0.003"), day.spendUsd().stripTrailingZeros());
    assertEquals(1, day.cacheHits());
    assertEquals(1, day.paidAnswers());
  }

  @Test
  void stats_jobsWithinTheFirstSecondOfADay_areInThatDayNotTheOneBefore() {
    finished("flux", "0.003", "2026-11-24T00:00:00.250Z", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 3));
    failed("2026-11-23T23:59:59.750Z", outcome(Kind.FAILED, "", List.of("flux:transient"), 0, 5));
    cached("2026-11-24T00:00:00.500Z");

    JobStats day = store.stats(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-25T00:00:00Z"));
    JobStats before = store.stats(Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-24T00:00:00Z"));

    assertEquals(1, day.jobs());
    assertEquals(1, day.succeeded());
    assertEquals(new BigDecimal("0.003"), day.spendUsd().stripTrailingZeros());
    assertEquals(1, day.cacheHits());
    assertEquals(1, before.jobs());
    assertEquals(0, before.succeeded());
    assertEquals(0, before.spendUsd().signum());
    assertEquals(0, before.cacheHits() + before.paidAnswers());
  }

  @Test
  void stats_openJobsAndJobsWithoutAnOutcome_areLeftOut() {
    long unrecorded = store.open(ticket("flux", Instant.parse("2026-11-10T09:00:00Z")));
    store.close(unrecorded, false, "", 0, BigDecimal.ZERO, Instant.parse("2026-11-10T09:00:05Z"));
    long open = store.open(ticket("flux", Instant.parse("2026-11-10T10:00:00Z")));
    store.recordOutcome(open, outcome(Kind.FAILED, "", List.of("flux:transient"), 0, 3));

    JobStats stats = store.stats(NOVEMBER, DECEMBER);

    assertEquals(0, stats.jobs());
    assertEquals(List.of(), stats.providers());
    assertEquals(0, stats.rateLimitHits());
  }

  @Test
  void stats_aPeriodWithoutJobs_hasNoRatesAndZeroTimes() {
    JobStats stats = store.stats(NOVEMBER, DECEMBER);
    assertEquals(0, stats.jobs());
    assertEquals(true, stats.successRate().isEmpty());
    assertEquals(true, stats.cacheHitRatio().isEmpty());
    assertEquals(Duration.ZERO, stats.p95());
  }

  @Test
  void recordOutcome_twice_theLatestWins() {
    long job = store.open(ticket("flux", Instant.parse("2026-11-10T09:00:00Z")));
    store.recordOutcome(job, outcome(Kind.FAILED, "", List.of("flux:transient"), 0, 3));
    store.recordOutcome(job, outcome(Kind.SUCCEEDED, "flux", List.of(), 2, 5));
    store.close(job, true, "flux", 1, new BigDecimal("0.003"), Instant.parse("2026-11-10T09:00:05Z"));

    JobStats stats = store.stats(NOVEMBER, DECEMBER);

    assertEquals(1, stats.succeeded());
    assertEquals(2, stats.rateLimitHits());
    assertEquals(Duration.ofSeconds(5), stats.mean());
  }

  @Test
  void measure_anOpenRemoteJob_isReadBackForTheRunThatReattachesIt() {
    long job = store.open(ticket("midjourney", NOW));
    store.attachRemoteJob(job, "midjourney", "mj-1");
    store.measure(job, Duration.ofMillis(2500));
    store.measure(job, Duration.ofMillis(4250));

    RemoteJob open = store.openRemoteJobs().getFirst();

    assertEquals(Duration.ofMillis(4250), open.measured(), "the latest measure wins");
  }

  @Test
  void measure_aClosedJob_changesNothing() {
    long job = store.open(ticket("midjourney", NOW));
    store.attachRemoteJob(job, "midjourney", "mj-1");
    store.close(job, false, "", 0, BigDecimal.ZERO, NOW.plusSeconds(1));
    store.measure(job, Duration.ofSeconds(9));
    assertEquals(List.of(), store.openRemoteJobs());
  }

  @Test
  void stats_toNotAfterFrom_isABug() {
    assertThrows(IllegalArgumentException.class, () -> store.stats(NOVEMBER, NOVEMBER));
  }

  /** A succeeded job of one picture from {@code provider} that cost {@code usd}, finished at {@code at}. */
  private void finished(String provider, String usd, String at, JobOutcome outcome) {
    Instant closed = Instant.parse(at);
    long job = store.open(ticket(provider, closed.minusSeconds(5)));
    store.recordOutcome(job, outcome);
    store.finish(job, new HistoryEntry(0, ALICE, "lulu", "halloween", "p", provider, new BigDecimal(usd),
        outcome.generation(), false, List.of(store.put(image(1), "p", provider)), closed));
  }

  /** A job that made nothing, closed at {@code at}. */
  private void failed(String at, JobOutcome outcome) {
    Instant closed = Instant.parse(at);
    long job = store.open(ticket("flux", closed.minusSeconds(5)));
    store.recordOutcome(job, outcome);
    store.close(job, false, "", 0, BigDecimal.ZERO, closed);
  }

  /** An answer from the cache at {@code at}. */
  private void cached(String at) {
    store.record(new HistoryEntry(0, BOB, "lulu", "halloween", "p", "flux", BigDecimal.ZERO, Duration.ofMillis(5),
        true, List.of(store.put(image(2), "p", "flux")), Instant.parse(at)));
  }

  private static JobOutcome outcome(Kind kind, String provider, List<String> attempts, int rateLimits,
      int seconds) {
    return new JobOutcome(kind, provider, attempts, rateLimits, Duration.ofSeconds(seconds));
  }

  private static JobTicket ticket(String provider, Instant at) {
    return new JobTicket(ALICE, "lulu", "halloween", "k-" + at, "p", provider, 0, 1, at);
  }

  private static List<ProviderFigures> plain(List<ProviderFigures> figures) {
    return figures.stream().map(figure -> new ProviderFigures(figure.providerId(), figure.calls(), figure.answered(),
        figure.p50(), figure.p95(), figure.spendUsd().stripTrailingZeros())).toList();
  }
}
