package io.rolemarket.imagebot.core.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The store port that holds money against the team's monthly budget while a provider call runs, as the quota
 * ledger holds images: a hold is taken atomically before the call (a conditional insert, never read-then-write)
 * and released once the job's own cost is billed, or the call failed. What counts against the budget is the
 * month's billed spend ({@link JobJournal#spend}) plus every hold still held: a hold is billed when its job
 * finishes, which is now or later, so it counts in the month being checked whatever month it was taken in.
 *
 * <p>Implementations are safe for concurrent use: under any number of concurrent holds, billed spend plus holds
 * never passes the limit.
 */
public interface SpendHolds {

  /**
   * Holds {@code usd} if the billed spend of {@code now}'s UTC month plus every hold held plus {@code usd} stays
   * within {@code limitUsd}.
   *
   * @return the hold's id, or empty when it would pass the limit (nothing is held then)
   */
  OptionalLong hold(BigDecimal usd, BigDecimal limitUsd, Instant now);

  /** Gives a hold back (its job is billed, failed or was cancelled); releasing twice changes nothing. */
  void release(long holdId);

  /** The money held now, by calls in flight. */
  BigDecimal held();

  /**
   * Releases every hold: at start, the calls that held them died with the last process (a job resumed after the
   * restart bills its own cost when it finishes).
   *
   * @return how many were released
   */
  int releaseAll();
}
