package io.rolemarket.imagebot.core.route;

import io.rolemarket.imagebot.core.command.BotTexts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderRouterTest {
  private static final ProviderRequest ONE = new ProviderRequest("lulu at halloween", "", 1, AspectRatio.SQUARE, null, null);
  private static final BigDecimal PLENTY = new BigDecimal("100");

  private final List<ProgressEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<ProviderRouter> routers = new ArrayList<>();

  @AfterEach
  void closeRouters() {
    routers.forEach(ProviderRouter::close);
  }

  private static RouterSettings settings(Deadlines deadlines, int breakerFailures, String region) {
    return new RouterSettings(2, Duration.ofMillis(10), Duration.ofSeconds(1), deadlines, Map.of(), breakerFailures,
        Duration.ofSeconds(30), Duration.ofHours(6), Set.of("midjourney"), region, Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());
  }

  private static final RouterSettings QUICK = settings(new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10)), 5, "");

  private ProviderRouter router(RouterSettings settings, ImageProvider... providers) {
    ProviderRouter router = new ProviderRouter(List.of(providers), settings, Clock.systemUTC());
    routers.add(router);
    return router;
  }

  private RouteOutcome route(ProviderRouter router, RouteChoice choice, BigDecimal budget) throws InterruptedException {
    return router.generate(new RouteRequest(choice, ONE, "test:alice", budget), events::add);
  }

  private static String deliveredBy(RouteOutcome outcome) {
    return assertInstanceOf(RouteOutcome.Delivered.class, outcome, outcome.toString()).provider().id();
  }

  private static ProviderInfo info(String id, String cost, int latencySeconds, int concurrent, Set<String> blocked) {
    return new ProviderInfo(id, "Provider " + id, id + "-model", 1, EnumSet.allOf(AspectRatio.class), true, true,
        false, new BigDecimal(cost), Duration.ofSeconds(latencySeconds), concurrent, blocked);
  }

  @Test
  void generate_5xxThenSuccess_retriesTheSameProvider() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .thenFail(new ProviderFailure.Transient("HTTP 502", null), new ProviderFailure.Transient("HTTP 503", null));
    assertEquals("flux", deliveredBy(route(router(QUICK, flux), RouteChoice.balanced(), PLENTY)));
    assertEquals(3, flux.calls());
    assertEquals(2, events.stream().filter(ProgressEvent.Retrying.class::isInstance).count());
  }

  @Test
  void generate_modelLoading_waitsTheEstimatedTime() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .thenFail(new ProviderFailure.Transient("model loading", Duration.ofMillis(400)));
    long start = System.nanoTime();
    assertEquals("flux", deliveredBy(route(router(QUICK, flux), RouteChoice.balanced(), PLENTY)));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(400));
    assertTrue(events.stream().anyMatch(e -> e instanceof ProgressEvent.Retrying r
        && BotTexts.failure(r.failure()).equals("model loading (about 0 s)") && r.delay().toMillis() >= 400), events.toString());
  }

  @Test
  void generate_retryAfterLongerThanWeWait_fallsThroughAtOnce() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .alwaysFail(new ProviderFailure.RateLimited("429", Duration.ofMinutes(5)));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    long start = System.nanoTime();
    assertEquals("sdxl", deliveredBy(route(router(QUICK, flux, sdxl), RouteChoice.balanced(), PLENTY)));
    assertEquals(1, flux.calls());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    assertTrue(events.stream().anyMatch(e -> e instanceof ProgressEvent.FellBack f && f.fromProviderId().equals("flux") && f.toProviderId().equals("sdxl") && BotTexts.failure(f.failure()).equals("rate-limited")), events.toString());
  }

  @Test
  void generate_silentProvider_cutOffAndTheNextOneAnswers() throws Exception {
    RouterSettings settings = new RouterSettings(0, Duration.ofMillis(10), Duration.ofSeconds(1),
        new Deadlines(Duration.ofMillis(300), Duration.ofSeconds(30)), Map.of(), 5, Duration.ofSeconds(30),
        Duration.ofHours(6), Set.of(), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());
    ScriptedProvider stuck = ScriptedProvider.named("stuck", "0.001").latency(Duration.ofSeconds(20));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    long start = System.nanoTime();
    assertEquals("sdxl", deliveredBy(route(router(settings, stuck, sdxl), RouteChoice.balanced(), PLENTY)));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    assertTrue(events.toString().contains("no sign of life for 0 s"), events.toString());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void generate_slowButReportingProgress_neverCutOffBySilence() throws Exception {
    RouterSettings settings = new RouterSettings(0, Duration.ofMillis(10), Duration.ofSeconds(1),
        new Deadlines(Duration.ofMillis(300), Duration.ofSeconds(30)), Map.of(), 5, Duration.ofSeconds(30),
        Duration.ofHours(6), Set.of(), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());
    ScriptedProvider midjourney = ScriptedProvider.named("relax", "0.02").latency(Duration.ofMillis(1500))
        .progressEvery(Duration.ofMillis(100));
    assertEquals("relax", deliveredBy(route(router(settings, midjourney), RouteChoice.balanced(), PLENTY)));
    assertTrue(events.stream().filter(ProgressEvent.Working.class::isInstance).count() >= 10);
  }

  @Test
  void generate_pastTheTotalDeadline_cutOffEvenWithProgress() throws Exception {
    RouterSettings settings = new RouterSettings(0, Duration.ofMillis(10), Duration.ofSeconds(1),
        new Deadlines(Duration.ofMillis(300), Duration.ofSeconds(30)),
        Map.of("relax", new Deadlines(Duration.ofMillis(300), Duration.ofMillis(600))), 5, Duration.ofSeconds(30),
        Duration.ofHours(6), Set.of(), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());
    ScriptedProvider relax = ScriptedProvider.named("relax", "0.02").latency(Duration.ofSeconds(10))
        .progressEvery(Duration.ofMillis(50));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    assertEquals("sdxl", deliveredBy(route(router(settings, relax, sdxl), RouteChoice.balanced(), PLENTY)));
    assertTrue(events.toString().contains("ran past its total deadline"), events.toString());
  }

  @Test
  void generate_regionConfigured_blockedProviderNeverTried() throws Exception {
    ScriptedProvider gemini = ScriptedProvider.of(info("gemini", "0.039", 8, 4, Set.of("HK", "CN")));
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ProviderRouter router = router(settings(new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10)), 5, "hk"),
        gemini, flux);
    assertEquals(List.of("flux"), router.plan(RouteChoice.balanced()).stream().map(ProviderInfo::id).toList());
    assertEquals("flux", deliveredBy(route(router, RouteChoice.balanced(), PLENTY)));
    assertEquals(0, gemini.calls());
    assertFalse(router.isAvailable("gemini"));
    assertInstanceOf(RouteOutcome.Exhausted.class, route(router, new RouteChoice("gemini", Tier.BALANCED), PLENTY));
  }

  @Test
  void generate_regionRefusalAtRunTime_providerOffForHours() throws Exception {
    ScriptedProvider gemini = ScriptedProvider.named("gemini", "0.039")
        .alwaysFail(new ProviderFailure.RegionUnavailable("User location is not supported for the API use."));
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ProviderRouter router = router(QUICK, gemini, flux);
    assertEquals("flux", deliveredBy(route(router, RouteChoice.balanced(), PLENTY)));
    assertEquals("flux", deliveredBy(route(router, RouteChoice.balanced(), PLENTY)));
    assertEquals(1, gemini.calls(), "tried once, then skipped");
    assertFalse(router.isAvailable("gemini"));
  }

  @Test
  void generate_contentRejected_notShoppedAroundOtherProviders() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .alwaysFail(new ProviderFailure.ContentRejected("NSFW content detected"));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    RouteOutcome outcome = route(router(QUICK, flux, sdxl), RouteChoice.balanced(), PLENTY);
    assertTrue(BotTexts.reason(assertInstanceOf(RouteOutcome.Exhausted.class, outcome).reason()).contains("content rules"));
    assertEquals(1, flux.calls());
    assertEquals(0, sdxl.calls());
  }

  @Test
  void generate_budgetBelowThePrice_cheaperProviderAnswers() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    ProviderRouter router = router(QUICK, flux, sdxl);
    assertEquals("sdxl", deliveredBy(route(router, RouteChoice.balanced(), new BigDecimal("0.0010"))));
    assertEquals(0, flux.calls());

    RouteOutcome broke = route(router, RouteChoice.balanced(), BigDecimal.ZERO);
    assertTrue(BotTexts.reason(assertInstanceOf(RouteOutcome.Exhausted.class, broke).reason()).contains("budget"), broke.toString());
  }

  @Test
  void generate_repeatedFailures_openTheBreaker() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012")
        .alwaysFail(new ProviderFailure.Transient("HTTP 500", null));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    ProviderRouter router = router(settings(new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10)), 3, ""),
        flux, sdxl);
    assertEquals("sdxl", deliveredBy(route(router, RouteChoice.balanced(), PLENTY)));
    assertFalse(router.isAvailable("flux"));
    assertEquals("sdxl", deliveredBy(route(router, RouteChoice.balanced(), PLENTY)));
    assertEquals(3, flux.calls(), "an open breaker takes no calls");
  }

  /** Settings whose breaker opens after 3 failures and stays open for {@code openFor}; no retries. */
  private static RouterSettings breakerSettings(Duration openFor) {
    return new RouterSettings(0, Duration.ofMillis(10), Duration.ofSeconds(1),
        new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10)), Map.of(), 3, openFor, Duration.ofHours(6),
        Set.of(), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());
  }

  @Test
  void generate_providerBackAfterAnOutage_breakerTriesItAgainAfterItsOpenTimeAndCloses() throws Exception {
    // The scenario: ten 503s, then healthy again. Before the fix every request after the breaker
    // opened got "No image provider is available" with no call to the provider, for ever.
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    for (int i = 0; i < 10; i++) {
      flux.thenFail(new ProviderFailure.Transient("HTTP 503", null));
    }
    ProviderRouter router = router(breakerSettings(Duration.ofMillis(400)), flux);
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(RouteOutcome.Exhausted.class, route(router, RouteChoice.balanced(), PLENTY));
    }
    assertEquals(Circuit.State.OPEN, router.circuit("flux").state());
    assertTrue(router.circuit("flux").retryIn().toMillis() > 0);
    assertFalse(router.isAvailable("flux"));
    assertInstanceOf(RouteOutcome.Exhausted.class, route(router, RouteChoice.balanced(), PLENTY));
    assertEquals(3, flux.calls(), "an open breaker takes no calls during its open time");

    Thread.sleep(500);
    assertEquals(Circuit.State.HALF_OPEN, router.circuit("flux").state(), "the open time has passed");
    assertTrue(router.isAvailable("flux"));
    // The half-open trial fails (the outage goes on): open again, for another open time.
    assertInstanceOf(RouteOutcome.Exhausted.class, route(router, RouteChoice.balanced(), PLENTY));
    assertEquals(4, flux.calls());
    assertEquals(Circuit.State.OPEN, router.circuit("flux").state());

    // Through the remaining scripted failures, one trial per open time, until the provider is healthy.
    for (int trial = 0; trial < 10 && flux.unplayed() > 0; trial++) {
      Thread.sleep(500);
      route(router, RouteChoice.balanced(), PLENTY);
    }
    assertEquals(0, flux.unplayed());
    Thread.sleep(500);
    assertEquals("flux", deliveredBy(route(router, RouteChoice.balanced(), PLENTY)), "the trial succeeds");
    assertEquals(Circuit.State.CLOSED, router.circuit("flux").state(), "one success closes it");
    assertEquals("flux", deliveredBy(route(router, RouteChoice.balanced(), PLENTY)));
  }

  @Test
  void generate_hangingProvider_answeredWithinTheRequestDeadline() throws Exception {
    // Before: 6 attempts × 90 s of silence = 548 s until one line. Now the request's own deadline ends it.
    RouterSettings settings = new RouterSettings(2, Duration.ofMillis(10), Duration.ofSeconds(1),
        new Deadlines(Duration.ofSeconds(90), Duration.ofMinutes(15)), Map.of(), 5, Duration.ofSeconds(30),
        Duration.ofHours(6), Set.of(), "", Duration.ofMillis(800), Duration.ofMinutes(12), Map.of());
    ScriptedProvider hung = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofHours(1));
    ScriptedProvider alsoHung = ScriptedProvider.named("sdxl", "0.0006").latency(Duration.ofHours(1));
    long start = System.nanoTime();
    RouteOutcome outcome = route(router(settings, hung, alsoHung), RouteChoice.balanced(), PLENTY);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    RouteOutcome.Exhausted exhausted = assertInstanceOf(RouteOutcome.Exhausted.class, outcome);
    assertTrue(BotTexts.reason(exhausted.reason()).startsWith("No picture after 0 s"), BotTexts.reason(exhausted.reason()));
    assertTrue(BotTexts.reason(exhausted.reason()).contains("Nothing was charged"), BotTexts.reason(exhausted.reason()));
    assertTrue(BotTexts.reason(exhausted.reason()).contains("Scripted flux did not answer in time"), BotTexts.reason(exhausted.reason()));
    assertTrue(tookMillis >= 800 && tookMillis < 3000, "took " + tookMillis + " ms");
    assertFalse(Thread.currentThread().isInterrupted(), "the deadline is not a cancel");
  }

  @Test
  void generate_slowFirstProviderThenFallback_deliveredWithinTheDeadline() throws Exception {
    RouterSettings settings = new RouterSettings(0, Duration.ofMillis(10), Duration.ofSeconds(1),
        new Deadlines(Duration.ofMillis(300), Duration.ofMinutes(15)), Map.of(), 5, Duration.ofSeconds(30),
        Duration.ofHours(6), Set.of(), "", Duration.ofSeconds(5), Duration.ofMinutes(12), Map.of());
    ScriptedProvider hung = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofHours(1));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006").latency(Duration.ofMillis(200));
    assertEquals("sdxl", deliveredBy(route(router(settings, hung, sdxl), RouteChoice.balanced(), PLENTY)));
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void generate_repeatedFailuresOfOneRequestsOwn_leaveTheBreakerClosedForEveryoneElse() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").alwaysFail(new ProviderFailure.Permanent(
        "could not fetch the character's reference image", "the character's reference_url", true));
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");
    ProviderRouter router = router(settings(new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10)), 3, ""),
        flux, sdxl);

    for (int i = 0; i < 4; i++) {
      assertEquals("sdxl", deliveredBy(route(router, RouteChoice.balanced(), PLENTY)), "falls through to the next");
    }

    assertTrue(router.isAvailable("flux"), "one character's bad link does not close the provider for all");
    assertEquals(4, flux.calls(), "never retried, never shut off");
  }

  @Test
  void plan_tiers_orderByDeclaredCostAndLatency() {
    ProviderRouter router = router(QUICK,
        ScriptedProvider.of(info("flux", "0.0012", 10, 4, Set.of())),
        ScriptedProvider.of(info("sdxl", "0.0006", 5, 4, Set.of())),
        ScriptedProvider.of(info("gemini", "0.039", 8, 4, Set.of())),
        ScriptedProvider.of(info("midjourney", "0.02", 18, 4, Set.of())));
    assertEquals(List.of("flux", "sdxl", "gemini"), ids(router.plan(RouteChoice.balanced())));
    assertEquals(List.of("sdxl", "flux", "gemini"), ids(router.plan(new RouteChoice(null, Tier.CHEAP))));
    assertEquals(List.of("sdxl", "gemini", "flux"), ids(router.plan(new RouteChoice(null, Tier.FAST))));
    assertEquals(List.of("gemini", "midjourney", "flux", "sdxl"), ids(router.plan(new RouteChoice(null, Tier.QUALITY))));
    assertEquals(List.of("midjourney"), ids(router.plan(new RouteChoice("midjourney", Tier.BALANCED))));
  }

  @Test
  void generate_busyProvider_queuesWithPositionAndEstimate() throws Exception {
    ScriptedProvider slow = ScriptedProvider.of(info("slow", "0.001", 1, 1, Set.of())).latency(Duration.ofMillis(300));
    ProviderRouter router = router(QUICK, slow);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String user = "test:u" + i;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          router.generate(new RouteRequest(RouteChoice.balanced(), ONE, user, PLENTY), events::add);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    List<ProgressEvent.Queued> queued = events.stream().filter(ProgressEvent.Queued.class::isInstance)
        .map(ProgressEvent.Queued.class::cast).toList();
    assertTrue(queued.stream().anyMatch(q -> q.position() == 2 && q.estimatedWait().toMillis() > 0), events.toString());
    assertEquals(3, slow.calls());
  }

  @Test
  void generate_cancelledWhileQueued_throwsAndLeavesTheQueue() throws Exception {
    ScriptedProvider slow = ScriptedProvider.of(info("slow", "0.001", 1, 1, Set.of())).latency(Duration.ofSeconds(2));
    ProviderRouter router = router(QUICK, slow);
    CountDownLatch firstStarted = new CountDownLatch(1);
    Thread first = Thread.ofVirtual().start(() -> {
      try {
        router.generate(new RouteRequest(RouteChoice.balanced(), ONE, "test:bob", PLENTY), e -> {
          if (e instanceof ProgressEvent.Started) {
            firstStarted.countDown();
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
    CountDownLatch inQueue = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread second = Thread.ofVirtual().start(() -> {
      try {
        router.generate(new RouteRequest(RouteChoice.balanced(), ONE, "test:alice", PLENTY), e -> {
          if (e instanceof ProgressEvent.Queued) {
            inQueue.countDown();
          }
        });
      } catch (InterruptedException e) {
        thrown.set(e);
      }
    });
    assertTrue(inQueue.await(5, TimeUnit.SECONDS));
    second.interrupt();
    second.join(5000);
    assertInstanceOf(InterruptedException.class, thrown.get());
    assertEquals(0, router.queued("slow"));
    first.join(5000);
    assertEquals(1, slow.calls(), "the cancelled request never reached the provider");
  }

  @Test
  void generate_unknownProvider_exhaustedWithAHint() throws Exception {
    RouteOutcome outcome = route(router(QUICK, ScriptedProvider.named("flux", "0.0012")),
        new RouteChoice("dalle", Tier.BALANCED), PLENTY);
    assertTrue(BotTexts.reason(assertInstanceOf(RouteOutcome.Exhausted.class, outcome).reason()).contains("/providers"));
    assertThrows(IllegalArgumentException.class, () -> new ProviderRouter(List.of(), QUICK, Clock.systemUTC()));
  }

  private static List<String> ids(List<ProviderInfo> infos) {
    return infos.stream().map(ProviderInfo::id).toList();
  }
}
