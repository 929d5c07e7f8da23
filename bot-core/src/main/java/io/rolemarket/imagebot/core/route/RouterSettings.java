package io.rolemarket.imagebot.core.route;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the router treats providers.
 *
 * @param maxRetries retries of a transient failure on one provider before falling through
 * @param backoffStart first retry delay without a hint from the provider
 * @param backoffMax longest retry delay; a provider asking for longer is skipped instead
 * @param deadlines silence and total deadlines for providers not named in {@code providerDeadlines}
 * @param providerDeadlines deadlines per provider id
 * @param breakerFailures consecutive failures that open a provider's circuit breaker
 * @param breakerOpenFor how long an opened breaker stays open
 * @param regionBlockFor how long a provider stays off after refusing our region
 * @param premiumProviders provider ids used only for the quality tier or when named
 * @param region where the bot runs, an ISO code such as {@code HK}, or empty; providers that list it in
 *     their blocked regions are never tried
 * @param requestDeadline the longest a request may take in all, queue, retries and fallbacks included, when
 *     its first provider answers in one call (FLUX, SDXL, OpenAI...); then the user gets a clear line
 * @param jobRequestDeadline the same for a request whose first provider runs jobs (Midjourney, Replicate,
 *     RunPod), which take minutes
 * @param providerConcurrency floors and ceilings of the learned calls at once, per provider id (a provider not
 *     named starts at its declared calls and stays between 1 and 64, or at 1 when it declares 1)
 */
public record RouterSettings(
    int maxRetries,
    Duration backoffStart,
    Duration backoffMax,
    Deadlines deadlines,
    Map<String, Deadlines> providerDeadlines,
    int breakerFailures,
    Duration breakerOpenFor,
    Duration regionBlockFor,
    Set<String> premiumProviders,
    String region,
    Duration requestDeadline,
    Duration jobRequestDeadline,
    Map<String, Concurrency> providerConcurrency) {

  /** Checks the numbers and copies the collections. */
  public RouterSettings {
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries must be 0..10, was " + maxRetries);
    }
    Objects.requireNonNull(backoffStart, "backoffStart");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(deadlines, "deadlines");
    Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
    Objects.requireNonNull(regionBlockFor, "regionBlockFor");
    if (breakerFailures < 1) {
      throw new IllegalArgumentException("breakerFailures must be at least 1, was " + breakerFailures);
    }
    if (backoffStart.isNegative() || backoffStart.compareTo(backoffMax) > 0) {
      throw new IllegalArgumentException("backoffStart must be 0.." + backoffMax + ", was " + backoffStart);
    }
    Objects.requireNonNull(requestDeadline, "requestDeadline");
    Objects.requireNonNull(jobRequestDeadline, "jobRequestDeadline");
    if (!requestDeadline.isPositive() || !jobRequestDeadline.isPositive()) {
      throw new IllegalArgumentException("request deadlines must be positive, were " + requestDeadline + " and "
          + jobRequestDeadline);
    }
    providerDeadlines = Map.copyOf(providerDeadlines);
    providerConcurrency = Map.copyOf(providerConcurrency);
    premiumProviders = Set.copyOf(premiumProviders);
    region = region.strip().toUpperCase(Locale.ROOT);
  }

  /**
   * The defaults: two retries from 1 s up to 30 s; calls cancelled after 90 s of silence or 15 min in
   * all; breakers open 30 s after 5 failures; a region refusal blocks a provider 6 h; Midjourney only
   * for the quality tier; no region; a request answered or given up within 3 min (12 min when it starts
   * with a job-based provider).
   */
  public static RouterSettings defaults() {
    return new RouterSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(30),
        new Deadlines(Duration.ofSeconds(90), Duration.ofMinutes(15)), Map.of(), 5, Duration.ofSeconds(30),
        Duration.ofHours(6), Set.of("midjourney"), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of());
  }

  /** These settings for a bot running in {@code newRegion} (an ISO code, or empty). */
  public RouterSettings withRegion(String newRegion) {
    return new RouterSettings(maxRetries, backoffStart, backoffMax, deadlines, providerDeadlines, breakerFailures,
        breakerOpenFor, regionBlockFor, premiumProviders, newRegion, requestDeadline, jobRequestDeadline,
        providerConcurrency);
  }

  /** These settings with other request deadlines (see {@link #requestDeadline}). */
  public RouterSettings withRequestDeadlines(Duration oneCall, Duration jobs) {
    return new RouterSettings(maxRetries, backoffStart, backoffMax, deadlines, providerDeadlines, breakerFailures,
        breakerOpenFor, regionBlockFor, premiumProviders, region, oneCall, jobs, providerConcurrency);
  }

  /** These settings with floors and ceilings of the learned calls at once, per provider id. */
  public RouterSettings withConcurrency(Map<String, Concurrency> perProvider) {
    return new RouterSettings(maxRetries, backoffStart, backoffMax, deadlines, providerDeadlines, breakerFailures,
        breakerOpenFor, regionBlockFor, premiumProviders, region, requestDeadline, jobRequestDeadline, perProvider);
  }

  /** The deadlines for {@code providerId}. */
  public Deadlines deadlinesFor(String providerId) {
    return providerDeadlines.getOrDefault(providerId, deadlines);
  }
}
