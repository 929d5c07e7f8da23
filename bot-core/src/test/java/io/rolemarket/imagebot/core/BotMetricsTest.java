package io.rolemarket.imagebot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BotMetricsTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  private final InMemoryStore store = new InMemoryStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<ImageBot> bots = new ArrayList<>();

  @AfterEach
  void close() {
    bots.forEach(ImageBot::close);
  }

  private ImageBot bot(int dailyQuota, ImageProvider... providers) {
    ImageBot.Builder builder = ImageBot.builder().clock(TestClocks.FIXED).store(store)
        .routerSettings(ImageBotTest.FAST_RETRIES).quotaPolicy(QuotaPolicy.withDailyLimit(dailyQuota))
        .metrics(BotMetrics.on(registry));
    for (ImageProvider provider : providers) {
      builder.provider(provider);
    }
    ImageBot bot = builder.build();
    bots.add(bot);
    return bot;
  }

  @Test
  void generate_scriptedRun_everyCounterAndHistogramMatchesWhatHappened() {
    // hf: ok; rate-limited then ok; permanent (falls back to flux). flux: ok.
    ScriptedProvider hf = ScriptedProvider.named("hf", "0.0012");
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0006");
    ImageBot bot = bot(3, hf, flux);

    generated(bot, "pumpkins");
    hf.thenFail(new ProviderFailure.RateLimited("429", Duration.ZERO));
    generated(bot, "bats");
    generated(bot, "pumpkins");
    hf.thenFail(new ProviderFailure.Permanent("401", "HF_TOKEN", false));
    generated(bot, "moon");
    GenerateOutcome over = bot.generate(request("stars"), e -> {});

    assertInstanceOf(Refusal.OverQuota.class, assertInstanceOf(GenerateOutcome.Refused.class, over).reason());
    assertEquals(Map.of(
            "generated/none/hf/balanced", 2.0,
            "cached/none/hf/balanced", 1.0,
            "generated/none/flux/balanced", 1.0,
            "refused/over_quota/none/balanced", 1.0),
        counts("imagebot.generations", "outcome", "reason", "provider", "tier"));
    assertEquals(Map.of(
            "hf/ok", 2.0,
            "hf/rate_limited", 1.0,
            "hf/permanent", 1.0,
            "flux/ok", 1.0),
        counts("imagebot.provider.attempts", "provider", "outcome"));
    assertEquals(Map.of("memory", 1.0), counts("imagebot.cache.answers", "tier"));
    assertEquals(4, registry.get("imagebot.request.duration").timer().count());
    assertEquals(2, registry.get("imagebot.provider.generation").tag("provider", "hf").timer().count());
    assertEquals(1, registry.get("imagebot.provider.generation").tag("provider", "flux").timer().count());
    assertEquals(4, registry.get("imagebot.lane.queue.wait").tag("provider", "hf").timer().count());
    assertEquals(1, registry.get("imagebot.lane.queue.wait").tag("provider", "flux").timer().count());
    assertEquals(0.0024, registry.get("imagebot.spend").tag("provider", "hf").counter().count(), 1e-9);
    assertEquals(0.0006, registry.get("imagebot.spend").tag("provider", "flux").counter().count(), 1e-9);
    assertEquals(0.003, registry.get("imagebot.budget.spent").gauge().value(), 1e-9);
    assertEquals(50 - 0.003, registry.get("imagebot.budget.remaining").gauge().value(), 1e-9);
    assertEquals(50, registry.get("imagebot.budget.limit").gauge().value(), 1e-9);
  }

  @Test
  void watch_idleLane_gaugesShowQueueLimitAndBreakerState() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0006");
    ImageBot bot = bot(10, flux);

    assertEquals(0, registry.get("imagebot.lane.queue.depth").tag("provider", "flux").gauge().value());
    assertEquals(bot.providers().get(0).callsAtOnce(),
        registry.get("imagebot.lane.concurrency.limit").tag("provider", "flux").gauge().value());
    assertEquals(Map.of("flux/closed", 1.0, "flux/half_open", 0.0, "flux/open", 0.0),
        gauges("imagebot.provider.breaker.state", "provider", "state"));
  }

  @Test
  void generate_everyProviderFails_countedAsFailedWithItsReason() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0006")
        .alwaysFail(new ProviderFailure.RegionUnavailable("not served here"));

    GenerateOutcome outcome = bot(10, flux).generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {});

    assertInstanceOf(GenerateOutcome.Failed.class, outcome);
    assertEquals(Map.of("failed/providers_failed/none/balanced", 1.0),
        counts("imagebot.generations", "outcome", "reason", "provider", "tier"));
    assertEquals(Map.of("flux/region", 1.0), counts("imagebot.provider.attempts", "provider", "outcome"));
    assertTrue(registry.find("imagebot.spend").meters().isEmpty(), "nothing was paid");
  }

  @Test
  void generate_afterRestart_countedAsDiskAnswer() {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0006");
    ImageBot first = bot(10, flux);
    generated(first, "pumpkins");
    ImageBot restarted = bot(10, ScriptedProvider.named("flux", "0.0006"));

    generated(restarted, "pumpkins");

    assertEquals(Map.of("disk", 1.0), counts("imagebot.cache.answers", "tier"));
  }

  @Test
  void act_upscale_itsCostCountedAsSpendLikeAGeneration() {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    ImageBot bot = bot(10, midjourney);
    store.register(ALICE);
    store.setRole(ALICE.key(), Role.PRO);
    GenerateOutcome grid = bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4,
        AspectRatio.SQUARE, "midjourney", Tier.BALANCED, null, false), e -> {});
    String parent = assertInstanceOf(GenerateOutcome.Generated.class, grid).result().remoteJobId();

    GenerateOutcome upscaled = bot.act(ALICE, "midjourney", parent, "U2", "lulu", "halloween", e -> {});

    assertInstanceOf(GenerateOutcome.Generated.class, upscaled, upscaled.toString());
    assertEquals(0.08 + 0.02, registry.get("imagebot.spend").tag("provider", "midjourney").counter().count(), 1e-9);
    assertEquals(0.1, registry.get("imagebot.budget.spent").gauge().value(), 1e-9);
    GenerateOutcome unknown = bot.act(ALICE, "midjourney", parent, "U9", "lulu", "halloween", e -> {});
    assertInstanceOf(GenerateOutcome.Refused.class, unknown);
    assertEquals(Map.of(
            "generated/none/midjourney/balanced", 1.0,
            "generated/none/midjourney/action", 1.0,
            "refused/no_such_action/none/action", 1.0),
        counts("imagebot.generations", "outcome", "reason", "provider", "tier"));
    assertEquals(Map.of("midjourney/ok", 2.0), counts("imagebot.provider.attempts", "provider", "outcome"),
        "the grid and the upscale");
    assertEquals(2, registry.get("imagebot.provider.generation").tag("provider", "midjourney").timer().count());
    assertEquals(1, registry.get("imagebot.request.duration").tag("tier", "action").timer().count());
  }

  @Test
  void ticket_picturesMadeThenClosed_deliveryTimeRecordedOnce() {
    ImageBot bot = bot(10, ScriptedProvider.named("flux", "0.0006"));
    Command.Generate command = new Command.Generate("lulu", "halloween", List.of(), 1, AspectRatio.SQUARE, null,
        Tier.FAST, null, false);
    ImageBot.Ticket ticket = bot.admit(ALICE, "test", "chat:1", command).orElseThrow();

    assertInstanceOf(GenerateOutcome.Generated.class, ticket.generate(e -> {}));
    ticket.close();
    ticket.close();

    assertEquals(1, registry.get("imagebot.delivery.duration").tag("tier", "fast").timer().count());
  }

  @Test
  void ticket_refusedThenClosed_noDeliveryTime() {
    ImageBot bot = bot(10, ScriptedProvider.named("flux", "0.0006"));
    Command.Generate command = new Command.Generate("lullu", "halloween", List.of(), 1, AspectRatio.SQUARE, null,
        Tier.FAST, null, false);
    ImageBot.Ticket ticket = bot.admit(ALICE, "test", "chat:1", command).orElseThrow();

    assertInstanceOf(GenerateOutcome.Refused.class, ticket.generate(e -> {}));
    ticket.close();

    assertTrue(registry.find("imagebot.delivery.duration").timers().isEmpty());
  }

  @Test
  void platformRateLimited_twice_countsHitsAndSecondsAsked() {
    BotMetrics metrics = BotMetrics.on(registry);

    metrics.platformRateLimited("telegram", Duration.ofSeconds(3));
    metrics.platformRateLimited("telegram", Duration.ofMillis(1500));

    assertEquals(2, registry.get("imagebot.platform.rate.limited").tag("platform", "telegram").counter().count());
    assertEquals(4.5, registry.get("imagebot.platform.retry.after").tag("platform", "telegram").counter().count());
  }

  /** Lulu at Halloween with {@code extra} words: a prompt of its own. */
  private static GenerateRequest request(String extra) {
    return new GenerateRequest(ALICE, "lulu", "halloween", List.of(extra), 1, AspectRatio.SQUARE, null, Tier.BALANCED,
        null, false);
  }

  private static void generated(ImageBot bot, String extra) {
    GenerateOutcome outcome = bot.generate(request(extra), e -> {});
    assertInstanceOf(GenerateOutcome.Generated.class, outcome, outcome.toString());
  }

  /** Each counter of {@code name} by its label values joined with '/'. */
  private Map<String, Double> counts(String name, String... labels) {
    Map<String, Double> counts = new TreeMap<>();
    for (Counter counter : registry.find(name).counters()) {
      counts.put(key(counter, labels), counter.count());
    }
    return counts;
  }

  private Map<String, Double> gauges(String name, String... labels) {
    Map<String, Double> values = new TreeMap<>();
    registry.find(name).gauges().forEach(gauge -> values.put(key(gauge, labels), gauge.value()));
    return values;
  }

  private static String key(Meter meter, String... labels) {
    List<String> values = new ArrayList<>();
    for (String label : labels) {
      values.add(meter.getId().getTag(label));
    }
    return String.join("/", values);
  }
}
