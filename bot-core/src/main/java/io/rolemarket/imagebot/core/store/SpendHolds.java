package io.rolemarket.imagebot.core.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The store port that holds money against the team's monthly budget while a provider call runs, as the quota
 * ledger holds images: a hold is taken atomically before the call (a conditional insert, never read-then-write)
 * and released once the job's own cost is billed, or the call failed. What counts against the budget is the
 * month's billed spend ({@link JobJournal#spend}) plus every hold still held: a hold is billed when its job
 * finishes, which is now or later, so it counts in the month being checked whatever month it was taken in. A
 * user's own monthly cap (by role) is kept the same way, over what that user's jobs billed and hold.
 *
 * <p>Implementations are safe for concurrent use: under any number of concurrent holds, billed spend plus holds
 * never passes the team's limit, nor a user's.
 */
public interface SpendHolds {

  /**
   * A provider call's price to hold.
   *
   * @param userKey who asks
   * @param usd the call's price
   * @param teamLimitUsd the team's monthly budget
   * @param userLimitUsd the most {@code userKey} may spend a month, or null for no cap of their own
   */
  record Ask(String userKey, BigDecimal usd, BigDecimal teamLimitUsd, @Nullable BigDecimal userLimitUsd) {
    /** Checks the fields. */
    public Ask {
      Objects.requireNonNull(userKey, "userKey");
      Objects.requireNonNull(usd, "usd");
      Objects.requireNonNull(teamLimitUsd, "teamLimitUsd");
    }
  }

  /**
   * Holds {@code ask.usd()} if the spend billed since the start of {@code now}'s UTC month plus every hold held plus
   * it stays within the team's limit, and (with a user limit) the same counted over the user's own jobs and holds
   * stays within theirs. Billed "since", not "in": a caller whose clock read was overtaken by the turn of the month
   * (it waited for the store) counts what the new month billed meanwhile, where its own call will bill too.
   *
   * @return the hold's id, or empty when it would pass a limit (nothing is held then)
   */
  OptionalLong hold(Ask ask, Instant now);

  /**
   * Holds {@code usd} for {@code userKey} whatever the limits: for a job whose call was paid for by a hold before a
   * restart (the restart released it) and is still running at the provider, so it keeps its place in the budget.
   */
  long holdAnyway(String userKey, BigDecimal usd, Instant now);

  /** Gives a hold back (its job is billed, failed or was cancelled); releasing twice changes nothing. */
  void release(long holdId);

  /** The money held now, by calls in flight. */
  BigDecimal held();

  /** What {@code userKey}'s jobs billed since the start of {@code now}'s UTC month plus what their calls hold now. */
  BigDecimal committedBy(String userKey, Instant now);

  /**
   * Releases every hold: at start, the calls that held them died with the last process (a job resumed after the
   * restart holds its price again with {@link #holdAnyway}).
   *
   * @return how many were released
   */
  int releaseAll();

  /**
   * Claims the warning that {@code month}'s spend passed {@code percent} % of the budget: true the first time
   * only, across restarts, so admins hear of each threshold once a month.
   */
  boolean claimWarning(YearMonth month, int percent, Instant at);
}
