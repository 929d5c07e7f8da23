package io.rolemarket.imagebot.core.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The team's figures over the jobs the journal finished in a period [{@code from}, {@code to}) ({@link
 * JobJournal#stats}): how many succeeded, how long they took, how often providers pushed back, each provider's
 * share, and how often the cache answered instead of a paid call.
 *
 * @param jobs finished jobs that count toward the success rate (not those refused before a provider was asked
 *     nor those cancelled; see {@link JobOutcome.Kind#counted})
 * @param succeeded those of them that delivered pictures (partial results included)
 * @param timed the succeeded jobs whose generation time was measured: what {@code mean}, {@code p50} and
 *     {@code p95} are over (zero when none)
 * @param rateLimitHits the providers' rate-limit answers (429s) over every job finished in the period
 * @param providers each provider that was called, by id
 * @param spendUsd what the providers billed in the period (booked as {@link JobJournal#spend})
 * @param cacheHits answers the cache gave in the period (history entries from the cache)
 * @param paidAnswers answers a provider was paid for in the period (the other history entries)
 * @param scored those paid answers whose pictures the consistency gate scored (see {@link HistoryEntry#similarity})
 * @param meanSimilarity the mean of their scores, the team's CLIP similarity figure (zero when none were scored)
 */
public record JobStats(Instant from, Instant to, int jobs, int succeeded, int timed, Duration mean, Duration p50,
    Duration p95, int rateLimitHits, List<ProviderFigures> providers, BigDecimal spendUsd, int cacheHits,
    int paidAnswers, int scored, double meanSimilarity) {

  /** Checks the period and copies the list. */
  public JobStats {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("the period must end after it starts, was " + from + " to " + to);
    }
    providers = List.copyOf(providers);
    if (scored < 0 || scored > paidAnswers) {
      throw new IllegalArgumentException("scored answers must be 0.." + paidAnswers + ", was " + scored);
    }
  }

  /** Figures with no answer scored. */
  public JobStats(Instant from, Instant to, int jobs, int succeeded, int timed, Duration mean, Duration p50,
      Duration p95, int rateLimitHits, List<ProviderFigures> providers, BigDecimal spendUsd, int cacheHits,
      int paidAnswers) {
    this(from, to, jobs, succeeded, timed, mean, p50, p95, rateLimitHits, providers, spendUsd, cacheHits, paidAnswers,
        0, 0);
  }

  /** The mean CLIP similarity of the answers scored, or empty when none were. */
  public OptionalDouble similarity() {
    return scored == 0 ? OptionalDouble.empty() : OptionalDouble.of(meanSimilarity);
  }

  /**
   * One provider's figures in the period.
   *
   * @param calls jobs it was asked for: those it answered and those where it failed before another answered or
   *     all failed
   * @param answered jobs it answered with pictures
   * @param p50 the median generation time of the jobs it answered (zero: none)
   * @param p95 the 95th percentile of the same
   * @param spendUsd what it billed in the period
   */
  public record ProviderFigures(String providerId, int calls, int answered, Duration p50, Duration p95,
      BigDecimal spendUsd) {
    /** Checks the fields. */
    public ProviderFigures {
      Objects.requireNonNull(providerId, "providerId");
      Objects.requireNonNull(spendUsd, "spendUsd");
    }

    /** The share of its calls that it answered, 0..1, or empty when it had none. */
    public OptionalDouble successRate() {
      return calls == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) answered / calls);
    }
  }

  /** The share of counted jobs that succeeded, 0..1, or empty when there were none. */
  public OptionalDouble successRate() {
    return jobs == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) succeeded / jobs);
  }

  /** The share of answers the cache gave, 0..1, or empty when there were none. */
  public OptionalDouble cacheHitRatio() {
    int answers = cacheHits + paidAnswers;
    return answers == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) cacheHits / answers);
  }

  /**
   * The figures over {@code outcomes}, the jobs finished in [{@code from}, {@code to}): the one computation both
   * stores share, so they cannot disagree.
   *
   * @param spendByProvider what each provider billed in the period
   */
  public static JobStats of(Instant from, Instant to, List<JobOutcome> outcomes,
      Map<String, BigDecimal> spendByProvider, int cacheHits, int paidAnswers) {
    return of(from, to, outcomes, spendByProvider, cacheHits, paidAnswers, 0, 0);
  }

  /**
   * {@link #of(Instant, Instant, List, Map, int, int)} with the consistency figure: {@code scored} paid answers
   * whose similarities average {@code meanSimilarity}.
   */
  public static JobStats of(Instant from, Instant to, List<JobOutcome> outcomes,
      Map<String, BigDecimal> spendByProvider, int cacheHits, int paidAnswers, int scored, double meanSimilarity) {
    int jobs = 0;
    int succeeded = 0;
    int rateLimitHits = 0;
    List<Duration> times = new ArrayList<>();
    Map<String, int[]> calls = new TreeMap<>();
    Map<String, List<Duration>> timesByProvider = new TreeMap<>();
    for (JobOutcome outcome : outcomes) {
      rateLimitHits += outcome.rateLimitHits();
      for (String attempt : outcome.attempts()) {
        calls.computeIfAbsent(JobOutcome.providerOf(attempt), id -> new int[2])[0]++;
      }
      if (outcome.kind().delivered() && !outcome.providerId().isEmpty()) {
        int[] provider = calls.computeIfAbsent(outcome.providerId(), id -> new int[2]);
        provider[0]++;
        provider[1]++;
        timesByProvider.computeIfAbsent(outcome.providerId(), id -> new ArrayList<>()).add(outcome.generation());
      }
      if (!outcome.kind().counted()) {
        continue;
      }
      jobs++;
      if (outcome.kind().delivered()) {
        succeeded++;
        times.add(outcome.generation());
      }
    }
    TreeSet<String> ids = new TreeSet<>(calls.keySet());
    ids.addAll(spendByProvider.keySet());
    List<ProviderFigures> providers = new ArrayList<>();
    for (String id : ids) {
      int[] counted = calls.getOrDefault(id, new int[2]);
      List<Duration> answered = timesByProvider.getOrDefault(id, List.of());
      providers.add(new ProviderFigures(id, counted[0], counted[1], percentile(answered, 50),
          percentile(answered, 95), spendByProvider.getOrDefault(id, BigDecimal.ZERO)));
    }
    Duration total = times.stream().reduce(Duration.ZERO, Duration::plus);
    Duration mean = times.isEmpty() ? Duration.ZERO : total.dividedBy(times.size());
    BigDecimal spend = spendByProvider.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    return new JobStats(from, to, jobs, succeeded, times.size(), mean, percentile(times, 50), percentile(times, 95),
        rateLimitHits, providers, spend, cacheHits, paidAnswers, scored, scored == 0 ? 0 : meanSimilarity);
  }

  /** The nearest-rank {@code percent}th percentile of {@code times} (zero when there are none). */
  static Duration percentile(List<Duration> times, int percent) {
    if (times.isEmpty()) {
      return Duration.ZERO;
    }
    List<Duration> sorted = times.stream().sorted().toList();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
