package io.rolemarket.imagebot.core.route;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.Fallback;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.ProgressListener;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request to the best available provider and falls through to the next on failure.
 *
 * <p>Design: each provider has a lane holding its circuit breaker, its bulkhead (a fair semaphore of
 * {@link ProviderInfo#maxConcurrentCalls()} permits) and the time until which it is blocked for our
 * region. A request walks the plan for its {@link RouteChoice} in order, skipping lanes that are not
 * available. On a lane, every attempt runs under Failsafe: a per-call retry policy (transient failures
 * and rate limits, honouring the provider's wait when it gives one, exponential backoff with jitter
 * otherwise), the lane's shared circuit breaker, and a timeout that interrupts the call. The bulkhead
 * permit is taken inside the retry, so a request sleeping before its retry holds no slot. Permanent,
 * regional and content failures, and retries exhausted, fall through to the next lane. A count above a
 * provider's per-call maximum is split into concurrent calls on virtual threads; whatever part of them
 * succeeds is delivered (a partial success).
 *
 * <p>Safe for concurrent use.
 */
public final class ProviderRouter {
  private static final Logger log = LoggerFactory.getLogger(ProviderRouter.class);

  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final RouterSettings settings;
  private final Clock clock;

  /**
   * A router over {@code providers}, in the team's order of preference (the {@link Tier#BALANCED} order).
   *
   * @throws IllegalArgumentException when two providers share an id or there are none
   */
  public ProviderRouter(List<ImageProvider> providers, RouterSettings settings, Clock clock) {
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("the router needs at least one provider");
    }
    this.settings = settings;
    this.clock = clock;
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

  /** Whether the provider can take a call now: breaker closed and not blocked for our region. */
  public boolean isAvailable(String id) {
    Lane lane = lanes.get(id);
    return lane != null && lane.available(clock.instant());
  }

  /** Whether the provider is used only for the quality tier or when named (the expensive ones). */
  public boolean isPremium(String id) {
    return settings.premiumProviders().contains(id);
  }

  /** The providers {@code choice} would try, in order, available or not. */
  public List<ProviderInfo> plan(RouteChoice choice) {
    return lanesFor(choice).stream().map(lane -> lane.info).toList();
  }

  /**
   * Makes {@code request}'s images with the first provider in {@code choice}'s plan that succeeds.
   * Reports {@link ProgressEvent.Queued}, {@code Started}, {@code Working}, {@code Retrying} and
   * {@code FellBack} events to {@code listener}.
   *
   * @throws InterruptedException when the calling thread is interrupted
   */
  public RouteOutcome generate(RouteChoice choice, ProviderRequest request, ProgressListener listener)
      throws InterruptedException {
    List<Lane> plan = lanesFor(choice);
    if (plan.isEmpty()) {
      return new RouteOutcome.Exhausted(
          "There is no provider called '" + choice.providerId() + "'. See /providers.", List.of());
    }
    List<ProviderFailure> failures = new ArrayList<>();
    Lane previous = null;
    for (Lane lane : plan) {
      if (!lane.available(clock.instant())) {
        continue;
      }
      if (previous != null) {
        listener.on(new ProgressEvent.FellBack(
            previous.info.id(), lane.info.id(), describe(failures.get(failures.size() - 1))));
      }
      ProviderResult result = callSplit(lane, request, listener);
      switch (result) {
        case ProviderResult.Images images -> {
          return new RouteOutcome.Delivered(lane.info, images.images(), failures.size());
        }
        case ProviderFailure failure -> {
          log.warn("provider {} failed: {}", lane.info.id(), failure.message());
          if (failure instanceof ProviderFailure.RegionUnavailable) {
            lane.blockRegion(clock.instant().plus(settings.regionBlockFor()));
          }
          failures.add(failure);
          previous = lane;
        }
      }
    }
    return new RouteOutcome.Exhausted(userReason(failures), failures);
  }

  private List<Lane> lanesFor(RouteChoice choice) {
    if (choice.providerId() != null) {
      Lane lane = lanes.get(choice.providerId());
      return lane == null ? List.of() : List.of(lane);
    }
    List<Lane> all = new ArrayList<>(lanes.values());
    if (choice.tier() != Tier.QUALITY) {
      List<Lane> ordinary =
          all.stream().filter(lane -> !settings.premiumProviders().contains(lane.info.id())).toList();
      if (!ordinary.isEmpty()) {
        all = new ArrayList<>(ordinary);
      }
    }
    Comparator<Lane> byCost = Comparator.comparing(lane -> lane.info.costPerImageUsd());
    Comparator<Lane> byLatency = Comparator.comparing(lane -> lane.info.typicalLatency());
    switch (choice.tier()) {
      case QUALITY -> all.sort(byCost.reversed());
      case CHEAP -> all.sort(byCost.thenComparing(byLatency));
      case FAST -> all.sort(byLatency.thenComparing(byCost));
      case BALANCED -> {}
    }
    return all;
  }

  /** Runs the request as one call, or as several concurrent calls when it asks for more than one call makes. */
  private ProviderResult callSplit(Lane lane, ProviderRequest request, ProgressListener listener)
      throws InterruptedException {
    int perCall = lane.info.maxImagesPerCall();
    if (request.count() <= perCall) {
      return call(lane, request, listener);
    }
    List<ProviderRequest> parts = new ArrayList<>();
    for (int offset = 0; offset < request.count(); offset += perCall) {
      Long seed = request.seed() == null ? null : request.seed() + offset;
      parts.add(request.withCount(Math.min(perCall, request.count() - offset)).withSeed(seed));
    }
    List<Future<ProviderResult>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ProviderRequest part : parts) {
        futures.add(executor.submit(() -> call(lane, part, listener)));
      }
    }
    List<GeneratedImage> images = new ArrayList<>();
    ProviderFailure firstFailure = null;
    for (Future<ProviderResult> future : futures) {
      ProviderResult result;
      try {
        result = future.get();
      } catch (ExecutionException e) {
        result = new ProviderFailure.Transient("provider call crashed: " + e.getCause(), null);
      }
      switch (result) {
        case ProviderResult.Images part -> images.addAll(part.images());
        case ProviderFailure failure -> firstFailure = firstFailure == null ? failure : firstFailure;
      }
    }
    if (images.isEmpty()) {
      return firstFailure;
    }
    return new ProviderResult.Images(images);
  }

  private ProviderResult call(Lane lane, ProviderRequest request, ProgressListener listener) {
    String id = lane.info.id();
    RetryPolicy<ProviderResult> retry = RetryPolicy.<ProviderResult>builder()
        .handleResultIf(r -> r instanceof ProviderFailure.Transient || r instanceof ProviderFailure.RateLimited)
        .withMaxRetries(settings.maxRetries())
        .withDelayFn(context -> retryDelay(context.getLastResult(), context.getAttemptCount()))
        .abortIf(r -> {
          Duration hint = hintedWait(r);
          return hint != null && hint.compareTo(settings.backoffMax()) > 0;
        })
        .onRetryScheduled(event -> listener.on(
            new ProgressEvent.Retrying(id, describe((ProviderFailure) event.getLastResult()), event.getDelay())))
        .build();
    Fallback<ProviderResult> timedOut = Fallback.<ProviderResult>builder(
            new ProviderFailure.Transient("no answer within " + settings.callTimeout().toSeconds() + " s", null))
        .handle(TimeoutExceededException.class)
        .build();
    try {
      return Failsafe.with(retry, lane.breaker, timedOut, lane.timeout).get(() -> attempt(lane, request, listener));
    } catch (CircuitBreakerOpenException e) {
      return new ProviderFailure.Transient("circuit breaker open after repeated failures", null);
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return new ProviderFailure.Transient("cancelled", null);
      }
      throw e;
    }
  }

  private ProviderResult attempt(Lane lane, ProviderRequest request, ProgressListener listener)
      throws InterruptedException {
    String id = lane.info.id();
    if (!lane.permits.tryAcquire()) {
      int position = lane.permits.getQueueLength() + 1;
      long waitMillis = lane.info.typicalLatency().toMillis() * position / lane.info.maxConcurrentCalls();
      listener.on(new ProgressEvent.Queued(id, position, Duration.ofMillis(waitMillis)));
      lane.permits.acquire();
    }
    try {
      listener.on(new ProgressEvent.Started(id, lane.info.displayName(), lane.info.model()));
      return lane.provider.generate(
          request, (percent, note) -> listener.on(new ProgressEvent.Working(id, percent, note)));
    } catch (RuntimeException e) {
      log.error("provider {} threw instead of returning a failure", id, e);
      return new ProviderFailure.Transient("provider error: " + e.getClass().getSimpleName(), null);
    } finally {
      lane.permits.release();
    }
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

  private static String describe(ProviderFailure failure) {
    return switch (failure) {
      case ProviderFailure.RateLimited limited -> "rate-limited";
      case ProviderFailure.RegionUnavailable region -> "not available in this region";
      case ProviderFailure.ContentRejected rejected -> "prompt refused by the provider's content rules";
      case ProviderFailure.Transient transientFailure -> transientFailure.retryHint() != null
          ? "model loading (about " + transientFailure.retryHint().toSeconds() + " s)"
          : "temporary failure";
      case ProviderFailure.OutOfCredit credit -> "out of credit (check the account of " + credit.setting() + ")";
      case ProviderFailure.Permanent permanent -> "misconfigured" + (permanent.setting().isEmpty() ? "" : " (check " + permanent.setting() + ")");
    };
  }

  private static String userReason(List<ProviderFailure> failures) {
    if (failures.isEmpty()) {
      return "No image provider is available right now. Nothing was charged; please try again later.";
    }
    if (failures.stream().allMatch(f -> f instanceof ProviderFailure.ContentRejected)) {
      return "The image provider refused this prompt under its content rules. Nothing was charged; try other words.";
    }
    return "No image provider could make this picture right now (last: "
        + describe(failures.get(failures.size() - 1))
        + "). Nothing was charged; please try again in a minute.";
  }

  /** One provider with its breaker, bulkhead and region block. */
  private static final class Lane {
    final ImageProvider provider;
    final ProviderInfo info;
    final CircuitBreaker<ProviderResult> breaker;
    final Timeout<ProviderResult> timeout;
    final Semaphore permits;
    volatile Instant regionBlockedUntil = Instant.MIN;

    Lane(ImageProvider provider, RouterSettings settings) {
      this.provider = provider;
      this.info = provider.info();
      this.breaker = CircuitBreaker.<ProviderResult>builder()
          .handleResultIf(r -> r instanceof ProviderFailure && !(r instanceof ProviderFailure.ContentRejected))
          .withFailureThreshold(settings.breakerFailures())
          .withDelay(settings.breakerOpenFor())
          .build();
      this.timeout = Timeout.<ProviderResult>builder(settings.callTimeout()).withInterrupt().build();
      this.permits = new Semaphore(info.maxConcurrentCalls(), true);
    }

    boolean available(Instant now) {
      return !breaker.isOpen() && now.isAfter(regionBlockedUntil);
    }

    void blockRegion(Instant until) {
      regionBlockedUntil = until;
    }
  }
}
