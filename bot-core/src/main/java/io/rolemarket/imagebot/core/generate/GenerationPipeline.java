package io.rolemarket.imagebot.core.generate;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.cache.CacheKey;
import io.rolemarket.imagebot.core.cache.CachedImages;
import io.rolemarket.imagebot.core.cache.ImageCache;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.quota.QuotaLedger;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.route.ProviderRouter;
import io.rolemarket.imagebot.core.route.RouteChoice;
import io.rolemarket.imagebot.core.route.RouteOutcome;
import io.rolemarket.imagebot.core.route.RouteRequest;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.score.ConsistencyScorer;
import io.rolemarket.imagebot.core.score.ConsistencySettings;
import io.rolemarket.imagebot.core.score.ScoreShown;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.DeliveryLog;
import io.rolemarket.imagebot.core.store.Flights;
import io.rolemarket.imagebot.core.store.HistoryLog;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.UserDirectory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code /generate} from request to pictures: validate against the catalog, reserve quota,
 * answer from the cache or route to a provider (journaled), store the images, settle the quota, record
 * the history.
 *
 * <p>Who pays: the request whose loader ran. A cache hit, or a request that joined an identical one in
 * flight, is refunded. A failure is refunded. A partial success is charged for the images delivered.
 *
 * <p>Safe for concurrent use; {@link #generate} blocks and is meant to run on a virtual thread.
 */
public final class GenerationPipeline {
  private static final Logger log = LoggerFactory.getLogger(GenerationPipeline.class);

  private final Catalog catalog;
  private final ProviderRouter router;
  private final ImageCache cache;
  private final QuotaLedger ledger;
  private final QuotaPolicy quotaPolicy;
  private final UserDirectory users;
  private final JobJournal journal;
  private final HistoryLog history;
  private final DeliveryLog deliveries;
  private final Budget budget;
  private final Clock clock;
  /** Measures how long work took (monotonic); dates come from {@link #clock}. */
  private final Ticker ticker;
  private final Settlement settlement;
  private final References references = new References();
  /** Generations running per user: a cooldown against one user flooding the queue. */
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final int maxInFlightPerUser;
  private final BotMetrics metrics;
  private final ConsistencyGate consistencyGate;
  private final Flights flights;

  /**
   * A pipeline over these parts (see {@code ImageBot} for how they are built) that counts each generation's
   * outcome, cache answers and spend on {@code metrics} ({@link BotMetrics#none()} for none), scores each answer's
   * pictures with {@code scorer} and acts on off-model ones as {@code consistency} says ({@code docs/consistency.md};
   * {@link ConsistencyScorer#off()} for none).
   *
   * @param reviewer whether a user (by key) reviews designs, for {@link ScoreShown#REVIEWERS}
   * @param flights keeps provider calls to one per cache key across the bot's processes (the store's)
   */
  public GenerationPipeline(
      Catalog catalog,
      ProviderRouter router,
      ImageCache cache,
      QuotaLedger ledger,
      QuotaPolicy quotaPolicy,
      UserDirectory users,
      JobJournal journal,
      ImageStore images,
      HistoryLog history,
      DeliveryLog deliveries,
      Budget budget,
      int maxInFlightPerUser,
      Clock clock,
      Ticker ticker,
      BotMetrics metrics,
      ConsistencyScorer scorer,
      ConsistencySettings consistency,
      Predicate<String> reviewer,
      Flights flights) {
    this.flights = flights;
    this.consistencyGate = new ConsistencyGate(scorer, consistency, reviewer, metrics);
    this.metrics = metrics;
    this.catalog = catalog;
    this.router = router;
    this.cache = cache;
    this.ledger = ledger;
    this.quotaPolicy = quotaPolicy;
    this.users = users;
    this.journal = journal;
    this.history = history;
    this.deliveries = deliveries;
    this.budget = budget;
    this.maxInFlightPerUser = maxInFlightPerUser;
    this.clock = clock;
    this.ticker = ticker;
    this.settlement = new Settlement(journal, images, cache, clock, metrics);
  }

  /**
   * Runs {@code request}, reporting progress to {@code listener}, in one of the user's in-flight slots held
   * for the call. Never throws for bad input.
   */
  public GenerateOutcome generate(GenerateRequest request, ProgressListener listener) {
    Optional<GenerateOutcome.Refused> refused = check(request);
    if (refused.isPresent()) {
      return counted(refused.get(), request);
    }
    Optional<Slot> slot = claim(request.user().key());
    if (slot.isEmpty()) {
      return tooMany(request.tier());
    }
    try (Slot held = slot.get()) {
      return counted(gated(request, listener, 0), request);
    }
  }

  /**
   * Runs {@code request} in {@code slot}, which the caller claimed and keeps until the pictures are
   * delivered (so the in-flight limit covers delivery too). Never throws for bad input.
   */
  public GenerateOutcome generate(GenerateRequest request, ProgressListener listener, Slot slot) {
    if (slot.closed) {
      throw new IllegalStateException("the slot was given back already");
    }
    Optional<GenerateOutcome.Refused> refused = check(request);
    return counted(refused.isPresent() ? refused.get() : gated(request, listener, slot.owedId), request);
  }

  /**
   * Runs {@code request}, which answers owed answer {@code owedId} and was admitted elsewhere (an edge process that
   * keeps the user's in-flight slots; this is a worker). Never throws for bad input.
   */
  public GenerateOutcome generate(GenerateRequest request, ProgressListener listener, long owedId) {
    Optional<GenerateOutcome.Refused> refused = check(request);
    return counted(refused.isPresent() ? refused.get() : gated(request, listener, owedId), request);
  }

  /** The refusal for a user who has {@code maxInFlightPerUser} pictures on the way (counted as a balanced one). */
  public GenerateOutcome.Refused tooMany() {
    return tooMany(Tier.BALANCED);
  }

  private GenerateOutcome.Refused tooMany(Tier tier) {
    GenerateOutcome.Refused refused = new GenerateOutcome.Refused(new Refusal.TooManyRunning(maxInFlightPerUser));
    metrics.generation(refused, tier);
    return refused;
  }

  private <T extends GenerateOutcome> T counted(T outcome, GenerateRequest request) {
    metrics.generation(outcome, request.tier());
    return outcome;
  }

  /**
   * One of the user's in-flight slots, or empty when they have {@code maxInFlightPerUser} taken. Quick: no
   * I/O. Close the slot when the work it covers (generation and delivery) is over.
   */
  public Optional<Slot> claim(String userKey) {
    AtomicInteger running = inFlight.computeIfAbsent(userKey, key -> new AtomicInteger());
    if (running.incrementAndGet() > maxInFlightPerUser) {
      release(userKey, running);
      return Optional.empty();
    }
    return Optional.of(new Slot(userKey, running));
  }

  /** One picture request's place among its user's requests in flight; closing it twice is harmless. */
  public final class Slot implements AutoCloseable {
    private final String userKey;
    private final AtomicInteger running;
    private volatile boolean closed;
    private volatile long owedId;

    private Slot(String userKey, AtomicInteger running) {
      this.userKey = userKey;
      this.running = running;
    }

    /** The answer this slot's request is owed as ({@code DeliveryLog}); its job is tied to it when it opens. */
    public void owes(long id) {
      this.owedId = id;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(userKey, running);
      }
    }
  }

  private void release(String userKey, AtomicInteger running) {
    if (running.decrementAndGet() <= 0) {
      inFlight.remove(userKey, running);
    }
  }

  private GenerateOutcome admitted(GenerateRequest request, ProgressListener listener, long owedId) {
    long startNanos = ticker.read();
    ProgressListener safe = safe(listener);
    CharacterDef character = catalog.character(request.character()).orElseThrow();
    ThemeDef theme = catalog.theme(request.theme()).orElseThrow();
    RouteChoice choice = new RouteChoice(request.providerId(), request.tier());
    byte[] reference = references.of(character).orElse(null);
    List<ProviderInfo> plan = router.plan(choice, reference != null);
    Role role = users.register(request.user());

    String prompt = catalog.composePrompt(character, theme, request.extraWords());
    ProviderInfo first = plan.get(0);
    CacheKey key = CacheKey.of(choice.label(), first.id() + "/" + first.model(), prompt, request.count(),
        request.aspectRatio(), request.seed(), reference == null ? null : References.sha256(reference),
        character.referenceUrl());

    // Pictures already made answer at once and cost nothing: a user within quota gets them without a hold on it
    // (the store is spared a reservation and its refund, two writes, on the path of an answer that should take
    // milliseconds); a user over it is refused as before, by the reservation.
    Instant now = clock.instant();
    QuotaLimits limits = quotaPolicy.limitsFor(role, () -> users.limitOverride(request.user().key()));
    Optional<CachedImages> ready = request.fresh() ? Optional.empty() : cache.ready(key)
        .filter(images -> withinQuota(request.user().key(), request.count(), limits, now));
    long reservationId = 0;
    if (ready.isPresent()) {
      metrics.cacheAnswer(BotMetrics.CacheTier.MEMORY);
    } else {
      Reservation reservation = ledger.reserve(request.user().key(), request.count(), limits, now);
      if (reservation instanceof Reservation.Exceeded exceeded) {
        return new GenerateOutcome.Refused(overQuota(exceeded, request.count(), now));
      }
      reservationId = ((Reservation.Held) reservation).id();
    }

    ProviderRequest providerRequest = new ProviderRequest(prompt, catalog.negativePrompt(), request.count(),
        request.aspectRatio(), request.seed(), reference, character.referenceUrl());
    // A picture already in memory goes to no provider: the budget's two reads are spared on that path.
    Budget.Gate gate = budget.forUser(request.user().key(), role);
    BigDecimal budgetLeft = ready.isPresent() ? BigDecimal.ZERO : gate.left();
    RouteRequest route = new RouteRequest(choice, providerRequest, request.user().key(), budgetLeft, gate);
    CachedImages made;
    Settlement.@Nullable PaidJob paidJob;
    long budgetHold;
    try {
      Job job = new Job(key, route, reservationId, character.id(), theme.id(), owedId);
      Made result = ready.isPresent() ? new Made(ready.get())
          : request.fresh() ? produce(job, safe) : cached(job, safe);
      made = result.images();
      paidJob = result.job();
      budgetHold = result.budgetHold();
      if (request.fresh()) {
        cache.put(key, made);
      }
    } catch (InterruptedException e) {
      refund(reservationId);
      Thread.currentThread().interrupt();
      Failure reason = new Failure.Cancelled();
      safe.on(new ProgressEvent.Failed(reason));
      return new GenerateOutcome.Failed(reason);
    } catch (RuntimeException e) {
      refund(reservationId);
      Reason reason = e instanceof GenerationFailure failure ? failure.reason() : new Failure.Crashed();
      if (!(e instanceof GenerationFailure)) {
        log.error("generation crashed", e);
      }
      safe.on(new ProgressEvent.Failed(reason));
      return GenerateOutcome.of(reason);
    }

    ConsistencyGate.Ranked ranked = consistencyGate.rank(character, made);
    made = ranked.images();
    boolean paid = paidJob != null;
    int delivered = made.images().size();
    int missing = Math.max(0, request.count() - delivered);
    if (!paid) {
      refund(reservationId);
    }
    if (missing > 0) {
      cache.invalidate(key);
      safe.on(new ProgressEvent.Partial(delivered, request.count()));
    }
    Duration elapsed = Duration.ofNanos(ticker.read() - startNanos);
    BigDecimal cost = paid ? made.costUsd() : BigDecimal.ZERO;
    // A paid job is closed, charged and recorded in one step, so a crash cannot split them.
    long historyId;
    try {
      historyId = paidJob != null ? settlement.finish(paidJob, made, elapsed, ranked.similarity())
          : history.record(new HistoryEntry(0, request.user().key(), character.id(), theme.id(), prompt,
              made.providerId(), cost, elapsed, true, made.stored(), clock.instant(), made.remoteJobId(),
              CostSource.DECLARED, ranked.similarity()));
    } finally {
      // The job's cost is billed now (or it failed): what it held is no longer needed.
      budget.release(budgetHold);
    }
    if (paid) {
      budget.afterBilling();
    }
    String providerName = router.provider(made.providerId()).map(ProviderInfo::displayName).orElse(made.providerId());
    return new GenerateOutcome.Generated(new GenerationResult(historyId, character, theme, prompt,
        made.images(), made.stored(), made.providerId(), providerName, made.model(), cost, elapsed, !paid, missing,
        made.remoteJobId(), paid ? made.costSource() : CostSource.DECLARED, ranked.scores(),
        consistencyGate.shownTo(role, request.user().key())));
  }

  /**
   * Runs {@code request} through the consistency gate: an answer whose best picture is off-model is drawn again with
   * another seed, up to the configured number of times, each draw reserved and charged like any request (a draw the
   * quota or budget refuses, or that fails, ends the redraws); the best answer is delivered.
   */
  private GenerateOutcome gated(GenerateRequest request, ProgressListener listener, long owedId) {
    ProgressListener safe = safe(listener);
    GenerateOutcome outcome = admitted(request, safe, owedId);
    if (!(outcome instanceof GenerateOutcome.Generated generated)) {
      return outcome;
    }
    GenerationResult best = generated.result();
    // A redraw's own failure is not the user's: they get the answer they have.
    ProgressListener redrawing = event -> {
      if (!(event instanceof ProgressEvent.Failed)) {
        safe.on(event);
      }
    };
    for (int redraw = 0; redraw < consistencyGate.redraws() && ConsistencyGate.offModel(best); redraw++) {
      GenerateRequest again = new GenerateRequest(request.user(), request.character(), request.theme(),
          request.extraWords(), request.count(), request.aspectRatio(), request.providerId(), request.tier(),
          ConsistencyGate.otherSeed(request.seed()), false);
      GenerateOutcome next = admitted(again, redrawing, 0);
      if (!(next instanceof GenerateOutcome.Generated redrawn)) {
        log.info("an off-model answer for {} was not drawn again: {}", request.character(), next);
        break;
      }
      best = ConsistencyGate.better(best, redrawn.result());
    }
    consistencyGate.delivered(best);
    safe.on(new ProgressEvent.Done(best.providerId(), best.fromCache(), best.elapsed()));
    return new GenerateOutcome.Generated(best);
  }

  /** Whether {@code userKey} could take {@code count} more images now (a read; nothing is held). */
  private boolean withinQuota(String userKey, int count, QuotaLimits limits, Instant now) {
    QuotaUsage used = ledger.usage(userKey, now);
    return used.today() + count <= limits.daily() && used.thisMonth() + count <= limits.monthly();
  }

  /** Gives back a quota reservation (none was taken for pictures already in memory: id 0). */
  private void refund(long reservationId) {
    if (reservationId != 0) {
      ledger.refund(reservationId);
    }
  }

  /** One provider job to run: the request routed, the reservation it charges, what the history will say. */
  private record Job(CacheKey key, RouteRequest route, long reservationId, String character, String theme,
      long owedId) {}

  /**
   * Images and the job this request paid for them with, or null for a cache hit or a shared load.
   *
   * @param job the journaled job that made them, when this request paid
   * @param budgetHold the budget hold of its provider call, released once the job is billed (0: none)
   */
  private record Made(CachedImages images, Settlement.@Nullable PaidJob job, long budgetHold) {
    Made(CachedImages images) {
      this(images, null, 0);
    }
  }

  /**
   * The images for {@code key} from the cache, or made by this caller when it is the first to ask.
   * A caller waiting on someone else's load that was cancelled claims the key again.
   */
  private Made cached(Job job, ProgressListener listener) throws InterruptedException {
    CacheKey key = job.key();
    while (true) {
      switch (cache.claim(key)) {
        case ImageCache.Claim.Owner owner -> {
          try {
            Made made = acrossProcesses(job, listener);
            owner.slot().complete(made.images());
            return made;
          } catch (RuntimeException | InterruptedException e) {
            owner.slot().completeExceptionally(e);
            throw e;
          }
        }
        case ImageCache.Claim.Waiter waiter -> {
          try {
            if (!waiter.result().isDone()) {
              // Joined an identical request being made: it answers when that provider does.
              router.plan(job.route().choice(), job.route().carriesReference()).stream().findFirst()
                  .ifPresent(provider -> listener.on(new ProgressEvent.Started(provider.id(),
                      provider.displayName(), provider.model(), router.expectedLatency(provider.id()))));
            }
            Made shared = new Made(waiter.result().get());
            metrics.cacheAnswer(BotMetrics.CacheTier.SHARED);
            return shared;
          } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException) {
              continue;
            }
            if (e.getCause() instanceof RuntimeException failure) {
              throw failure;
            }
            throw new IllegalStateException(e.getCause());
          }
        }
      }
    }
  }

  /**
   * The images for the key this process claimed, from the cache's disk tier, or made here, or by another process of
   * the bot asking a provider for the same key right now: this one then waits for it and reads its pictures from the
   * cache (if that call failed, it asks itself).
   */
  private Made acrossProcesses(Job job, ProgressListener listener) throws InterruptedException {
    CacheKey key = job.key();
    boolean told = false;
    while (true) {
      Optional<CachedImages> fromDisk = cache.recall(key);
      if (fromDisk.isPresent()) {
        metrics.cacheAnswer(told ? BotMetrics.CacheTier.SHARED : BotMetrics.CacheTier.DISK);
        return new Made(fromDisk.get());
      }
      if (flights.take(key.hash())) {
        try {
          // made and stored by another process between the look above and the take
          Optional<CachedImages> justMade = cache.recall(key);
          if (justMade.isPresent()) {
            metrics.cacheAnswer(BotMetrics.CacheTier.SHARED);
            return new Made(justMade.get());
          }
          return produce(job, listener);
        } finally {
          flights.giveBack(key.hash());
        }
      }
      if (!told) {
        told = true;
        router.plan(job.route().choice(), job.route().carriesReference()).stream().findFirst()
            .ifPresent(provider -> listener.on(new ProgressEvent.Started(provider.id(), provider.displayName(),
                provider.model(), router.expectedLatency(provider.id()))));
      }
      while (flights.held(key.hash())) {
        flights.awaitGiveBack(key.hash(), FLIGHT_POLL);
      }
    }
  }

  /** How often a process waiting for another's provider call looks whether it is over. */
  private static final Duration FLIGHT_POLL = Duration.ofMillis(200);

  /**
   * The refusal {@code request} would get before any quota or provider is touched (unknown names, an
   * unknown provider, a tier the user's role does not allow), or empty when it may go ahead. Quick: no
   * I/O but the user lookup.
   */
  public Optional<GenerateOutcome.Refused> check(GenerateRequest request) {
    if (catalog.character(request.character()).isEmpty()) {
      return Optional.of(new GenerateOutcome.Refused(new Refusal.UnknownName(Refusal.NameKind.CHARACTER,
          request.character(), catalog.nearestCharacters(request.character()))));
    }
    if (catalog.theme(request.theme()).isEmpty()) {
      return Optional.of(new GenerateOutcome.Refused(new Refusal.UnknownName(Refusal.NameKind.THEME,
          request.theme(), catalog.nearestThemes(request.theme()))));
    }
    RouteChoice choice = new RouteChoice(request.providerId(), request.tier());
    boolean withReference = references.of(catalog.character(request.character()).orElseThrow()).isPresent();
    if (router.plan(choice, withReference).isEmpty() && (choice.providerId() == null ? !router.providers().isEmpty()
        : router.isSwitchedOff(choice.providerId()))) {
      // Configured, but an admin switched it (or every provider) off.
      return Optional.of(new GenerateOutcome.Refused(new Refusal.NoProvider(choice.providerId())));
    }
    if (router.plan(choice, withReference).isEmpty()) {
      return Optional.of(new GenerateOutcome.Refused(new Refusal.UnknownProvider(String.valueOf(request.providerId()),
          router.providers().stream().map(ProviderInfo::id).toList())));
    }
    Role role = users.register(request.user());
    if (role == Role.USER && (request.tier() == Tier.QUALITY || isPremiumOnly(choice))) {
      return Optional.of(new GenerateOutcome.Refused(new Refusal.ProOnly()));
    }
    return Optional.empty();
  }

  /** Calls the providers through the router, journaled, and stores what comes back. */
  private Made produce(Job job, ProgressListener listener) throws InterruptedException {
    long startNanos = ticker.read();
    CacheKey key = job.key();
    RouteRequest route = job.route();
    ProviderRequest providerRequest = route.request();
    String planned = router.plan(route.choice(), route.carriesReference()).get(0).id();
    long jobId = journal.open(new JobTicket(route.userKey(), job.character(), job.theme(), key.hash(),
        providerRequest.prompt(), planned, job.reservationId(), providerRequest.count(), clock.instant()));
    if (job.owedId() > 0) {
      deliveries.serveBy(job.owedId(), jobId);
    }
    log.info("job {}: {} {} for {}, {} picture(s), planned {}", jobId, job.character(), job.theme(), route.userKey(),
        providerRequest.count(), planned);
    Map<String, String> remoteIds = new ConcurrentHashMap<>();
    JobStory story = new JobStory();
    ProgressListener journaling = event -> {
      story.on(event);
      switch (event) {
        case ProgressEvent.Started started -> journal.calling(jobId, started.providerId(),
            router.provider(started.providerId()).map(info -> info.costUsd(providerRequest.count()))
                .orElse(BigDecimal.ZERO), clock.instant());
        // the call ended without pictures: nothing is in flight until the next one starts
        case ProgressEvent.Retrying retrying -> journal.calling(jobId, null, BigDecimal.ZERO, clock.instant());
        case ProgressEvent.FellBack fellBack -> journal.calling(jobId, null, BigDecimal.ZERO, clock.instant());
        case ProgressEvent.Submitted submitted -> {
          journal.attachRemoteJob(jobId, submitted.providerId(), submitted.remoteJobId());
          journal.measure(jobId, Duration.ofNanos(ticker.read() - startNanos));
          remoteIds.put(submitted.providerId(), submitted.remoteJobId());
        }
        default -> { }
      }
      listener.on(event);
    };
    RouteOutcome outcome;
    try {
      outcome = router.generate(route, journaling);
    } catch (InterruptedException e) {
      journal.recordOutcome(jobId, story.cancelled(Duration.ofNanos(ticker.read() - startNanos)));
      journal.close(jobId, false, "", 0, BigDecimal.ZERO, clock.instant());
      log.info("job {}: cancelled", jobId);
      throw e;
    } catch (RuntimeException e) {
      // A bug, not a provider's answer: the job still ends with an outcome, so the figures count it as failed.
      journal.recordOutcome(jobId, story.crashed(Duration.ofNanos(ticker.read() - startNanos)));
      journal.close(jobId, false, "", 0, BigDecimal.ZERO, clock.instant());
      throw e;
    }
    Duration generation = Duration.ofNanos(ticker.read() - startNanos);
    switch (outcome) {
      case RouteOutcome.Exhausted exhausted -> {
        journal.recordOutcome(jobId, story.exhausted(exhausted, generation));
        journal.close(jobId, false, "", 0, BigDecimal.ZERO, clock.instant());
        log.info("job {}: no picture after {} ms: {}", jobId, generation.toMillis(),
            exhausted.reason().getClass().getSimpleName());
        throw new GenerationFailure(exhausted.reason());
      }
      case RouteOutcome.Delivered delivered -> {
        ProviderInfo provider = delivered.provider();
        Settlement.PaidJob paid = new Settlement.PaidJob(jobId, route.userKey(), job.character(), job.theme(),
            providerRequest.prompt(), providerRequest.count());
        CachedImages made;
        try {
          made = settlement.store(paid, provider, delivered.images(), delivered.costUsd(), delivered.costSource(),
              remoteIds.getOrDefault(provider.id(), ""), generation, Settlement.Caching.under(key));
        } catch (RuntimeException e) {
          budget.release(delivered.budgetHold());
          throw e;
        }
        journal.recordOutcome(jobId, story.delivered(delivered, providerRequest.count(), generation));
        log.info("job {}: {} picture(s) by {} in {} ms, ${} {}", jobId, made.images().size(), provider.id(),
            generation.toMillis(), made.costUsd().toPlainString(), made.costSource().name().toLowerCase(Locale.ROOT));
        return new Made(made, paid, delivered.budgetHold());
      }
    }
  }

  private boolean isPremiumOnly(RouteChoice choice) {
    return choice.providerId() != null && router.isPremium(choice.providerId());
  }

  private static ProgressListener safe(ProgressListener listener) {
    return event -> {
      try {
        listener.on(event);
      } catch (RuntimeException e) {
        log.warn("progress listener threw on {}", event, e);
      }
    };
  }

  /** A generation that ended without images, for {@code reason}. */
  static final class GenerationFailure extends RuntimeException {
    private final Reason reason;

    GenerationFailure(Reason reason) {
      super(reason.toString(), null, false, false);
      this.reason = reason;
    }

    Reason reason() {
      return reason;
    }
  }

  /** The refusal for a reservation over the quota. */
  static Refusal.OverQuota overQuota(Reservation.Exceeded exceeded, int asked, Instant at) {
    return new Refusal.OverQuota(asked, exceeded.remainingToday(), exceeded.remainingThisMonth(), exceeded.resetsAt(),
        at);
  }

  /** One picture's share of {@code cost} for {@code images} pictures, to six decimals. */
  static BigDecimal share(BigDecimal cost, int images) {
    return images <= 0 ? BigDecimal.ZERO
        : cost.divide(BigDecimal.valueOf(images), 6, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
  }
}
