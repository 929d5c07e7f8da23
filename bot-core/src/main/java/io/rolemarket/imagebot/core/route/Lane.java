package io.rolemarket.imagebot.core.route;

import com.netflix.concurrency.limits.Limit;
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
  /**
   * A call the provider has held this long without refusing it was taken into service: a provider over its
   * capacity refuses at once (a 429 comes back within one network round trip), so while the lane is still
   * starting, each such call lets two more start (what runs at once doubles about every this long).
   */
  static final Duration HELD = Duration.ofMillis(250);
  /** The cut on a push-back: a tenth. */
  private static final double BACKOFF = 0.9;
  final ImageProvider provider;
  final ProviderInfo info;
  final CircuitBreaker<ProviderResult> breaker;
  final FairQueue queue;
  private final int floor;
  private final int ceiling;
  private final long timeoutNanos;
  /** Null while starting (the limit grows on held calls); the library's AIMD after the first push-back. */
  private @Nullable Limit steady;
  /** When the limit last changed (ticker time): only calls started since then may judge it. */
  private long changedAtNanos;
  private volatile long pausedUntilNanos;
  private volatile boolean paused;
  private volatile Instant regionBlockedUntil = Instant.MIN;
  private volatile double latencyMillis;
  private boolean measuredAny;
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
    // The provider's declared calls at once is where the limit starts. While starting, every call the provider
    // holds (does not refuse at once) with callers waiting lets two more start, so a provider that can take a
    // burst gets it within a second or two instead of one round of its latency per doubling (slow start). The
    // first push-back (429, 5xx, timeout) ends the start: the limit drops to a tenth below what was in flight and
    // from then on Netflix's AIMD adds one per round trip that ran with the lane busy and cuts a tenth per round
    // trip with a push-back, between the team's configured floor and ceiling; without them a provider that
    // declares one call (one GPU) stays at one.
    int declared = Math.max(1, info.maxConcurrentCalls());
    Concurrency bounds = settings.providerConcurrency().getOrDefault(info.id(),
        new Concurrency(1, declared == 1 ? 1 : Math.max(Concurrency.DEFAULT_CEILING, declared)));
    this.floor = bounds.min();
    this.ceiling = bounds.max();
    this.timeoutNanos = settings.deadlinesFor(info.id()).total().toNanos();
    this.queue = new FairQueue(Math.clamp(declared, floor, ceiling));
    this.latencyMillis = info.typicalLatency().toMillis();
  }

  /** One of this lane's calls has been held {@link #HELD} by the provider: while starting, two more may run. */
  void held() {
    synchronized (this) {
      if (steady == null && queue.waiting() > 0) {
        // Two more for each call taken: the calls started on its account are held in turn, so what runs at
        // once doubles every HELD (the start of TCP's slow start, with "held" for its acknowledgement).
        queue.setPermits(Math.min(ceiling, queue.permits() + 2));
      }
    }
  }

  /**
   * Folds one finished call into the learned limit: {@code rttNanos} long, {@code inflight} calls running with
   * it, {@code dropped} when the provider pushed back (429, 5xx, a timeout), {@code held} when it already
   * counted as taken into service.
   */
  void sample(long startNanos, long rttNanos, int inflight, boolean dropped, boolean held) {
    synchronized (this) {
      if (steady == null) {
        if (dropped) {
          int from = Math.clamp((long) (inflight * BACKOFF), floor, ceiling);
          steady = AIMDLimit.newBuilder().initialLimit(from).minLimit(floor).maxLimit(ceiling)
              .backoffRatio(BACKOFF).timeout(timeoutNanos, TimeUnit.NANOSECONDS).build();
          changeTo(from, startNanos + rttNanos);
        } else if (!held && inflight * 2 >= queue.permits() && queue.permits() < ceiling) {
          // A quick provider answers before it counts as held: its answers let the limit grow instead.
          queue.setPermits(queue.permits() + 1);
        }
        return;
      }
      // One decision per round trip, as TCP does: a call sent before the last change says nothing about the new
      // limit, so a wave of refusals that arrive together is one cut, and growth is one call per round trip.
      if (startNanos - changedAtNanos < 0) {
        return;
      }
      steady.onSample(startNanos, rttNanos, inflight, dropped);
      if (steady.getLimit() != queue.permits()) {
        changeTo(steady.getLimit(), startNanos + rttNanos);
      }
    }
  }

  private void changeTo(int permits, long atNanos) {
    queue.setPermits(permits);
    changedAtNanos = atNanos;
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

  /**
   * Whether a result is the provider failing, not the request (a content refusal, one bad reference link) and not
   * the provider asking for less load: a 429 is answered by the learned limit and the lane's pause, and a burst
   * past a provider's hidden capacity must not open its breaker and send everyone elsewhere.
   */
  private static boolean countsAgainstTheProvider(ProviderResult result) {
    return result instanceof ProviderFailure failure && !(failure instanceof ProviderFailure.ContentRejected)
        && !(failure instanceof ProviderFailure.RateLimited)
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

  /**
   * Folds one measured call into the latency estimate (exponentially weighted, 20 % new); the first measurement
   * replaces the provider's declared latency, which was only a guess.
   */
  void recordLatency(Duration measured) {
    synchronized (this) {
      latencyMillis = measuredAny ? 0.8 * latencyMillis + 0.2 * measured.toMillis() : measured.toMillis();
      measuredAny = true;
    }
  }

  /** Measured latency so far. */
  Duration latency() {
    return Duration.ofMillis((long) latencyMillis);
  }

  /**
   * About how long until a waiter at {@code position} starts: rounds of the bulkhead now times the latency; while
   * the lane is starting, the limit doubles every {@link #HELD} first, so a burst's waiters are not told the
   * rounds of the starting limit.
   */
  Duration estimatedWait(int position) {
    int permits = queue.permits();
    long growingMillis = 0;
    synchronized (this) {
      if (steady == null) {
        while (permits < position && permits < ceiling) {
          permits = Math.min(ceiling, permits * 2);
          growingMillis += HELD.toMillis();
        }
        if (permits >= position) {
          return Duration.ofMillis(growingMillis);
        }
      }
    }
    long rounds = (position + permits - 1) / permits;
    return Duration.ofMillis(growingMillis + (long) (rounds * latencyMillis));
  }
}
