package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.store.JobJournal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The team's monthly spending limit in US dollars. The spend of the current UTC month is read from the
 * journal once, then kept up to date in memory as generations are paid. Requests in flight together may
 * pass the limit by their own cost at most. Safe for concurrent use.
 */
public final class Budget {
  private final BigDecimal monthlyUsd;
  private final JobJournal journal;
  private final Clock clock;
  private YearMonth month;
  private BigDecimal spent = BigDecimal.ZERO;

  /** A budget of {@code monthlyUsd} a month, counting what {@code journal} recorded. */
  public Budget(BigDecimal monthlyUsd, JobJournal journal, Clock clock) {
    if (monthlyUsd.signum() < 0) {
      throw new IllegalArgumentException("the monthly budget must not be negative, was " + monthlyUsd);
    }
    this.monthlyUsd = monthlyUsd;
    this.journal = journal;
    this.clock = clock;
  }

  /** The monthly limit. */
  public BigDecimal monthlyUsd() {
    return monthlyUsd;
  }

  /** Spent this month. */
  public synchronized BigDecimal spent() {
    roll();
    return spent;
  }

  /** What may still be spent this month (never negative). */
  public synchronized BigDecimal left() {
    roll();
    return monthlyUsd.subtract(spent).max(BigDecimal.ZERO);
  }

  /** Counts a paid generation. */
  public synchronized void charge(BigDecimal usd) {
    roll();
    spent = spent.add(usd);
  }

  private void roll() {
    YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    if (!now.equals(month)) {
      month = now;
      spent = journal.spend(now);
    }
  }
}
