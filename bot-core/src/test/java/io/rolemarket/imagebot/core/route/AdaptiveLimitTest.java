package io.rolemarket.imagebot.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lane's concurrency learned from the provider, and a provider's 429 holding back all its callers. */
class AdaptiveLimitTest {
  private static final ProviderRequest ONE = new ProviderRequest("lulu at halloween", "", 1, AspectRatio.SQUARE, null,
      null);
  private static final RouterSettings PATIENT = new RouterSettings(10, Duration.ofMillis(10), Duration.ofSeconds(5),
      new Deadlines(Duration.ofSeconds(20), Duration.ofSeconds(30)), Map.of(), 1000, Duration.ofSeconds(30),
      Duration.ofHours(6), Set.of(), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());

  private final List<ProviderRouter> routers = new ArrayList<>();

  @AfterEach
  void close() {
    routers.forEach(ProviderRouter::close);
  }

  /**
   * A provider answering after {@code latency} that refuses with a 429 ({@code retryAfter}) any call above
   * {@code capacity} at once (0: no limit); it records the most calls it saw at once and when each started.
   */
  private static class Loaded implements ImageProvider {
    final ProviderInfo info;
    final Duration latency;
    final int capacity;
    final Duration retryAfter;
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final List<long[]> calls = new CopyOnWriteArrayList<>();

    Loaded(int declared, Duration latency, int capacity, Duration retryAfter) {
      this.info = new ProviderInfo("busy", "Busy", "busy-model", 1, EnumSet.allOf(AspectRatio.class), true, true,
          false, new BigDecimal("0.001"), latency, declared, Set.of());
      this.latency = latency;
      this.capacity = capacity;
      this.retryAfter = retryAfter;
    }

    @Override
    public ProviderInfo info() {
      return info;
    }

    @Override
    public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
      long started = System.nanoTime();
      int now = running.incrementAndGet();
      try {
        peak.accumulateAndGet(now, Math::max);
        if (capacity > 0 && now > capacity) {
          refused.incrementAndGet();
          calls.add(new long[] {started, System.nanoTime(), 1});
          return new ProviderFailure.RateLimited("429", retryAfter);
        }
        Thread.sleep(latency);
        calls.add(new long[] {started, System.nanoTime(), 0});
        return new ProviderResult.Images(List.of(ScriptedProvider.image(now)));
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private List<RouteOutcome> burst(ProviderRouter router, int requests) throws Exception {
    List<Future<RouteOutcome>> futures = new ArrayList<>();
    try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < requests; i++) {
        String user = "test:user" + i;
        futures.add(users.submit(() -> router.generate(
            new RouteRequest(RouteChoice.balanced(), ONE, user, new BigDecimal("100")), event -> { })));
      }
      List<RouteOutcome> outcomes = new ArrayList<>();
      for (Future<RouteOutcome> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    }
  }

  private ProviderRouter router(ImageProvider provider) {
    ProviderRouter router = new ProviderRouter(List.of(provider), PATIENT, Clock.systemUTC());
    routers.add(router);
    return router;
  }

  @Test
  void limit_growsPastTheDeclaredCalls_whileTheProviderKeepsUp() throws Exception {
    Loaded provider = new Loaded(2, Duration.ofMillis(100), 0, Duration.ZERO);
    ProviderRouter router = router(provider);

    for (RouteOutcome outcome : burst(router, 80)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }

    assertTrue(provider.peak.get() >= 8, "a provider without a limit gets more than its declared 2 at once: "
        + provider.peak.get());
    assertTrue(router.concurrencyLimit("busy") > 2, "limit " + router.concurrencyLimit("busy"));
  }

  @Test
  void aBurst_reachesAProviderWithoutALimit_withinTheFirstRoundTrip() throws Exception {
    // FLUX-like: every call takes a second; the provider declares 2 but takes anything. Growing only on answers
    // would double once a second (2, 4, 8 ... 64 after six seconds); held calls let it double every quarter.
    Loaded provider = new Loaded(2, Duration.ofSeconds(1), 0, Duration.ZERO);
    ProviderRouter router = router(provider);

    for (RouteOutcome outcome : burst(router, 60)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }

    assertTrue(provider.peak.get() >= 30, "most of the burst ran at once: peak " + provider.peak.get());
    long firstAnswer = provider.calls.stream().mapToLong(call -> call[1]).min().orElseThrow();
    long startedBeforeIt = provider.calls.stream().filter(call -> call[0] < firstAnswer).count();
    assertTrue(startedBeforeIt >= 30, "calls started before the first answer came: " + startedBeforeIt);
  }

  @Test
  void aHiddenCap_isFound_withFewRefusals_andTheLimitSettlesNearIt() throws Exception {
    // The provider takes 24 at once and refuses more with "retry after 1 s"; the bot is not told 24.
    Loaded provider = new Loaded(4, Duration.ofMillis(400), 24, Duration.ofSeconds(1));
    ProviderRouter router = router(provider);

    for (RouteOutcome outcome : burst(router, 100)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }
    // A second burst on the learned limit.
    for (RouteOutcome outcome : burst(router, 100)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }

    int limit = router.concurrencyLimit("busy");
    assertTrue(limit >= 16 && limit <= 30, "the limit settled near the provider's 24: " + limit);
    assertTrue(provider.refused.get() < 50, "refusals over 200 requests: " + provider.refused.get());
    assertTrue(provider.peak.get() >= 20, "the provider's capacity was used: peak " + provider.peak.get());

  }

  @Test
  void refusalsPastAHiddenCap_doNotOpenTheBreaker() throws Exception {
    // A breaker that opens after three failures: the burst's 429s are load, not failures.
    RouterSettings touchy = new RouterSettings(10, Duration.ofMillis(10), Duration.ofSeconds(5),
        new Deadlines(Duration.ofSeconds(20), Duration.ofSeconds(30)), Map.of(), 3, Duration.ofSeconds(30),
        Duration.ofHours(6), Set.of(), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());
    Loaded provider = new Loaded(12, Duration.ofMillis(300), 6, Duration.ofMillis(200));
    ProviderRouter router = new ProviderRouter(List.of(provider), touchy, Clock.systemUTC());
    routers.add(router);

    for (RouteOutcome outcome : burst(router, 40)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }

    assertTrue(provider.refused.get() >= 3, "the provider did refuse: " + provider.refused.get());
    assertEquals(Circuit.State.CLOSED, router.circuit("busy").state());
  }

  @Test
  void configuredBounds_holdTheLimit_aCeilingCapsIt_andASingleProviderMayBeLetGrow() throws Exception {
    Loaded capped = new Loaded(2, Duration.ofMillis(50), 0, Duration.ZERO);
    ProviderRouter router = new ProviderRouter(List.of(capped), PATIENT.withConcurrency(
        Map.of("busy", new Concurrency(1, 3))), Clock.systemUTC());
    routers.add(router);
    for (RouteOutcome outcome : burst(router, 40)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }
    assertTrue(capped.peak.get() <= 3, "never past the configured ceiling: " + capped.peak.get());
    assertEquals(3, router.concurrencyLimit("busy"));

    Loaded single = new Loaded(1, Duration.ofMillis(50), 0, Duration.ZERO);
    ProviderRouter grown = new ProviderRouter(List.of(single), PATIENT.withConcurrency(
        Map.of("busy", new Concurrency(1, 4))), Clock.systemUTC());
    routers.add(grown);
    for (RouteOutcome outcome : burst(grown, 40)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }
    assertTrue(single.peak.get() > 1 && single.peak.get() <= 4, "configured to grow to 4: " + single.peak.get());
  }

  @Test
  void limit_shrinksOnTheProviders429s_andEveryRequestIsStillServed() throws Exception {
    Loaded provider = new Loaded(16, Duration.ofMillis(100), 6, Duration.ofMillis(50));
    ProviderRouter router = router(provider);

    for (RouteOutcome outcome : burst(router, 60)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }

    int limit = router.concurrencyLimit("busy");
    assertTrue(limit < 16, "the declared 16 came down on the provider's 429s: " + limit);
    assertTrue(provider.refused.get() < 60, "refusals stay below one per request: " + provider.refused.get());
  }

  @Test
  void aProvidersWait_holdsBackEveryCaller_notOnlyTheOneRefused() throws Exception {
    // One call at once; the first is refused with "wait 600 ms"; the next callers were queued behind it.
    Loaded provider = new Loaded(1, Duration.ofMillis(20), 0, Duration.ZERO) {
      private final AtomicInteger seen = new AtomicInteger();

      @Override
      public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
        if (seen.getAndIncrement() == 0) {
          calls.add(new long[] {System.nanoTime(), System.nanoTime(), 1});
          return new ProviderFailure.RateLimited("429", Duration.ofMillis(600));
        }
        return super.generate(request, progress);
      }
    };
    ProviderRouter router = router(provider);

    for (RouteOutcome outcome : burst(router, 4)) {
      assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString());
    }

    long refusedAt = provider.calls.get(0)[1];
    assertEquals(5, provider.calls.size(), "the refused call, then four pictures");
    for (long[] call : provider.calls.subList(1, provider.calls.size())) {
      assertTrue(call[0] - refusedAt >= Duration.ofMillis(590).toNanos(), "a call started "
          + Duration.ofNanos(call[0] - refusedAt).toMillis() + " ms after the provider asked for 600 ms");
    }
    assertEquals(1, router.concurrencyLimit("busy"), "a provider that declares one call stays at one");
  }
}
