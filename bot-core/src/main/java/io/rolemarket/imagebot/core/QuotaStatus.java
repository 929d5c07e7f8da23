package io.rolemarket.imagebot.core;

import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A user's quota now, for {@code /quota}.
 *
 * @param role the user's role
 * @param limits their limits
 * @param used what they used today and this month
 * @param spentThisMonthUsd what their pictures cost the team this UTC month (booked as the budget books it)
 * @param dayResetsAt the next UTC midnight
 * @param monthResetsAt the first of next month, UTC
 */
public record QuotaStatus(Role role, QuotaLimits limits, QuotaUsage used, BigDecimal spentThisMonthUsd,
    Instant dayResetsAt, Instant monthResetsAt) {

  /** Images left today, taking the month's limit into account too. */
  public int remainingToday() {
    if (limits.unlimited()) {
      return Integer.MAX_VALUE;
    }
    return Math.max(0, Math.min(limits.daily() - used.today(), limits.monthly() - used.thisMonth()));
  }
}
