package io.rolemarket.imagebot.core.generate;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.cache.CachedImages;
import io.rolemarket.imagebot.core.cache.ImageCache;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.provider.ActionableProvider;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.quota.QuotaLedger;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.route.ProviderRouter;
import io.rolemarket.imagebot.core.score.ConsistencyScorer;
import io.rolemarket.imagebot.core.score.ConsistencySettings;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.store.UserDirectory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a follow-up action (Midjourney's U1–U4, V1–V4, reroll) on a finished remote job: reserve the images
 * the action answers, journal it as its own job whose ticket names the parent remote job and the action
 * (its cache key, {@code action:<provider>/<parent remote id>/<action>}, only tells it apart from a
 * generation's) and whose remote id is attached as soon as the provider accepts it, then settle it like any
 * paid work ({@link Settlement}: stored, charged and recorded once). A failure or cancellation closes the
 * job and refunds the reservation. The call goes to the provider directly, not through the router's
 * retries: retrying an action would pay for a second job. Never cached: each action is a new picture. Safe
 * for concurrent use; {@link #act} blocks.
 */
public final class ProviderActions {
  private static final Logger log = LoggerFactory.getLogger(ProviderActions.class);
  private static final String ACTION_KEY = "action:";

  private final Catalog catalog;
  private final ProviderRouter router;
  private final QuotaLedger ledger;
  private final QuotaPolicy quotaPolicy;
  private final UserDirectory users;
  private final JobJournal journal;
  private final Settlement settlement;
  private final BotMetrics metrics;
  private final ConsistencyGate consistencyGate;
  private final Budget budget;
  private final Clock clock;
  private final Ticker ticker;

  /** Actions over the same parts as the pipeline; they are never cached. */
  public ProviderActions(Catalog catalog, ProviderRouter router, QuotaLedger ledger, QuotaPolicy quotaPolicy,
      UserDirectory users, JobJournal journal, ImageStore images, ImageCache cache, Budget budget, Clock clock,
      Ticker ticker) {
    this(catalog, router, ledger, quotaPolicy, users, journal, images, cache, budget, clock, ticker, BotMetrics.none());
  }

  /** Actions whose spend is counted on {@code metrics}; their pictures are not scored. */
  public ProviderActions(Catalog catalog, ProviderRouter router, QuotaLedger ledger, QuotaPolicy quotaPolicy,
      UserDirectory users, JobJournal journal, ImageStore images, ImageCache cache, Budget budget, Clock clock,
      Ticker ticker, BotMetrics metrics) {
    this(catalog, router, ledger, quotaPolicy, users, journal, images, cache, budget, clock, ticker, metrics,
        ConsistencyScorer.off(), ConsistencySettings.defaults(), userKey -> false);
  }

  /**
   * Actions whose spend is counted on {@code metrics} and whose pictures {@code scorer} scores against their
   * character, shown as {@code consistency} says ({@code reviewer}: whether a user reviews designs). An action's
   * pictures are ranked and marked like a generation's but never drawn again: the user chose what to act on.
   */
  public ProviderActions(Catalog catalog, ProviderRouter router, QuotaLedger ledger, QuotaPolicy quotaPolicy,
      UserDirectory users, JobJournal journal, ImageStore images, ImageCache cache, Budget budget, Clock clock,
      Ticker ticker, BotMetrics metrics, ConsistencyScorer scorer, ConsistencySettings consistency,
      Predicate<String> reviewer) {
    this.consistencyGate = new ConsistencyGate(scorer, consistency, reviewer, metrics);
    this.catalog = catalog;
    this.router = router;
    this.ledger = ledger;
    this.quotaPolicy = quotaPolicy;
    this.users = users;
    this.journal = journal;
    this.metrics = metrics;
    this.settlement = new Settlement(journal, images, cache, clock, metrics);
    this.budget = budget;
    this.clock = clock;
    this.ticker = ticker;
  }

  /**
   * What to run: {@code action} on {@code providerId}'s finished job {@code parentRemoteJobId}, for pictures
   * of {@code character} at {@code theme} (catalog ids, for the caption and history).
   */
  public record ActionRequest(UserRef user, String providerId, String parentRemoteJobId, ProviderAction action,
      String character, String theme) {
    /** Checks that nothing is missing. */
    public ActionRequest {
      java.util.Objects.requireNonNull(user, "user");
      java.util.Objects.requireNonNull(action, "action");
      if (providerId.isBlank() || parentRemoteJobId.isBlank()) {
        throw new IllegalArgumentException("an action needs a provider, a parent job and an action, were '"
            + providerId + "', '" + parentRemoteJobId + "', '" + action + "'");
      }
    }
  }

  /** The actions {@code result}'s pictures offer (such as U1–U4, V1–V4), in button order, or none. */
  public List<ProviderAction> offered(GenerationResult result) {
    if (result.remoteJobId().isEmpty()) {
      return List.of();
    }
    return router.actionable(result.providerId()).map(ActionableProvider::actions).orElse(List.of());
  }

  /**
   * Runs the action {@code label} names ({@code U2}, {@code v1}, {@code REROLL}; from a button or a command) on
   * {@code providerId}'s finished job {@code parentRemoteJobId}. A label that names no action, or one the
   * provider does not offer, is refused with the labels it does offer. Never throws for bad input.
   */
  public GenerateOutcome act(UserRef user, String providerId, String parentRemoteJobId, String label,
      String character, String theme, ProgressListener listener) {
    Optional<ProviderAction> action = ProviderAction.parse(label);
    if (action.isEmpty()) {
      GenerateOutcome.Refused refused = new GenerateOutcome.Refused(new Refusal.NoSuchAction(label, labels(providerId)));
      metrics.action(refused);
      return refused;
    }
    return act(new ActionRequest(user, providerId, parentRemoteJobId, action.get(), character, theme), listener);
  }

  /** The labels of the actions {@code providerId} offers, or none when it offers no actions. */
  private List<String> labels(String providerId) {
    return router.actionable(providerId).map(provider -> provider.actions().stream().map(ProviderAction::label)
        .toList()).orElse(List.of());
  }

  /** Runs {@code request}, reporting progress to {@code listener}. Never throws for bad input. */
  public GenerateOutcome act(ActionRequest request, ProgressListener listener) {
    GenerateOutcome outcome = admitAndRun(request, listener);
    metrics.action(outcome);
    return outcome;
  }

  private GenerateOutcome admitAndRun(ActionRequest request, ProgressListener listener) {
    Optional<ActionableProvider> found = router.actionable(request.providerId());
    ProviderAction action = request.action();
    if (found.isEmpty()) {
      return new GenerateOutcome.Refused(new Refusal.NoSuchAction(action.label(), List.of()));
    }
    ActionableProvider provider = found.get();
    if (!provider.actions().contains(action)) {
      return new GenerateOutcome.Refused(new Refusal.NoSuchAction(action.label(), labels(request.providerId())));
    }
    Optional<CharacterDef> character = catalog.character(request.character());
    Optional<ThemeDef> theme = catalog.theme(request.theme());
    if (character.isEmpty() || theme.isEmpty()) {
      return new GenerateOutcome.Refused(new Refusal.NoLongerInCatalog());
    }
    UserRef user = request.user();
    Role role = users.register(user);
    if (role == Role.USER && router.isPremium(request.providerId())) {
      return new GenerateOutcome.Refused(new Refusal.ProOnly());
    }
    int count = provider.imagesFor(action);
    Instant now = clock.instant();
    QuotaLimits limits = quotaPolicy.limitsFor(role, () -> users.limitOverride(user.key()));
    Reservation reservation = ledger.reserve(user.key(), count, limits, now);
    if (reservation instanceof Reservation.Exceeded exceeded) {
      return new GenerateOutcome.Refused(GenerationPipeline.overQuota(exceeded, count, now));
    }
    long reservationId = ((Reservation.Held) reservation).id();
    // The action's price is held against the month's budget like a generation's, before the provider is asked.
    Budget.Gate gate = budget.forUser(user.key(), role);
    OptionalLong hold = gate.hold(provider.info().costUsd(count));
    if (hold.isEmpty()) {
      ledger.refund(reservationId);
      return new GenerateOutcome.Refused(gate.refusal(gate.left(), false, now));
    }
    try {
      String prompt = catalog.composePrompt(character.get(), theme.get(), List.of());
      long jobId = journal.open(new JobTicket(user.key(), character.get().id(), theme.get().id(),
          jobKey(request.providerId(), request.parentRemoteJobId(), action), prompt, request.providerId(),
          reservationId, count, now, request.parentRemoteJobId(), action));
      return run(new Run(request, provider, action, character.get(), theme.get(), prompt, count, reservationId,
          jobId, role), safe(listener));
    } finally {
      // Billed (delivered) or failed by now: the hold is no longer needed.
      budget.release(hold.getAsLong());
      budget.afterBilling();
    }
  }

  /**
   * The cache key an action's journaled job carries, {@code action:<provider>/<parent remote id>/<action>}: a
   * name no generation's hash can take, written and never read back (the journal keeps the parent and the
   * action in their own columns).
   */
  static String jobKey(String providerId, String parentRemoteJobId, ProviderAction action) {
    return ACTION_KEY + providerId + "/" + parentRemoteJobId + "/" + action.label();
  }

  /** An action admitted: reserved and journaled. */
  private record Run(ActionRequest request, ActionableProvider provider, ProviderAction action, CharacterDef character,
      ThemeDef theme, String prompt, int count, long reservationId, long jobId, Role role) {}

  private GenerateOutcome run(Run run, ProgressListener listener) {
    long startNanos = ticker.read();
    ProviderInfo info = run.provider().info();
    AtomicReference<String> remoteId = new AtomicReference<>("");
    ProviderProgress progress = new ProviderProgress() {
      @Override
      public void report(int percent, String note) {
        listener.on(new ProgressEvent.Working(info.id(), percent, note));
      }

      @Override
      public void submitted(String remoteJobId) {
        journal.attachRemoteJob(run.jobId(), info.id(), remoteJobId);
        journal.measure(run.jobId(), Duration.ofNanos(ticker.read() - startNanos));
        remoteId.set(remoteJobId);
        listener.on(new ProgressEvent.Submitted(info.id(), remoteJobId));
      }
    };
    listener.on(new ProgressEvent.Started(info.id(), info.displayName(), info.model(), info.typicalLatency()));
    ProviderResult result;
    try {
      result = run.provider().act(run.request().parentRemoteJobId(), run.action(), progress);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(run, new Failure.Cancelled(), Duration.ofNanos(ticker.read() - startNanos), listener);
    } catch (RuntimeException e) {
      log.error("{} action {} crashed", info.id(), run.action(), e);
      return failed(run, new Failure.Crashed(), Duration.ofNanos(ticker.read() - startNanos), listener);
    }
    Duration elapsed = Duration.ofNanos(ticker.read() - startNanos);
    metrics.attempt(info.id(), result, elapsed);
    return switch (result) {
      case ProviderFailure failure -> {
        log.info("{} action {} failed: {}", info.id(), run.action(), failure.message());
        yield failed(run, new Failure.ActionFailed(run.action().label(), failure), elapsed, listener);
      }
      case ProviderResult.Images made when made.images().isEmpty() ->
          failed(run, new Failure.ActionFailed(run.action().label(), null), elapsed, listener);
      case ProviderResult.Images made -> delivered(run, made, remoteId.get(), elapsed, listener);
    };
  }

  private GenerateOutcome delivered(Run run, ProviderResult.Images result, String remoteJobId, Duration elapsed,
      ProgressListener listener) {
    ProviderInfo info = run.provider().info();
    List<GeneratedImage> made = result.images();
    List<GeneratedImage> kept = made.subList(0, Math.min(made.size(), run.count()));
    BigDecimal cost = result.reportedCostUsd() != null ? result.reportedCostUsd() : info.costUsd(kept.size());
    // A new grid (V1–V4, reroll) is acted on by its own job id, also when sent again from the history.
    String offers = run.provider().offersActionsAfter(run.action()) ? remoteJobId : "";
    journal.recordOutcome(run.jobId(), new JobOutcome(kept.size() < run.count() ? JobOutcome.Kind.PARTIAL
        : JobOutcome.Kind.SUCCEEDED, info.id(), List.of(), 0, elapsed));
    Settlement.PaidJob job = new Settlement.PaidJob(run.jobId(), run.request().user().key(), run.character().id(),
        run.theme().id(), run.prompt(), run.count());
    // Stored first, then scored and ranked, then charged and recorded with the best picture's score.
    CachedImages stored = settlement.store(job, info, kept, cost, result.costSource(), offers, elapsed,
        Settlement.Caching.NEVER);
    ConsistencyGate.Ranked ranked = consistencyGate.rank(run.character(), stored);
    long historyId = settlement.finish(job, ranked.images(), elapsed, ranked.similarity());
    int missing = Math.max(0, run.count() - kept.size());
    if (missing > 0) {
      listener.on(new ProgressEvent.Partial(kept.size(), run.count()));
    }
    listener.on(new ProgressEvent.Done(info.id(), false, elapsed));
    GenerationResult delivered = new GenerationResult(historyId, run.character(), run.theme(), run.prompt(),
        ranked.images().images(), ranked.images().stored(), info.id(), info.displayName(), info.model(), cost, elapsed,
        false, missing, offers, result.costSource(), ranked.scores(),
        consistencyGate.shownTo(run.role(), run.request().user().key()));
    consistencyGate.delivered(delivered);
    return new GenerateOutcome.Generated(delivered);
  }

  private GenerateOutcome failed(Run run, Failure reason, Duration elapsed, ProgressListener listener) {
    journal.recordOutcome(run.jobId(), outcome(run.provider().info().id(), reason, elapsed));
    journal.close(run.jobId(), false, "", 0, BigDecimal.ZERO, clock.instant());
    ledger.refund(run.reservationId());
    listener.on(new ProgressEvent.Failed(reason));
    return new GenerateOutcome.Failed(reason);
  }

  /** How a failed action went, for the journal: the provider and why, when it answered with a failure. */
  private static JobOutcome outcome(String providerId, Failure reason, Duration elapsed) {
    ProviderFailure failure = reason instanceof Failure.ActionFailed failed ? failed.failure() : null;
    JobOutcome.Kind kind = switch (reason) {
      case Failure.Cancelled cancelled -> JobOutcome.Kind.CANCELLED;
      case Failure.Crashed crashed -> JobOutcome.Kind.CRASHED;
      default -> failure instanceof ProviderFailure.ContentRejected ? JobOutcome.Kind.REJECTED
          : JobOutcome.Kind.FAILED;
    };
    List<String> attempts = failure != null ? List.of(JobOutcome.attempt(providerId, failure))
        : reason instanceof Failure.ActionFailed ? List.of(providerId + ":no_images") : List.of();
    return new JobOutcome(kind, "", attempts, failure instanceof ProviderFailure.RateLimited ? 1 : 0, elapsed);
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
}
