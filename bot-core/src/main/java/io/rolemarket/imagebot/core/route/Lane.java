package io.rolemarket.imagebot.core.route;

import dev.failsafe.CircuitBreaker;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One provider as the router sees it: breaker, fair bulkhead, measured latency, region block. Safe for concurrent use. */
final class Lane {
  final ImageProvider provider;
  final ProviderInfo info;
  final CircuitBreaker<ProviderResult> breaker;
  final FairQueue queue;
  private volatile Instant regionBlockedUntil = Instant.MIN;
  private volatile double latencyMillis;
  private volatile @Nullable ProviderFailure lastProblem;
  private volatile Instant lastProblemAt = Instant.MIN;

  Lane(ImageProvider provider, RouterSettings settings) {
    this.provider = provider;
    this.info = provider.info();
    this.breaker = CircuitBreaker.<ProviderResult>builder()
        .handleResultIf(Lane::countsAgainstTheProvider)
        .withFailureThreshold(settings.breakerFailures())
        // Half-open: one trial call; its success closes the breaker, its failure opens it again.
        .withSuccessThreshold(1)
        .withDelay(settings.breakerOpenFor())
        .build();
    this.queue = new FairQueue(info.maxConcurrentCalls());
    this.latencyMillis = info.typicalLatency().toMillis();
  }

  /** Whether a result is the provider's failure, not the request's (a content refusal, one bad reference link). */
  private static boolean countsAgainstTheProvider(ProviderResult result) {
    return result instanceof ProviderFailure failure && !(failure instanceof ProviderFailure.ContentRejected)
        && !(failure instanceof ProviderFailure.Permanent permanent && permanent.requestOnly());
  }

  /**
   * Whether the lane may take a call: our region is not blocked and its breaker is closed, half-open, or
   * open with its open time passed. Failsafe moves an open breaker to half-open only inside an execution
   * ({@code tryAcquirePermit}), so a lane whose open time has passed must be tried for the breaker ever to
   * close again: that call is the half-open trial.
   */
  boolean available(Clock clock) {
    return breakerAdmits() && clock.instant().isAfter(regionBlockedUntil);
  }

  private boolean breakerAdmits() {
    return !breaker.isOpen() || breaker.getRemainingDelay().isZero();
  }

  /** The breaker as {@code /providers} shows it: closed, half-open (a trial call is due), or open and for how long. */
  Circuit circuit() {
    if (breaker.isClosed()) {
      return new Circuit(Circuit.State.CLOSED, Duration.ZERO);
    }
    if (breaker.isHalfOpen() || breaker.getRemainingDelay().isZero()) {
      return new Circuit(Circuit.State.HALF_OPEN, Duration.ZERO);
    }
    return new Circuit(Circuit.State.OPEN, breaker.getRemainingDelay());
  }

  void blockRegion(Clock clock, Duration duration) {
    regionBlockedUntil = clock.instant().plus(duration);
  }

  /** Remembers a failure for admins' eyes ({@code /providers}, {@code /stats}). */
  void recordProblem(ProviderFailure failure, Instant at) {
    lastProblem = failure;
    lastProblemAt = at;
  }

  /** The last failure, if it happened after {@code since}. */
  Optional<ProviderFailure> problemSince(Instant since) {
    ProviderFailure problem = lastProblem;
    return problem != null && lastProblemAt.isAfter(since) ? Optional.of(problem) : Optional.empty();
  }

  /** Folds one measured call into the latency estimate (exponentially weighted, 20 % new). */
  void recordLatency(Duration measured) {
    latencyMillis = 0.8 * latencyMillis + 0.2 * measured.toMillis();
  }

  /** Measured latency so far. */
  Duration latency() {
    return Duration.ofMillis((long) latencyMillis);
  }

  /** About how long until a waiter at {@code position} starts: rounds of the bulkhead times the latency. */
  Duration estimatedWait(int position) {
    long rounds = (position + info.maxConcurrentCalls() - 1) / info.maxConcurrentCalls();
    return Duration.ofMillis((long) (rounds * latencyMillis));
  }
}
