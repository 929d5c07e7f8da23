package io.rolemarket.imagebot.core.generate;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.provider.ActionableProvider;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.quota.QuotaLedger;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.route.ProviderRouter;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.store.UserDirectory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a follow-up action (Midjourney's U1–U4, V1–V4, reroll) on a finished remote job: reserve the images
 * the action answers, journal it as its own job whose ticket names the parent ({@code action:<provider>/
 * <parent remote id>/<action>} as its cache key) and whose remote id is attached as soon as the provider
 * accepts it, store the images, then charge and record the history once with {@link JobJournal#finish}.
 * A failure or cancellation closes the job and refunds the reservation. The call goes to the provider
 * directly, not through the router's retries: retrying an action would pay for a second job. Never
 * cached: each action is a new picture. Safe for concurrent use; {@link #act} blocks.
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
  private final ImageStore images;
  private final Budget budget;
  private final Clock clock;
  private final Ticker ticker;

  /** Actions over the same parts as the pipeline. */
  public ProviderActions(Catalog catalog, ProviderRouter router, QuotaLedger ledger, QuotaPolicy quotaPolicy,
      UserDirectory users, JobJournal journal, ImageStore images, Budget budget, Clock clock,
      Ticker ticker) {
    this.catalog = catalog;
    this.router = router;
    this.ledger = ledger;
    this.quotaPolicy = quotaPolicy;
    this.users = users;
    this.journal = journal;
    this.images = images;
    this.budget = budget;
    this.clock = clock;
    this.ticker = ticker;
  }

  /**
   * What to run: {@code action} on {@code providerId}'s finished job {@code parentRemoteJobId}, for pictures
   * of {@code character} at {@code theme} (catalog ids, for the caption and history).
   */
  public record ActionRequest(UserRef user, String providerId, String parentRemoteJobId, String action,
      String character, String theme) {
    /** Checks that nothing is missing. */
    public ActionRequest {
      java.util.Objects.requireNonNull(user, "user");
      if (providerId.isBlank() || parentRemoteJobId.isBlank() || action.isBlank()) {
        throw new IllegalArgumentException("an action needs a provider, a parent job and an action, were '"
            + providerId + "', '" + parentRemoteJobId + "', '" + action + "'");
      }
    }
  }

  /** The actions {@code result}'s pictures offer (such as U1–U4, V1–V4), or none. */
  public List<String> offered(GenerationResult result) {
    if (result.remoteJobId().isEmpty()) {
      return List.of();
    }
    return router.actionable(result.providerId()).map(ActionableProvider::actions).orElse(List.of());
  }

  /** Runs {@code request}, reporting progress to {@code listener}. Never throws for bad input. */
  public GenerateOutcome act(ActionRequest request, ProgressListener listener) {
    Optional<ActionableProvider> found = router.actionable(request.providerId());
    if (found.isEmpty()) {
      return new GenerateOutcome.Refused(new Refusal.NoSuchAction(request.action(), List.of()));
    }
    ActionableProvider provider = found.get();
    String action = request.action().strip().toUpperCase(Locale.ROOT);
    if (!provider.actions().contains(action)) {
      return new GenerateOutcome.Refused(new Refusal.NoSuchAction(request.action(), provider.actions()));
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
    QuotaLimits limits = role == Role.ADMIN
        ? quotaPolicy.limitsFor(role)
        : users.limitOverride(user.key()).orElse(quotaPolicy.limitsFor(role));
    Reservation reservation = ledger.reserve(user.key(), count, limits, now);
    if (reservation instanceof Reservation.Exceeded exceeded) {
      return new GenerateOutcome.Refused(GenerationPipeline.overQuota(exceeded, count, now));
    }
    long reservationId = ((Reservation.Held) reservation).id();
    String prompt = catalog.composePrompt(character.get(), theme.get(), List.of());
    long jobId = journal.open(new JobTicket(user.key(), character.get().id(), theme.get().id(),
        jobKey(request.providerId(), request.parentRemoteJobId(), action), prompt, request.providerId(),
        reservationId, count, now));
    return run(new Run(request, provider, action, character.get(), theme.get(), prompt, count, reservationId, jobId),
        safe(listener));
  }

  /** The cache key an action's journaled job carries: {@code action:<provider>/<parent remote id>/<action>}. */
  static String jobKey(String providerId, String parentRemoteJobId, String action) {
    return ACTION_KEY + providerId + "/" + parentRemoteJobId + "/" + action;
  }

  /** The action a journaled job ran, from its cache key, or empty when the job was a generation. */
  static Optional<String> actionOf(String jobKey) {
    return jobKey.startsWith(ACTION_KEY) ? Optional.of(jobKey.substring(jobKey.lastIndexOf('/') + 1))
        : Optional.empty();
  }

  /** An action admitted: reserved and journaled. */
  private record Run(ActionRequest request, ActionableProvider provider, String action, CharacterDef character,
      ThemeDef theme, String prompt, int count, long reservationId, long jobId) {}

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
        remoteId.set(remoteJobId);
        listener.on(new ProgressEvent.Submitted(info.id(), remoteJobId));
      }
    };
    listener.on(new ProgressEvent.Started(info.id(), info.displayName(), info.model()));
    ProviderResult result;
    try {
      result = run.provider().act(run.request().parentRemoteJobId(), run.action(), progress);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(run, new Failure.Cancelled(), listener);
    } catch (RuntimeException e) {
      log.error("{} action {} crashed", info.id(), run.action(), e);
      return failed(run, new Failure.Crashed(), listener);
    }
    return switch (result) {
      case ProviderFailure failure -> {
        log.info("{} action {} failed: {}", info.id(), run.action(), failure.message());
        yield failed(run, new Failure.ActionFailed(run.action(), failure), listener);
      }
      case ProviderResult.Images made when made.images().isEmpty() ->
          failed(run, new Failure.ActionFailed(run.action(), null), listener);
      case ProviderResult.Images made -> delivered(run, made, remoteId.get(),
          Duration.ofNanos(ticker.read() - startNanos), listener);
    };
  }

  private GenerateOutcome delivered(Run run, ProviderResult.Images result, String remoteJobId, Duration elapsed,
      ProgressListener listener) {
    ProviderInfo info = run.provider().info();
    List<GeneratedImage> made = result.images();
    List<GeneratedImage> kept = made.subList(0, Math.min(made.size(), run.count()));
    BigDecimal cost = result.reportedCostUsd() != null ? result.reportedCostUsd() : info.costUsd(kept.size());
    List<StoredImage> stored = new ArrayList<>();
    for (GeneratedImage image : kept) {
      StoredImage blob = images.put(image, run.prompt(), info.id());
      journal.attachImage(run.jobId(), blob, info.id(), info.model(), GenerationPipeline.share(cost, kept.size()),
          clock.instant());
      stored.add(blob);
    }
    budget.charge(cost);
    // A new grid (V1–V4, reroll) is acted on by its own job id, also when sent again from the history.
    String offers = run.provider().offersActionsAfter(run.action()) ? remoteJobId : "";
    HistoryEntry entry = new HistoryEntry(0, run.request().user().key(), run.character().id(), run.theme().id(),
        run.prompt(), info.id(), cost, elapsed, false, stored, clock.instant(), offers);
    long historyId = journal.finish(run.jobId(), entry);
    int missing = Math.max(0, run.count() - kept.size());
    if (missing > 0) {
      listener.on(new ProgressEvent.Partial(kept.size(), run.count()));
    }
    listener.on(new ProgressEvent.Done(info.id(), false, elapsed));
    return new GenerateOutcome.Generated(new GenerationResult(historyId, run.character(), run.theme(), run.prompt(),
        kept, stored, info.id(), info.displayName(), info.model(), cost, elapsed, false, missing, offers));
  }

  private GenerateOutcome failed(Run run, Failure reason, ProgressListener listener) {
    journal.close(run.jobId(), false, "", 0, BigDecimal.ZERO, clock.instant());
    ledger.refund(run.reservationId());
    listener.on(new ProgressEvent.Failed(reason));
    return new GenerateOutcome.Failed(reason);
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
