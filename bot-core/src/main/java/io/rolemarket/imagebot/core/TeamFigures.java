package io.rolemarket.imagebot.core;

import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.JobStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The team's five figures and their targets over three UTC periods, read from the journal ({@link ImageBot#figures}):
 * success rate at least {@link #SUCCESS_TARGET}, mean generation time under {@link #MEAN_TIME_TARGET}, CLIP
 * similarity at least {@link #CLIP_TARGET} (the mean score of the answers the consistency gate scored), spend
 * within the monthly budget (today and the last seven days against its share for as many days of this month), and
 * rate-limit hits (counted, no target).
 *
 * @param today the UTC day so far
 * @param lastSevenDays today and the six UTC days before it
 * @param thisMonth the UTC month so far
 * @param monthlyBudgetUsd the configured monthly budget
 */
public record TeamFigures(JobStats today, JobStats lastSevenDays, JobStats thisMonth, BigDecimal monthlyBudgetUsd) {
  /** The success rate the team aims for, at least. */
  public static final double SUCCESS_TARGET = 0.95;
  /** The mean generation time the team aims for, less than. */
  public static final Duration MEAN_TIME_TARGET = Duration.ofSeconds(15);
  /** The CLIP similarity the team aims for, at least. */
  public static final double CLIP_TARGET = 0.75;

  /** Checks the fields. */
  public TeamFigures {
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(lastSevenDays, "lastSevenDays");
    Objects.requireNonNull(thisMonth, "thisMonth");
    Objects.requireNonNull(monthlyBudgetUsd, "monthlyBudgetUsd");
  }

  /** The figures {@code journal} gives for the periods {@code now} falls in (UTC). */
  public static TeamFigures of(JobJournal journal, Instant now, BigDecimal monthlyBudgetUsd) {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant tomorrow = start(day.plusDays(1));
    YearMonth month = YearMonth.from(day);
    return new TeamFigures(journal.stats(start(day), tomorrow), journal.stats(start(day.minusDays(6)), tomorrow),
        journal.stats(start(month.atDay(1)), start(month.plusMonths(1).atDay(1))), monthlyBudgetUsd);
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** Whether {@code stats}' success rate meets the target; true when nothing was counted. */
  public static boolean successOnTarget(JobStats stats) {
    return stats.successRate().orElse(1) >= SUCCESS_TARGET;
  }

  /** Whether {@code stats}' mean CLIP similarity meets the target; true when nothing was scored. */
  public static boolean similarityOnTarget(JobStats stats) {
    return stats.similarity().orElse(1) >= CLIP_TARGET - 1e-4;
  }

  /** Whether {@code stats}' mean generation time meets the target; true when nothing was timed. */
  public static boolean timeOnTarget(JobStats stats) {
    return stats.timed() == 0 || stats.mean().compareTo(MEAN_TIME_TARGET) < 0;
  }

  /**
   * What {@code stats}' period may spend: the monthly budget for a month, else its share for the period's days of
   * a month as long as the one the period ends in.
   */
  public BigDecimal allowanceUsd(JobStats stats) {
    if (stats == thisMonth) {
      return monthlyBudgetUsd;
    }
    long days = Math.max(1, Duration.between(stats.from(), stats.to()).toDays());
    int monthDays = YearMonth.from(stats.to().minusSeconds(1).atZone(ZoneOffset.UTC)).lengthOfMonth();
    return monthlyBudgetUsd.multiply(BigDecimal.valueOf(days)).divide(BigDecimal.valueOf(monthDays), 4,
        RoundingMode.HALF_UP);
  }

  /** Whether {@code stats}' spend is within {@link #allowanceUsd}. */
  public boolean spendOnTarget(JobStats stats) {
    return stats.spendUsd().compareTo(allowanceUsd(stats)) <= 0;
  }
}
