package io.rolemarket.imagebot.core.route;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a provider call may run: a call that reports progress is never cut off by {@code silence},
 * only by {@code total}; a call that stays silent for {@code silence} is cancelled as stalled.
 *
 * @param silence longest time without a sign of life (progress, a queue update)
 * @param total longest time in all
 */
public record Deadlines(Duration silence, Duration total) {
  /** Checks that both are positive and silence is not longer than total. */
  public Deadlines {
    Objects.requireNonNull(silence, "silence");
    Objects.requireNonNull(total, "total");
    if (silence.isNegative() || silence.isZero() || silence.compareTo(total) > 0) {
      throw new IllegalArgumentException("silence must be positive and at most total (" + total + "), was " + silence);
    }
  }
}
