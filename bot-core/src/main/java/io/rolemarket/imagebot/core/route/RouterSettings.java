package io.rolemarket.imagebot.core.route;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the router treats providers.
 *
 * @param maxRetries retries of a transient failure on one provider before falling through
 * @param backoffStart first retry delay without a hint from the provider
 * @param backoffMax longest retry delay; a provider asking for longer is skipped instead
 * @param callTimeout longest single call to a provider
 * @param breakerFailures consecutive failures that open a provider's circuit breaker
 * @param breakerOpenFor how long an opened breaker stays open
 * @param regionBlockFor how long a provider stays off after refusing our region
 * @param premiumProviders provider ids used only for the quality tier or when named
 */
public record RouterSettings(
    int maxRetries,
    Duration backoffStart,
    Duration backoffMax,
    Duration callTimeout,
    int breakerFailures,
    Duration breakerOpenFor,
    Duration regionBlockFor,
    Set<String> premiumProviders) {

  /** Checks the numbers. */
  public RouterSettings {
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries must be 0..10, was " + maxRetries);
    }
    Objects.requireNonNull(backoffStart, "backoffStart");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
    Objects.requireNonNull(regionBlockFor, "regionBlockFor");
    if (breakerFailures < 1) {
      throw new IllegalArgumentException("breakerFailures must be at least 1, was " + breakerFailures);
    }
    if (backoffStart.isNegative() || backoffStart.compareTo(backoffMax) > 0) {
      throw new IllegalArgumentException("backoffStart must be 0.." + backoffMax + ", was " + backoffStart);
    }
    premiumProviders = Set.copyOf(premiumProviders);
  }

  /** The defaults: two retries from 1 s up to 30 s, 2-minute calls, breakers open 30 s, regions 6 h. */
  public static RouterSettings defaults() {
    return new RouterSettings(
        2,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        5,
        Duration.ofSeconds(30),
        Duration.ofHours(6),
        Set.of("midjourney"));
  }
}
