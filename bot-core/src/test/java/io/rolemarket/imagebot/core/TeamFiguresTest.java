package io.rolemarket.imagebot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.JobStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeamFiguresTest {
  private static final Instant TODAY = Instant.parse("2026-11-24T00:00:00Z");
  private static final Instant TOMORROW = Instant.parse("2026-11-25T00:00:00Z");
  private static final Instant WEEK = Instant.parse("2026-11-18T00:00:00Z");
  private static final Instant MONTH = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant NEXT_MONTH = Instant.parse("2026-12-01T00:00:00Z");

  private static JobStats stats(Instant from, Instant to, int jobs, int succeeded, Duration mean, String spend) {
    return new JobStats(from, to, jobs, succeeded, succeeded, mean, mean, mean, 0, List.of(), new BigDecimal(spend),
        0, 0);
  }

  private static TeamFigures figures(String todaySpend, String weekSpend, String monthSpend) {
    return new TeamFigures(stats(TODAY, TOMORROW, 0, 0, Duration.ZERO, todaySpend),
        stats(WEEK, TOMORROW, 0, 0, Duration.ZERO, weekSpend),
        stats(MONTH, NEXT_MONTH, 0, 0, Duration.ZERO, monthSpend), new BigDecimal("30"));
  }

  @Test
  void allowance_aDayAndAWeek_areTheirShareOfTheMonthsBudget_theMonthAllOfIt() {
    TeamFigures figures = figures("1", "7.01", "30");
    assertEquals(0, BigDecimal.ONE.compareTo(figures.allowanceUsd(figures.today())), "$30 over November's 30 days");
    assertEquals(0, new BigDecimal("7").compareTo(figures.allowanceUsd(figures.lastSevenDays())));
    assertEquals(0, new BigDecimal("30").compareTo(figures.allowanceUsd(figures.thisMonth())));
    assertTrue(figures.spendOnTarget(figures.today()), "exactly the share is within it");
    assertFalse(figures.spendOnTarget(figures.lastSevenDays()));
    assertTrue(figures.spendOnTarget(figures.thisMonth()));
  }

  @Test
  void targets_atTheirEdges_successAtNinetyFiveMeetsIt_fifteenSecondsMissesIt() {
    assertTrue(TeamFigures.successOnTarget(stats(TODAY, TOMORROW, 20, 19, Duration.ofSeconds(1), "0")));
    assertFalse(TeamFigures.successOnTarget(stats(TODAY, TOMORROW, 21, 19, Duration.ofSeconds(1), "0")));
    assertTrue(TeamFigures.timeOnTarget(stats(TODAY, TOMORROW, 1, 1, Duration.ofMillis(14_999), "0")));
    assertFalse(TeamFigures.timeOnTarget(stats(TODAY, TOMORROW, 1, 1, Duration.ofSeconds(15), "0")));
    assertTrue(TeamFigures.successOnTarget(stats(TODAY, TOMORROW, 0, 0, Duration.ZERO, "0")), "nothing to miss");
  }
}
