package io.rolemarket.imagebot.core.route;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.RequestIds;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.generate.ProgressListener;
import io.rolemarket.imagebot.core.provider.ActionableProvider;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request to the best available provider and falls through to the next on failure.
 *
 * <p>Design: each provider has a {@link Lane} holding its circuit breaker, its bulkhead (a
 * {@link FairQueue} of {@link ProviderInfo#maxConcurrentCalls()} permits that takes turns between
 * users), its measured latency and the time until which it is blocked for our region. A request walks
 * the plan for its {@link RouteChoice} (for a request carrying a picture of the character, the providers that take
 * one first; providers that need one are left out of requests without), skipping lanes that are unavailable
 * (breaker open, region refused or configured out, price above the budget left). On a lane every attempt runs under
 * Failsafe: a per-call retry policy (transient failures and rate limits, honouring the provider's wait,
 * exponential backoff with jitter otherwise) around the lane's shared circuit breaker. The permit is
 * taken inside the retry, so a request sleeping before a retry holds no slot, and the {@link Watchdog}
 * cancels an attempt that stays silent past its silence deadline or runs past its total deadline, so a
 * job that reports progress is never cut off early. Permanent, regional and credit failures, and
 * retries exhausted, fall through to the next lane; a content refusal ends the request (the prompt is
 * not shopped around other providers' filters). A count above a provider's per-call maximum is
 * split into concurrent calls on virtual threads; whatever part succeeds is delivered (partial success).
 * Interrupting the calling thread cancels the request wherever it is, queue included.
 *
 * <p>Safe for concurrent use.
 */
public final class ProviderRouter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProviderRouter.class);

  /** What a call refused by the lane's open (or busy half-open) breaker returns. */
  private static final ProviderFailure.Transient BREAKER_OPEN =
      new ProviderFailure.Transient("circuit breaker open after repeated failures", null);

  private final java.util.Set<String> switchedOff = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final RouterSettings settings;
  private final Clock clock;
  private final Ticker ticker;
  private final Watchdog watchdog;
  private final BotMetrics metrics;

  /**
   * A router over {@code providers}, in the team's order of preference (the {@link Tier#BALANCED} order).
   *
   * @throws IllegalArgumentException when two providers share an id or there are none
   */
  public ProviderRouter(List<ImageProvider> providers, RouterSettings settings, Clock clock) {
    this(providers, settings, clock, Ticker.systemTicker());
  }

  /**
   * A router whose latencies and stall deadlines are measured with {@code ticker} (tests drive it);
   * {@code clock} dates region blocks.
   */
  public ProviderRouter(List<ImageProvider> providers, RouterSettings settings, Clock clock, Ticker ticker) {
    this(providers, settings, clock, ticker, BotMetrics.none());
  }

  /** A router that records each attempt and each lane's queue wait on {@code metrics}. */
  public ProviderRouter(List<ImageProvider> providers, RouterSettings settings, Clock clock, Ticker ticker,
      BotMetrics metrics) {
    this.metrics = metrics;
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("the router needs at least one provider");
    }
    this.settings = settings;
    this.clock = clock;
    this.ticker = ticker;
    this.watchdog = new Watchdog(Duration.ofMillis(50), ticker);
    for (ImageProvider provider : providers) {
      Lane lane = new Lane(provider, settings);
      if (lanes.putIfAbsent(provider.info().id(), lane) != null) {
        throw new IllegalArgumentException("two providers have the id " + provider.info().id());
      }
    }
  }

  /** Every provider, in the team's order. */
  public List<ProviderInfo> providers() {
    return lanes.values().stream().map(lane -> lane.info).toList();
  }

  /** The provider with this id, if it is configured. */
  public Optional<ProviderInfo> provider(String id) {
    Lane lane = lanes.get(id);
    return lane == null ? Optional.empty() : Optional.of(lane.info);
  }

  /** The provider with this id when it can re-attach to a remote job after a restart. */
  public Optional<ResumableProvider> resumable(String id) {
    Lane lane = lanes.get(id);
    return lane != null && lane.provider instanceof ResumableProvider resumable
        ? Optional.of(resumable) : Optional.empty();
  }

  /** The provider with this id when its finished jobs offer follow-up actions (Midjourney's U1–V4). */
  public Optional<ActionableProvider> actionable(String id) {
    Lane lane = lanes.get(id);
    return lane != null && lane.provider instanceof ActionableProvider actionable
        ? Optional.of(actionable) : Optional.empty();
  }

  /** The provider's last failure after {@code within} ago, if any. */
  public Optional<ProviderFailure> lastProblem(String id, Duration within) {
    Lane lane = lanes.get(id);
    return lane == null ? Optional.empty() : lane.problemSince(clock.instant().minus(within));
  }

  /** Whether the provider can take a call now: breaker closed, our region allowed. */
  public boolean isAvailable(String id) {
    Lane lane = lanes.get(id);
    return lane != null && !regionExcluded(lane) && !switchedOff.contains(id) && lane.available(clock);
  }

  /** The provider's circuit breaker now (closed for an unknown id). */
  public Circuit circuit(String id) {
    Lane lane = lanes.get(id);
    return lane == null ? Circuit.closed() : lane.circuit();
  }

  /** Whether the provider is used only for the quality tier or when named (the expensive ones). */
  public boolean isPremium(String id) {
    return settings.premiumProviders().contains(id);
  }

  /** How long provider {@code id} usually takes to answer, as measured (zero for an unknown id). */
  public Duration expectedLatency(String id) {
    Lane lane = lanes.get(id);
    return lane == null ? Duration.ZERO : lane.latency();
  }

  /** How many calls at once provider {@code id}'s lane lets run now (0 for an unknown id). */
  public int concurrencyLimit(String id) {
    Lane lane = lanes.get(id);
    return lane == null ? 0 : lane.limit();
  }

  /** Callers waiting for a slot of this provider now. */
  public int queued(String id) {
    Lane lane = lanes.get(id);
    return lane == null ? 0 : lane.queue.waiting();
  }

  /**
   * The providers {@code choice} would try for a request without a reference picture, in order, available now or
   * not; never those our region excludes.
   */
  public List<ProviderInfo> plan(RouteChoice choice) {
    return plan(choice, false);
  }

  /**
   * The providers {@code choice} would try, in order, available now or not; never those our region excludes. With
   * {@code withReference} (the request carries a picture of the character) those that take one come first.
   */
  public List<ProviderInfo> plan(RouteChoice choice, boolean withReference) {
    return lanesFor(choice, withReference).stream().map(lane -> lane.info).toList();
  }

  /**
   * Makes the images with the first provider in the plan that succeeds. Reports {@code Routed},
   * {@code Queued}, {@code Started}, {@code Submitted}, {@code Working}, {@code Retrying} and
   * {@code FellBack} events to {@code listener} on the calling thread (and on the threads of split calls).
   *
   * @throws InterruptedException when the calling thread is interrupted (the user cancelled)
   */
  public RouteOutcome generate(RouteRequest route, ProgressListener listener) throws InterruptedException {
    List<Lane> plan = lanesFor(route.choice(), route.carriesReference());
    if (plan.isEmpty()) {
      return new RouteOutcome.Exhausted(new Refusal.NoProvider(route.choice().providerId()));
    }
    List<Lane> usable = new ArrayList<>();
    for (Lane lane : plan) {
      boolean affordable = lane.provider.mostUsd(route.request()).compareTo(route.budgetLeftUsd()) <= 0;
      if (affordable && lane.info.aspectRatios().contains(route.request().aspectRatio())) {
        usable.add(lane);
      }
    }
    if (usable.isEmpty() && plan.stream().noneMatch(
        lane -> lane.info.aspectRatios().contains(route.request().aspectRatio()))) {
      return new RouteOutcome.Exhausted(new Refusal.UnsupportedShape(route.request().aspectRatio()));
    }
    if (usable.isEmpty()) {
      return new RouteOutcome.Exhausted(route.budget().refusal(route.budgetLeftUsd(), plan.size() > 1, clock.instant()));
    }
    listener.on(new ProgressEvent.Routed(usable.stream().map(lane -> lane.info.id()).toList()));
    Duration limit = usable.get(0).provider instanceof ResumableProvider
        ? settings.jobRequestDeadline() : settings.requestDeadline();
    List<ProviderFailure> failures = new ArrayList<>();
    RouteOutcome outcome;
    AtomicReference<String> trying = new AtomicReference<>("");
    Watchdog.Watch whole = watchdog.watch(new Deadlines(limit, limit));
    try {
      outcome = walk(usable, route, listener, failures, trying);
    } catch (InterruptedException e) {
      if (whole.expired().isEmpty()) {
        throw e;
      }
      outcome = null;
    } finally {
      whole.close();
    }
    if (!whole.expired().isEmpty()) {
      // The request's own deadline interrupted it (or raced its last answer): not a cancel by the user.
      Thread.interrupted();
      if (outcome == null || outcome instanceof RouteOutcome.Exhausted) {
        return new RouteOutcome.Exhausted(new Failure.PastDeadline(limit, failures, trying.get()));
      }
    }
    return outcome;
  }

  /** Tries the usable lanes in order until one delivers; adds each lane's failure to {@code failures}. */
  private RouteOutcome walk(List<Lane> usable, RouteRequest route, ProgressListener listener,
      List<ProviderFailure> failures, AtomicReference<String> trying) throws InterruptedException {
    Lane previous = null;
    boolean overBudget = false;
    for (Lane lane : usable) {
      if (!lane.available(clock)) {
        continue;
      }
      // The call's price is held before it starts: calls in flight together never pass the budget, and a call
      // that does not fit tries the next (cheaper) provider.
      OptionalLong hold = route.budget().hold(lane.provider.mostUsd(route.request()));
      if (hold.isEmpty()) {
        overBudget = true;
        continue;
      }
      boolean kept = false;
      try {
        if (previous != null) {
          listener.on(new ProgressEvent.FellBack(
              previous.info.id(), lane.info.id(), failures.getLast()));
        }
        trying.set(lane.info.displayName());
        ProviderResult result = callSplit(lane, route, listener);
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("generation cancelled");
        }
        if (result instanceof ProviderResult.Images images) {
          kept = true;
          return new RouteOutcome.Delivered(lane.info, images.images(), failures.size(), images.reportedCostUsd(),
              hold.getAsLong());
        }
        ProviderFailure failure = (ProviderFailure) result;
        log.warn("provider {} failed: {}", lane.info.id(), failure.message());
        if (failure != BREAKER_OPEN) {
          // The breaker's own refusal is no news: the failures that opened it were recorded.
          lane.recordProblem(failure, clock.instant());
        }
        if (failure instanceof ProviderFailure.OutOfCredit credit) {
          log.error("ADMIN: provider {} is out of credit; top up the account of {} (routing moves on meanwhile)",
              lane.info.id(), credit.setting());
        }
        if (failure instanceof ProviderFailure.RegionUnavailable) {
          lane.blockRegion(clock, settings.regionBlockFor());
        }
        failures.add(failure);
        if (failure instanceof ProviderFailure.ContentRejected) {
          // Another provider's filter is no reason to send the same prompt around.
          return new RouteOutcome.Exhausted(new Failure.ProvidersFailed(failures));
        }
        previous = lane;
      } finally {
        if (!kept) {
          route.budget().release(hold.getAsLong());
        }
      }
    }
    if (failures.isEmpty() && overBudget) {
      return new RouteOutcome.Exhausted(
          route.budget().refusal(route.budgetLeftUsd(), usable.size() > 1, clock.instant()));
    }
    return new RouteOutcome.Exhausted(new Failure.ProvidersFailed(failures));
  }

  @Override
  public void close() {
    watchdog.close();
  }

  private boolean regionExcluded(Lane lane) {
    return !settings.region().isEmpty() && lane.info.blockedRegions().contains(settings.region());
  }

  /**
   * Switches provider {@code id} off (an admin's {@code /provider off}: the router skips it, as if it were not
   * configured) or on again; an unknown id changes nothing.
   *
   * @return whether {@code id} is a configured provider
   */
  public boolean switchOff(String id, boolean off) {
    if (!lanes.containsKey(id)) {
      return false;
    }
    if (off) {
      switchedOff.add(id);
    } else {
      switchedOff.remove(id);
    }
    return true;
  }

  /** Whether an admin switched provider {@code id} off. */
  public boolean isSwitchedOff(String id) {
    return switchedOff.contains(id);
  }

  /**
   * The lanes {@code choice} tries, in order. A named provider is the only one, whatever it takes. Otherwise those
   * that draw only from a reference are left out of a request without one, and for a request with one the lanes
   * that take it come first, each group in the tier's order (a stable sort), so the rest remain the fallback.
   */
  private List<Lane> lanesFor(RouteChoice choice, boolean withReference) {
    if (choice.providerId() != null) {
      Lane lane = lanes.get(choice.providerId());
      return lane == null || regionExcluded(lane) || switchedOff.contains(lane.info.id()) ? List.of() : List.of(lane);
    }
    List<Lane> all = new ArrayList<>(lanes.values().stream()
        .filter(lane -> !regionExcluded(lane) && !switchedOff.contains(lane.info.id()))
        .filter(lane -> withReference || !lane.info.requiresReferenceImage()).toList());
    if (choice.tier() != Tier.QUALITY) {
      List<Lane> ordinary =
          all.stream().filter(lane -> !settings.premiumProviders().contains(lane.info.id())).toList();
      if (!ordinary.isEmpty()) {
        all = new ArrayList<>(ordinary);
      }
    }
    Comparator<Lane> byCost = Comparator.comparing(lane -> lane.info.costUsd(1));
    Comparator<Lane> byLatency = Comparator.comparing(lane -> lane.info.typicalLatency());
    switch (choice.tier()) {
      case QUALITY -> all.sort(byCost.reversed());
      case CHEAP -> all.sort(byCost.thenComparing(byLatency));
      case FAST -> all.sort(byLatency.thenComparing(byCost));
      case BALANCED -> { }
    }
    if (withReference) {
      all.sort(Comparator.comparing(lane -> !lane.info.supportsReferenceImage()));
    }
    return all;
  }

  /** Runs the request as one call, or as several concurrent calls when it asks for more than one call makes. */
  private ProviderResult callSplit(Lane lane, RouteRequest route, ProgressListener listener)
      throws InterruptedException {
    ProviderRequest request = route.request();
    int perCall = lane.info.maxImagesPerCall();
    if (request.count() <= perCall) {
      return call(lane, request, route.userKey(), listener);
    }
    List<Future<ProviderResult>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int offset = 0; offset < request.count(); offset += perCall) {
        Long seed = request.seed() == null ? null : request.seed() + offset;
        ProviderRequest part = request.withCount(Math.min(perCall, request.count() - offset)).withSeed(seed);
        futures.add(executor.submit(RequestIds.carry(() -> call(lane, part, route.userKey(), listener))));
      }
      List<GeneratedImage> images = new ArrayList<>();
      BigDecimal reported = BigDecimal.ZERO;
      boolean allReported = true;
      ProviderFailure firstFailure = null;
      for (Future<ProviderResult> future : futures) {
        ProviderResult result;
        try {
          result = future.get();
        } catch (ExecutionException e) {
          result = new ProviderFailure.Transient("provider call crashed: " + e.getCause(), null);
        } catch (InterruptedException e) {
          executor.shutdownNow();
          throw e;
        }
        switch (result) {
          case ProviderResult.Images part -> {
            images.addAll(part.images());
            allReported &= part.reportedCostUsd() != null;
            reported = part.reportedCostUsd() == null ? reported : reported.add(part.reportedCostUsd());
          }
          case ProviderFailure failure -> firstFailure = firstFailure == null ? failure : firstFailure;
        }
      }
      return images.isEmpty() ? firstFailure : new ProviderResult.Images(images, allReported ? reported : null);
    }
  }

  private ProviderResult call(Lane lane, ProviderRequest request, String userKey, ProgressListener listener) {
    String id = lane.info.id();
    RetryPolicy<ProviderResult> retry = RetryPolicy.<ProviderResult>builder()
        .handleResultIf(r -> r instanceof ProviderFailure.Transient || r instanceof ProviderFailure.RateLimited)
        .withMaxRetries(settings.maxRetries())
        .withDelayFn(context -> retryDelay(context.getLastResult(), context.getAttemptCount()))
        .abortIf(r -> {
          Duration hint = hintedWait(r);
          return hint != null && hint.compareTo(settings.backoffMax()) > 0;
        })
        .abortOn(InterruptedException.class)
        .onRetryScheduled(event -> listener.on(new ProgressEvent.Retrying(id,
            event.getLastResult() instanceof ProviderFailure failure ? failure
                : new ProviderFailure.Transient(event.getLastException() instanceof CircuitBreakerOpenException
                    ? "paused after repeated failures" : "provider error", null), event.getDelay())))
        .build();
    try {
      return Failsafe.with(retry, lane.breaker).get(() -> attempt(lane, request, userKey, listener));
    } catch (CircuitBreakerOpenException e) {
      return BREAKER_OPEN;
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return new ProviderFailure.Transient("cancelled", null);
      }
      throw e;
    }
  }

  private ProviderResult attempt(Lane lane, ProviderRequest request, String userKey, ProgressListener listener)
      throws InterruptedException {
    String id = lane.info.id();
    waitOutPause(lane);
    long queued = ticker.read();
    lane.queue.acquire(userKey, position -> listener.on(
        new ProgressEvent.Queued(id, position, lane.estimatedWait(position), lane.latency())));
    long started;
    try {
      waitOutPause(lane);
    } catch (InterruptedException e) {
      lane.queue.release();
      throw e;
    }
    started = ticker.read();
    metrics.queueWait(id, Duration.ofNanos(started - queued));
    Watchdog.Watch watch = watchdog.watch(settings.deadlinesFor(id), Lane.HELD, lane::held);
    ProviderResult result = null;
    try {
      listener.on(new ProgressEvent.Started(id, lane.info.displayName(), lane.info.model(), lane.latency()));
      result = lane.provider.generate(request, new ProviderProgress() {
        @Override
        public void report(int percent, String note) {
          watch.alive();
          listener.on(new ProgressEvent.Working(id, percent, note));
        }

        @Override
        public void submitted(String remoteJobId) {
          watch.alive();
          listener.on(new ProgressEvent.Submitted(id, remoteJobId));
        }
      });
    } catch (InterruptedException e) {
      if (watch.expired().isEmpty()) {
        throw e;
      }
      result = null;
    } catch (RuntimeException e) {
      log.error("provider {} threw instead of returning a failure", id, e);
      result = new ProviderFailure.Transient("provider error: " + e.getClass().getSimpleName(), null);
    } finally {
      watch.close();
      long now = ticker.read();
      if (result instanceof ProviderFailure.RateLimited limited && limited.retryAfter().isPositive()) {
        lane.pauseUntil(now + limited.retryAfter().toNanos());
      }
      if (result != null || !watch.expired().isEmpty()) {
        lane.sample(started, now - started, lane.queue.inUse(), pushedBack(result), watch.held());
      }
      lane.queue.release();
    }
    Duration took = Duration.ofNanos(ticker.read() - started);
    if (!watch.expired().isEmpty()) {
      Thread.interrupted();
      metrics.attempt(id, null, took);
      log.info("{} stopped after {} ms: {}", id, took.toMillis(), watch.expired());
      return new ProviderFailure.Transient(watch.expired(), null);
    }
    metrics.attempt(id, result, took);
    log.info("{} answered in {} ms: {}", id, took.toMillis(), switch (result) {
      case ProviderResult.Images images -> images.images().size() + (images.images().size() == 1 ? " picture" : " pictures");
      case ProviderFailure failure -> failure.getClass().getSimpleName() + " (" + failure.message() + ")";
    });
    if (result instanceof ProviderResult.Images) {
      lane.recordLatency(took);
    }
    return result;
  }

  /**
   * Waits while the lane is paused: a provider's 429 with a wait holds back every caller of that provider,
   * not only the one that got it.
   */
  private void waitOutPause(Lane lane) throws InterruptedException {
    for (Duration left = lane.pauseLeft(ticker.read()); left.isPositive(); left = lane.pauseLeft(ticker.read())) {
      Thread.sleep(left);
    }
  }

  /**
   * Whether a call's result is the provider pushing back on load (a 429, a server error or a timeout without a
   * hint that the model is loading, or no answer in time): the lane's limit shrinks on it.
   */
  private static boolean pushedBack(@Nullable ProviderResult result) {
    return result == null || result instanceof ProviderFailure.RateLimited
        || result instanceof ProviderFailure.Transient transientFailure && transientFailure.retryHint() == null;
  }

  /**
   * The wait before the next attempt: what the provider asked for (plus up to 10 % so a crowd of
   * callers does not return at the same instant, never less), else exponential backoff with ±20 % jitter.
   */
  private Duration retryDelay(@Nullable ProviderResult last, int attempts) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Duration hint = hintedWait(last);
    if (hint != null) {
      return hint.plusMillis(random.nextLong(hint.toMillis() / 10 + 1));
    }
    long base = settings.backoffStart().toMillis() << Math.min(20, Math.max(0, attempts - 1));
    long capped = Math.min(base, settings.backoffMax().toMillis());
    return Duration.ofMillis((long) (capped * (0.8 + 0.4 * random.nextDouble())));
  }

  private static @Nullable Duration hintedWait(@Nullable ProviderResult result) {
    return switch (result) {
      case ProviderFailure.RateLimited limited -> limited.retryAfter();
      case ProviderFailure.Transient failure -> failure.retryHint();
      case null, default -> null;
    };
  }


}
