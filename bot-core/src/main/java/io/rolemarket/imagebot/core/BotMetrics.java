package io.rolemarket.imagebot.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.rolemarket.imagebot.core.generate.Budget;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.Reason;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.route.Circuit;
import io.rolemarket.imagebot.core.route.ProviderRouter;
import io.rolemarket.imagebot.core.route.Tier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the bot counts and measures, recorded on a Micrometer {@link MeterRegistry}: generations by outcome,
 * provider attempts by typed outcome, generation and request times, lane queues and limits, cache answers by tier,
 * spend and budget, breaker states and platform rate limits.
 *
 * <p>Names follow Prometheus conventions once exported (base units, {@code _total}, {@code _seconds}); every label
 * takes values from a bounded set (provider ids, tiers, typed outcome and reason names, platform names), never a
 * user id or a prompt. The meters and their labels are listed in {@code docs/metrics.md}.
 *
 * <p>Safe for concurrent use. {@link #none()} records nothing (the default of {@code ImageBot.builder()}).
 */
public final class BotMetrics {
  /** Bucket bounds of the time histograms: the 15 s mean-generation target sits among them. */
  private static final Duration[] TIME_BUCKETS = {
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(20),
    Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)
  };

  /** Where a cached answer came from. */
  public enum CacheTier {
    /** The in-memory cache. */
    MEMORY,
    /** The image store on disk (pictures made before a restart or evicted from memory). */
    DISK,
    /** An identical request in flight: this one waited for its provider call instead of making one. */
    SHARED,
    /** A platform's own copy (Telegram's file id): nothing was uploaded again. */
    TELEGRAM_FILE_ID
  }

  /** The HELP line of each counter counted through {@link #count}. */
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "imagebot.generations", "generate requests by outcome (generated, cached, refused, failed) and reason",
      "imagebot.provider.attempts", "provider calls by typed outcome",
      "imagebot.cache.answers", "answers from a cache tier instead of a provider",
      "imagebot.platform.rate.limited", "sends a chat platform refused with a 429");

  private final MeterRegistry registry;

  private BotMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Metrics recorded on {@code registry}. */
  public static BotMetrics on(MeterRegistry registry) {
    return new BotMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /** Metrics that record nothing. */
  public static BotMetrics none() {
    return new BotMetrics(new CompositeMeterRegistry());
  }

  /** The registry the meters are recorded on. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Counts one generation's outcome ({@code imagebot_generations_total}) and, for pictures delivered, the time from
   * request to pictures ready ({@code imagebot_request_duration_seconds}).
   */
  public void generation(GenerateOutcome outcome, Tier tier) {
    generation(outcome, tier.name().toLowerCase(Locale.ROOT));
  }

  /**
   * Counts a follow-up: a provider action on finished pictures (Midjourney's U1–U4, V1–V4) with tier {@code action},
   * the same way as {@link #generation}.
   */
  public void action(GenerateOutcome outcome) {
    generation(outcome, "action");
  }

  /**
   * Counts a provider job re-attached after a restart and settled, with tier {@code resumed}: {@code generated} by
   * {@code providerId}, or {@code failed} (reason {@code provider_failed}). Its time is not a request's (the user
   * waited through the downtime too), so only the counter moves here; the provider's time goes to {@link #attempt}.
   */
  public void resumed(String providerId, boolean made) {
    count("imagebot.generations", "outcome", made ? "generated" : "failed", "reason", made ? "none" : "provider_failed",
        "provider", made ? providerId : "none", "tier", "resumed");
  }

  private void generation(GenerateOutcome outcome, String tierName) {
    switch (outcome) {
      case GenerateOutcome.Generated generated -> {
        String provider = generated.result().providerId();
        count("imagebot.generations", "outcome", generated.result().fromCache() ? "cached" : "generated",
            "reason", "none", "provider", provider, "tier", tierName);
        timer("imagebot.request.duration", "time from a generate request to its pictures ready", "tier", tierName)
            .record(generated.result().elapsed());
      }
      case GenerateOutcome.Refused refused ->
          count("imagebot.generations", "outcome", "refused", "reason", name(refused.reason()), "provider", "none",
              "tier", tierName);
      case GenerateOutcome.Failed failed ->
          count("imagebot.generations", "outcome", "failed", "reason", name(failed.reason()), "provider", "none",
              "tier", tierName);
    }
  }

  /**
   * Records the time from a request admitted to its pictures delivered in the chat
   * ({@code imagebot_delivery_duration_seconds}).
   */
  public void delivered(Tier tier, Duration took) {
    timer("imagebot.delivery.duration", "time from a generate request to its pictures delivered in the chat", "tier",
        tier.name().toLowerCase(Locale.ROOT)).record(took);
  }

  /**
   * Counts one provider attempt by typed outcome ({@code imagebot_provider_attempts_total}); a successful one's
   * time goes to {@code imagebot_provider_generation_seconds}.
   *
   * @param result what the attempt returned, or null when it was cut off for silence or its deadline
   */
  public void attempt(String providerId, @Nullable ProviderResult result, Duration took) {
    String outcome = switch (result) {
      case null -> "timeout";
      case ProviderResult.Images images -> "ok";
      case ProviderFailure.RateLimited limited -> "rate_limited";
      case ProviderFailure.Transient failure -> "transient";
      case ProviderFailure.Permanent failure -> "permanent";
      case ProviderFailure.RegionUnavailable failure -> "region";
      case ProviderFailure.ContentRejected failure -> "content";
      case ProviderFailure.OutOfCredit failure -> "out_of_credit";
    };
    count("imagebot.provider.attempts", "provider", providerId, "outcome", outcome);
    if (result instanceof ProviderResult.Images) {
      timer("imagebot.provider.generation", "time a provider took to make pictures", "provider", providerId)
          .record(took);
    }
  }

  /** Records how long a call waited in its provider lane's queue ({@code imagebot_lane_queue_wait_seconds}). */
  public void queueWait(String providerId, Duration waited) {
    timer("imagebot.lane.queue.wait", "time a call waited for a slot in its provider lane", "provider", providerId)
        .record(waited);
  }

  /** Counts an answer from a cache tier instead of a provider ({@code imagebot_cache_answers_total}). */
  public void cacheAnswer(CacheTier tier) {
    count("imagebot.cache.answers", "tier", tier.name().toLowerCase(Locale.ROOT));
  }

  /** Adds what a provider charged for a job ({@code imagebot_spend_usd_total}). */
  public void spent(String providerId, BigDecimal usd) {
    Counter.builder("imagebot.spend").baseUnit("usd").description("money paid to providers")
        .tag("provider", providerId).register(registry).increment(usd.doubleValue());
  }

  /**
   * Counts a platform's 429 and the wait it asked for ({@code imagebot_platform_rate_limited_total},
   * {@code imagebot_platform_retry_after_seconds_total}).
   *
   * @param platform the platform's name: {@code telegram}, {@code discord}
   */
  public void platformRateLimited(String platform, Duration retryAfter) {
    count("imagebot.platform.rate.limited", "platform", platform);
    Counter.builder("imagebot.platform.retry.after").baseUnit("seconds")
        .description("seconds a platform asked the bot to wait (retry_after)").tag("platform", platform)
        .register(registry).increment(retryAfter.toMillis() / 1000.0);
  }

  /**
   * Watches each of the router's lanes: queue depth ({@code imagebot_lane_queue_depth}), current concurrency limit
   * ({@code imagebot_lane_concurrency_limit}) and breaker state ({@code imagebot_provider_breaker_state}, 1 for the
   * current state's series, 0 for the others).
   */
  public void watch(ProviderRouter router) {
    for (ProviderInfo info : router.providers()) {
      String id = info.id();
      Gauge.builder("imagebot.lane.queue.depth", router, r -> r.queued(id))
          .description("calls waiting for a slot in the provider's lane").tag("provider", id)
          .strongReference(true).register(registry);
      Gauge.builder("imagebot.lane.concurrency.limit", router, r -> r.concurrencyLimit(id))
          .description("calls the provider's lane lets run at once now").tag("provider", id)
          .strongReference(true).register(registry);
      for (Circuit.State state : Circuit.State.values()) {
        Gauge.builder("imagebot.provider.breaker.state", router, r -> r.circuit(id).state() == state ? 1 : 0)
            .description("the provider's circuit breaker: 1 on the series of its current state")
            .tags("provider", id, "state", state.name().toLowerCase(Locale.ROOT))
            .strongReference(true).register(registry);
      }
    }
  }

  /**
   * Watches the team's monthly budget: {@code imagebot_budget_limit_usd}, {@code imagebot_budget_spent_usd} and
   * {@code imagebot_budget_remaining_usd} (each a read of the store when scraped).
   */
  public void watch(Budget budget) {
    Gauge.builder("imagebot.budget.limit", budget, b -> b.monthlyUsd().doubleValue()).baseUnit("usd")
        .description("the team's monthly budget").strongReference(true).register(registry);
    Gauge.builder("imagebot.budget.spent", budget, b -> b.spent().doubleValue()).baseUnit("usd")
        .description("money spent this month").strongReference(true).register(registry);
    Gauge.builder("imagebot.budget.remaining", budget, b -> b.left().doubleValue()).baseUnit("usd")
        .description("money left in this month's budget").strongReference(true).register(registry);
  }

  /**
   * Records a delivered answer's consistency score by character ({@code imagebot_clip_similarity}, buckets around the
   * 0.75 target) and counts it when off-model ({@code imagebot_off_model_deliveries_total}).
   *
   * @param character a catalog character id (a bounded set)
   */
  public void similarity(String character, double similarity, boolean onModel) {
    DistributionSummary.builder("imagebot.clip.similarity")
        .description("image-to-image CLIP cosine of delivered pictures with their character's best reference")
        .tag("character", character).serviceLevelObjectives(0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
        .register(registry).record(similarity);
    if (!onModel) {
      Counter.builder("imagebot.off.model.deliveries")
          .description("pictures delivered below their character's consistency threshold")
          .tag("character", character).register(registry).increment();
    }
  }

  private void count(String name, String... tags) {
    Counter.builder(name).description(DESCRIPTIONS.get(name)).tags(tags).register(registry).increment();
  }

  private Timer timer(String name, String description, String... tags) {
    return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(TIME_BUCKETS)
        .register(registry);
  }

  /** A reason's label: its type's name in snake case ({@code OverQuota} → {@code over_quota}), a bounded set. */
  static String name(Reason reason) {
    return reason.getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
