package io.rolemarket.imagebot.core.route;

import com.netflix.concurrency.limits.limit.AIMDLimit;
import dev.failsafe.CircuitBreaker;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One provider as the router sees it: breaker, fair bulkhead whose size is learned from the provider,
 * measured latency, region block, and the pause a 429 asked of every caller. Safe for concurrent use.
 */
final class Lane {
  /** The most calls at once a provider is let grow to, unless it declares more (or one: then it stays at one). */
  static final int CEILING = 64;
  final ImageProvider provider;
  final ProviderInfo info;
  final CircuitBreaker<ProviderResult> breaker;
  final FairQueue queue;
  private final AIMDLimit limit;
  private volatile long pausedUntilNanos;
  private volatile boolean paused;
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
    // The provider's declared calls at once is where the limit starts; it then adds one for each call that
    // ran with the lane busy and cuts by a tenth on every 429, 5xx or timeout (additive increase,
    // multiplicative decrease), between the team's configured floor and ceiling; without them a provider that
    // declares one call (one GPU) stays at one.
    int declared = Math.max(1, info.maxConcurrentCalls());
    Concurrency bounds = settings.providerConcurrency().getOrDefault(info.id(),
        new Concurrency(1, declared == 1 ? 1 : Math.max(CEILING, declared)));
    int start = Math.clamp(declared, bounds.min(), bounds.max());
    this.limit = AIMDLimit.newBuilder().initialLimit(start).minLimit(bounds.min()).maxLimit(bounds.max())
        .backoffRatio(0.9).timeout(settings.deadlinesFor(info.id()).total().toNanos(), TimeUnit.NANOSECONDS)
        .build();
    this.queue = new FairQueue(start);
    this.latencyMillis = info.typicalLatency().toMillis();
  }

  /**
   * Folds one finished call into the learned limit: {@code rttNanos} long, {@code inflight} calls running with
   * it, {@code dropped} when the provider pushed back (429, 5xx, a timeout).
   */
  void sample(long startNanos, long rttNanos, int inflight, boolean dropped) {
    limit.onSample(startNanos, rttNanos, inflight, dropped);
    queue.setPermits(limit.getLimit());
  }

  /** How many calls the lane lets run at once now. */
  int limit() {
    return queue.permits();
  }

  /** Every caller of this provider waits until {@code untilNanos} (ticker time): the provider asked for it. */
  void pauseUntil(long untilNanos) {
    synchronized (this) {
      if (!paused || untilNanos - pausedUntilNanos > 0) {
        pausedUntilNanos = untilNanos;
        paused = true;
      }
    }
  }

  /** How long a caller must still wait before its call (zero when the lane is not paused). */
  Duration pauseLeft(long nowNanos) {
    if (!paused) {
      return Duration.ZERO;
    }
    long left = pausedUntilNanos - nowNanos;
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
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

  /** About how long until a waiter at {@code position} starts: rounds of the bulkhead now times the latency. */
  Duration estimatedWait(int position) {
    int permits = queue.permits();
    long rounds = (position + permits - 1) / permits;
    return Duration.ofMillis((long) (rounds * latencyMillis));
  }
}
