package io.rolemarket.imagebot.core.route;

/**
 * The floor and ceiling of one provider's learned limit of calls at once (the team's configuration:
 * {@code concurrency.<provider>: {min, max}}).
 *
 * @param min the fewest calls at once the limit may shrink to, at least 1
 * @param max the most it may grow to, at least {@code min}
 */
public record Concurrency(int min, int max) {
  /** The most calls at once a provider is let grow to when the team sets no ceiling (unless it declares more). */
  public static final int DEFAULT_CEILING = 128;

  /** Checks the bounds. */
  public Concurrency {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("concurrency needs 1 <= min <= max, was min " + min + ", max " + max);
    }
  }
}
