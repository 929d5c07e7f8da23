package io.rolemarket.imagebot.core.route;

import java.time.Duration;
import java.util.Objects;

/**
 * A provider's circuit breaker as people see it.
 *
 * @param state closed (calls go through), half-open (the next call is a trial: one success closes it, a
 *     failure opens it again), or open (no calls until {@code retryIn} has passed)
 * @param retryIn for an open breaker, the time until its trial call; zero otherwise
 */
public record Circuit(State state, Duration retryIn) {
  /** The breaker's states. */
  public enum State {
    CLOSED,
    HALF_OPEN,
    OPEN
  }

  /** Checks the values. */
  public Circuit {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(retryIn, "retryIn");
  }

  /** A closed breaker. */
  public static Circuit closed() {
    return new Circuit(State.CLOSED, Duration.ZERO);
  }
}
