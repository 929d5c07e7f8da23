package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.cache.CacheKey;
import io.rolemarket.imagebot.core.cache.CachedImages;
import io.rolemarket.imagebot.core.cache.ImageCache;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settles paid provider work, the one place that does it for a generation ({@link GenerationPipeline}), an
 * action ({@link ProviderActions}) and a job re-attached after a restart ({@link JobResumer}): {@link #store}
 * puts the pictures in the image store, attaches each to the journaled job, bills the job (what the budget counts) and fills the
 * cache where it applies; {@link #finish} then finishes the job with {@link JobJournal#finish}, which charges
 * the quota reservation and records the history entry in one step. {@link #settle} does both.
 *
 * <p>What differs between the three is a parameter: the {@link Caching} (an action is never cached), the
 * {@link PaidJob} (opened now, or {@linkplain PaidJob#resumed opened by the last run}), and what was delivered
 * against what was asked (a partial result charges the quota for the pictures delivered and is not cached).
 * Call {@link #finish} once per job: it is what charges the quota and writes the history.
 *
 * <p>Safe for concurrent use: it keeps no state of its own.
 */
final class Settlement {
  private final JobJournal journal;
  private final ImageStore images;
  private final ImageCache cache;
  private final Clock clock;
  private final BotMetrics metrics;

  Settlement(JobJournal journal, ImageStore images, ImageCache cache, Clock clock) {
    this(journal, images, cache, clock, BotMetrics.none());
  }

  /** A settlement that adds each finished job's cost to the spend on {@code metrics}. */
  Settlement(JobJournal journal, ImageStore images, ImageCache cache, Clock clock, BotMetrics metrics) {
    this.metrics = metrics;
    this.journal = journal;
    this.images = images;
    this.cache = cache;
    this.clock = clock;
  }

  /**
   * The journaled job being settled, with what its history entry says.
   *
   * @param jobId the journal's id for it
   * @param asked how many pictures were asked for: fewer delivered is a partial result
   */
  record PaidJob(long jobId, String userKey, String character, String theme, String prompt, int asked) {
    PaidJob {
      Objects.requireNonNull(userKey, "userKey");
      Objects.requireNonNull(character, "character");
      Objects.requireNonNull(theme, "theme");
      Objects.requireNonNull(prompt, "prompt");
    }

    /** A job the last run opened and submitted, re-attached after a restart. */
    static PaidJob resumed(RemoteJob job) {
      return new PaidJob(job.jobId(), job.userKey(), job.character(), job.theme(), job.prompt(),
          Math.max(1, job.images()));
    }
  }

  /**
   * Where a whole result is remembered in the cache (both tiers' disk index), or {@link #NEVER}.
   *
   * @param key the cache key, or null for never
   */
  record Caching(@Nullable CacheKey key) {
    /** Not cached: an action is a new picture each time. */
    static final Caching NEVER = new Caching(null);

    /** Remembered under {@code key} when whole. */
    static Caching under(CacheKey key) {
      return new Caching(Objects.requireNonNull(key, "key"));
    }
  }

  /**
   * Stores {@code delivered} (at most what was asked is the caller's to choose), attaches each picture to the
   * job at its share of {@code costUsd}, and remembers the result under
   * {@code caching} when all pictures asked for were delivered.
   *
   * @param costSource whether {@code costUsd} is what the provider reported or its declared price, which the
   *     job's history entry keeps
   * @param offersActionsOn the provider's job id the pictures offer follow-up actions on, or empty
   * @param elapsed how long the provider took, as the cache keeps it
   * @return the pictures with their blobs, as the cache holds them
   */
  CachedImages store(PaidJob job, ProviderInfo provider, List<GeneratedImage> delivered, BigDecimal costUsd,
      CostSource costSource, String offersActionsOn, Duration elapsed, Caching caching) {
    List<StoredImage> stored = new ArrayList<>();
    BigDecimal share = GenerationPipeline.share(costUsd, delivered.size());
    for (GeneratedImage image : delivered) {
      StoredImage blob = images.put(image, job.prompt(), provider.id());
      journal.attachImage(job.jobId(), blob, provider.id(), provider.model(), share, clock.instant());
      stored.add(blob);
    }
    CachedImages made = new CachedImages(delivered, stored, provider.id(), provider.model(), costUsd, elapsed,
        offersActionsOn, costSource);
    if (caching.key() != null && delivered.size() >= job.asked()) {
      cache.remember(caching.key(), made);
    }
    return made;
  }

  /**
   * Finishes the job with what {@link #store} made: closes it, charges its reservation for the pictures
   * delivered and records the history entry, in one step.
   *
   * @param elapsed how long the whole request took, as the history keeps it
   * @return the history entry's id
   */
  long finish(PaidJob job, CachedImages made, Duration elapsed) {
    return finish(job, made, elapsed, null);
  }

  /** {@link #finish(PaidJob, CachedImages, Duration)} for pictures the consistency gate scored {@code similarity}. */
  long finish(PaidJob job, CachedImages made, Duration elapsed, @Nullable Double similarity) {
    long historyId = journal.finish(job.jobId(), new HistoryEntry(0, job.userKey(), job.character(), job.theme(),
        job.prompt(), made.providerId(), made.costUsd(), elapsed, false, made.stored(), clock.instant(),
        made.remoteJobId(), made.costSource(), similarity));
    metrics.spent(made.providerId(), made.costUsd());
    return historyId;
  }

  /** {@link #store} then {@link #finish}, with the same {@code elapsed}; returns what was made and the entry. */
  Settled settle(PaidJob job, ProviderInfo provider, List<GeneratedImage> delivered, BigDecimal costUsd,
      CostSource costSource, String offersActionsOn, Duration elapsed, Caching caching) {
    CachedImages made = store(job, provider, delivered, costUsd, costSource, offersActionsOn, elapsed, caching);
    return new Settled(made, finish(job, made, elapsed));
  }

  /** Pictures settled: what was made, and the history entry that holds them. */
  record Settled(CachedImages made, long historyId) {}
}
