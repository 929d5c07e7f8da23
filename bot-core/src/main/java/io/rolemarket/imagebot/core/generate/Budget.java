package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.route.BudgetGate;
import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.SpendHolds;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * The team's monthly spending limit in US dollars, kept by the store as a ledger: a provider call holds its price
 * before it starts ({@link #hold}), atomically against the month's billed spend plus every hold in flight, and the
 * hold is released once the job's own cost is billed or the call failed. So requests in flight together never pass
 * the limit, under any concurrency and across the end of a month (a hold counts in whatever month is being
 * checked: its job bills now or later). Holds left by a process that died are released when the bot starts.
 * Safe for concurrent use.
 */
public final class Budget implements BudgetGate {
  private final BigDecimal monthlyUsd;
  private final JobJournal journal;
  private final SpendHolds holds;
  private final Clock clock;

  /** A budget of {@code monthlyUsd} a month, counting what {@code journal} billed and what {@code holds} hold. */
  public Budget(BigDecimal monthlyUsd, JobJournal journal, SpendHolds holds, Clock clock) {
    if (monthlyUsd.signum() < 0) {
      throw new IllegalArgumentException("the monthly budget must not be negative, was " + monthlyUsd);
    }
    this.monthlyUsd = monthlyUsd;
    this.journal = journal;
    this.holds = holds;
    this.clock = clock;
  }

  /** The monthly limit. */
  public BigDecimal monthlyUsd() {
    return monthlyUsd;
  }

  /** Billed this month. */
  public BigDecimal spent() {
    return journal.spend(YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)));
  }

  /** What may still be spent this month: the limit less what is billed and held (never negative). */
  public BigDecimal left() {
    return monthlyUsd.subtract(spent()).subtract(holds.held()).max(BigDecimal.ZERO);
  }

  /** Holds {@code usd} for a provider call if it fits: the hold's id, or empty when it would pass the limit. */
  @Override
  public OptionalLong hold(BigDecimal usd) {
    return holds.hold(usd, monthlyUsd, clock.instant());
  }

  /** Gives a hold back: its job's cost is billed, or the call failed or was cancelled (0: none was taken). */
  @Override
  public void release(long holdId) {
    if (holdId != 0) {
      holds.release(holdId);
    }
  }
}
