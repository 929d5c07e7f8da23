package io.rolemarket.imagebot.core.quota;

/**
 * A user's image limits per UTC day and per UTC month; {@link #UNLIMITED} for none.
 *
 * @param daily images per day
 * @param monthly images per month
 */
public record QuotaLimits(int daily, int monthly) {
  /** No limit. */
  public static final QuotaLimits UNLIMITED = new QuotaLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** Checks the limits are not negative. */
  public QuotaLimits {
    if (daily < 0 || monthly < 0) {
      throw new IllegalArgumentException("quota limits must not be negative, were " + daily + "/" + monthly);
    }
  }

  /** Whether this is {@link #UNLIMITED}. */
  public boolean unlimited() {
    return daily == Integer.MAX_VALUE && monthly == Integer.MAX_VALUE;
  }
}
