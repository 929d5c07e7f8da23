package io.rolemarket.imagebot.core.generate;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.cache.CacheKey;
import io.rolemarket.imagebot.core.cache.CachedImages;
import io.rolemarket.imagebot.core.cache.ImageCache;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import io.rolemarket.imagebot.core.quota.QuotaLedger;
import io.rolemarket.imagebot.core.route.ProviderRouter;
import io.rolemarket.imagebot.core.score.ConsistencyScorer;
import io.rolemarket.imagebot.core.score.ConsistencySettings;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.RemoteJob;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart, waits for the remote jobs the journal left open (submitted to Replicate, TTAPI or
 * RunPod before the stop) instead of paying for them again: each is re-attached by its remote id, and
 * its images are settled like any paid work ({@link Settlement}: stored, charged once, written to the user's
 * history, and to the cache unless the job was a provider action); a job that
 * failed meanwhile, or whose provider is no longer configured, is closed and refunded. Safe for
 * concurrent use.
 */
public final class JobResumer {
  private static final Logger log = LoggerFactory.getLogger(JobResumer.class);

  private final Catalog catalog;
  private final ProviderRouter router;
  private final QuotaLedger ledger;
  private final JobJournal journal;
  private final Settlement settlement;
  private final BotMetrics metrics;
  private final Budget budget;
  private final Clock clock;
  private final Ticker ticker;
  private final Map<Long, Long> holds = new ConcurrentHashMap<>();
  /** Open remote jobs this process adopted and has not started re-attaching yet. */
  private final Map<Long, RemoteJob> adopted = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final ConsistencyGate consistencyGate;

  /** A resumer over the same parts as the pipeline. */
  public JobResumer(Catalog catalog, ProviderRouter router, ImageCache cache, QuotaLedger ledger, JobJournal journal,
      ImageStore images, Budget budget, Clock clock, Ticker ticker) {
    this(catalog, router, cache, ledger, journal, images, budget, clock, ticker, BotMetrics.none());
  }

  /** A resumer whose settled jobs' spend is counted on {@code metrics}; their pictures are not scored. */
  public JobResumer(Catalog catalog, ProviderRouter router, ImageCache cache, QuotaLedger ledger, JobJournal journal,
      ImageStore images, Budget budget, Clock clock, Ticker ticker, BotMetrics metrics) {
    this(catalog, router, cache, ledger, journal, images, budget, clock, ticker, metrics, ConsistencyScorer.off(),
        ConsistencySettings.defaults(), userKey -> false);
  }

  /**
   * A resumer whose settled jobs' pictures {@code scorer} scores against their character, like a generation's (the
   * history keeps the best score; nothing is drawn again: the job was paid before the stop).
   */
  public JobResumer(Catalog catalog, ProviderRouter router, ImageCache cache, QuotaLedger ledger, JobJournal journal,
      ImageStore images, Budget budget, Clock clock, Ticker ticker, BotMetrics metrics, ConsistencyScorer scorer,
      ConsistencySettings consistency, Predicate<String> reviewer) {
    this.consistencyGate = new ConsistencyGate(scorer, consistency, reviewer, metrics);
    this.catalog = catalog;
    this.budget = budget;
    this.router = router;
    this.ledger = ledger;
    this.journal = journal;
    this.metrics = metrics;
    this.settlement = new Settlement(journal, images, cache, clock, metrics);
    this.clock = clock;
    this.ticker = ticker;
  }

  /**
   * Holds the price of every open remote job against the budget again: the last run held it, and the restart
   * released every hold. Call it once at start, right after the release and before new work is taken, so a burst
   * after a restart cannot spend what these jobs will bill.
   */
  public void holdOpenJobs() {
    for (RemoteJob job : journal.adoptOrphanedRemoteJobs()) {
      BigDecimal price = router.provider(job.providerId()).map(info -> info.costUsd(Math.max(1, job.images())))
          .orElse(BigDecimal.ZERO);
      holds.computeIfAbsent(job.jobId(), id -> budget.holdResumed(job.userKey(), price));
      adopted.putIfAbsent(job.jobId(), job);
    }
  }

  /**
   * Re-attaches every open remote job this process adopted ({@link #holdOpenJobs}), each on its own virtual thread,
   * once; the futures complete when each is settled.
   */
  public List<CompletableFuture<Void>> resumeAll() {
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (RemoteJob job : List.copyOf(adopted.values())) {
      if (adopted.remove(job.jobId()) == null) {
        continue;
      }
      running.add(CompletableFuture.runAsync(() -> {
        try {
          resume(job);
        } finally {
          Long hold = holds.remove(job.jobId());
          if (hold != null) {
            budget.release(hold);
          }
          budget.afterBilling();
        }
      }, task -> Thread.ofVirtual().start(task)));
    }
    if (!running.isEmpty()) {
      log.info("re-attaching {} provider job(s) left open by a stopped process", running.size());
    }
    return running;
  }

  private void resume(RemoteJob job) {
    Optional<ResumableProvider> provider = router.resumable(job.providerId());
    if (provider.isEmpty()) {
      settleFailed(job, "provider " + job.providerId() + " is not configured any more");
      return;
    }
    ProviderRequest request = new ProviderRequest(job.prompt(), catalog.negativePrompt(), Math.max(1, job.images()),
        AspectRatio.SQUARE, null, null);
    long started = ticker.read();
    ProviderResult result;
    try {
      result = provider.get().resume(job.remoteJobId(), request, ProviderProgress.NONE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      log.error("re-attaching job {} failed", job.jobId(), e);
      settleFailed(job, e.getClass().getSimpleName());
      return;
    }
    Duration run = Duration.ofNanos(ticker.read() - started);
    metrics.attempt(job.providerId(), result, job.measured().plus(run));
    metrics.resumed(job.providerId(), result instanceof ProviderResult.Images);
    switch (result) {
      case ProviderResult.Images made -> {
        // What the last run measured before it stopped plus this run: the downtime between is no generation time.
        JobOutcome.Kind kind = made.images().size() < Math.max(1, job.images()) ? JobOutcome.Kind.PARTIAL
            : JobOutcome.Kind.SUCCEEDED;
        journal.recordOutcome(job.jobId(),
            new JobOutcome(kind, job.providerId(), List.of(), 0, job.measured().plus(run)));
        finish(job, provider.get().info(), made.images(), made.costUsd(provider.get().info()), made.costSource(),
            run);
      }
      case io.rolemarket.imagebot.core.provider.ProviderFailure failure -> {
        journal.recordOutcome(job.jobId(), new JobOutcome(JobOutcome.Kind.FAILED, "",
            List.of(JobOutcome.attempt(job.providerId(), failure)),
            failure instanceof io.rolemarket.imagebot.core.provider.ProviderFailure.RateLimited ? 1 : 0,
            job.measured().plus(run)));
        settleFailed(job, failure.message());
      }
    }
  }

  private void finish(RemoteJob job, ProviderInfo provider, List<GeneratedImage> made, BigDecimal cost,
      CostSource costSource, Duration elapsed) {
    // A generation's result is remembered under the request's key; an action is never cached.
    Settlement.Caching caching = job.action() != null ? Settlement.Caching.NEVER
        : Settlement.Caching.under(new CacheKey("resumed job " + job.jobId(), job.cacheKey()));
    Settlement.PaidJob paid = Settlement.PaidJob.resumed(job);
    CachedImages stored = settlement.store(paid, provider, made, cost, costSource, actionsOn(job), elapsed, caching);
    ConsistencyGate.Ranked ranked = catalog.character(job.character())
        .map(character -> consistencyGate.rank(character, stored))
        .orElseGet(() -> new ConsistencyGate.Ranked(stored, List.of()));
    settlement.finish(paid, ranked.images(), elapsed, ranked.similarity());
    log.info("re-attached job {} ({}) finished with {} image(s)", job.jobId(), provider.id(), made.size());
  }

  /**
   * The remote id {@code job}'s pictures offer follow-up actions on: its own, unless it was an action whose
   * answer offers no more (an upscale).
   */
  private String actionsOn(RemoteJob job) {
    ProviderAction action = job.action();
    if (action == null) {
      return job.remoteJobId();
    }
    boolean offersMore = router.actionable(job.providerId())
        .filter(provider -> provider.actions().contains(action))
        .map(provider -> provider.offersActionsAfter(action))
        .orElse(false);
    return offersMore ? job.remoteJobId() : "";
  }

  private void settleFailed(RemoteJob job, String reason) {
    log.warn("re-attached job {} ({}) ended without images: {}; refunded", job.jobId(), job.providerId(), reason);
    journal.close(job.jobId(), false, job.providerId(), 0, BigDecimal.ZERO, clock.instant());
    ledger.refund(job.reservationId());
  }
}
