package io.rolemarket.imagebot.core;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.cache.ImageCache;
import io.rolemarket.imagebot.core.generate.Budget;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.command.ActionButtons;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.GenerationPipeline;
import io.rolemarket.imagebot.core.generate.JobResumer;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.generate.ProgressListener;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.HandOff;
import io.rolemarket.imagebot.core.review.ReviewDesk;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.review.SubmitOutcome;
import io.rolemarket.imagebot.core.review.VoteOutcome;
import io.rolemarket.imagebot.core.score.Calibration;
import io.rolemarket.imagebot.core.score.Calibrator;
import io.rolemarket.imagebot.core.score.ConsistencyScorer;
import io.rolemarket.imagebot.core.score.ConsistencySettings;
import io.rolemarket.imagebot.core.score.PictureEmbedder;
import io.rolemarket.imagebot.core.route.ProviderRouter;
import io.rolemarket.imagebot.core.route.RouterSettings;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.WorkQueue;
import io.rolemarket.imagebot.core.work.Waiters;
import io.rolemarket.imagebot.core.work.WorkCodec;
import io.rolemarket.imagebot.core.work.Worker;
import io.rolemarket.imagebot.core.store.DeliveryLog;
import io.rolemarket.imagebot.core.store.EventLog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ProviderHints;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProviderActions;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.SpendReport;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.web.WebSettings;
import io.rolemarket.imagebot.core.web.WebSignIn;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The image bot's front door: one method per use case, shared by every chat adapter.
 *
 * <pre>{@code
 * ImageBot bot = ImageBot.builder()
 *     .catalog(Catalog.builtIn())
 *     .clock(Clock.systemUTC())
 *     .provider(new SketchProvider(Catalog.builtIn()))
 *     .store(SqliteStore.open(Path.of("var/imagebot.db"), Clock.systemUTC()))
 *     .build();
 * GenerateOutcome outcome = bot.generate(GenerateRequest.of(user, "lulu", "halloween"), System.out::println);
 * }</pre>
 *
 * <p>Safe for concurrent use. {@link #generate} blocks until the pictures are ready; call it from a
 * virtual thread per incoming message. {@link #close} stops accepting work; it does not close the
 * store or the providers, which the caller built and owns.
 */
public final class ImageBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImageBot.class);
  private final Catalog catalog;
  private final ProviderRouter router;
  private final QuotaPolicy quotaPolicy;
  private final BotStore store;
  private final Lang teamLanguage;
  private final Clock clock;
  private final Ticker ticker;
  private final BotMetrics metrics;
  private final GenerationPipeline pipeline;
  private final ConsistencyScorer scorer;
  private final ImageCache cache;
  private final Budget budget;
  private final ReviewDesk reviews;
  private final ProviderActions actions;
  /** Where admitted requests go when workers run them (several processes), or null to run them here. */
  private final @Nullable WorkQueue queue;
  private final @Nullable Waiters waiters;
  private final WorkCodec codec;
  private final FloodGate floodGate;
  private final RunningJobs running = new RunningJobs();
  private final ActionButtons buttons;
  private final JobResumer resumer;
  private final List<AdminInbox> inboxes = new CopyOnWriteArrayList<>();
  private final PauseGate pause = new PauseGate();
  private final WebSignIn web;

  private ImageBot(Builder builder) {
    this.catalog = builder.catalog;
    this.quotaPolicy = builder.quotaPolicy;
    this.store = Objects.requireNonNull(builder.store, "a store is required: call store(...)");
    this.web = new WebSignIn(store, Objects.requireNonNull(builder.clock, "a clock is required: call clock(...)"),
        builder.web);
    this.teamLanguage = builder.teamLanguage;
    this.clock = Objects.requireNonNull(builder.clock, "a clock is required: call clock(...)");
    this.ticker = builder.ticker;
    this.metrics = builder.metrics;
    this.router = new ProviderRouter(builder.providers, builder.routerSettings, clock, ticker, metrics);
    this.cache = new ImageCache(builder.cacheMaxBytes, builder.cacheExpiry, store, builder.ticker);
    this.codec = new WorkCodec(catalog, store);
    this.queue = builder.workQueue;
    this.waiters = queue == null ? null : new Waiters(queue, codec, builder.workPoll);
    this.budget = new Budget(builder.monthlyBudgetUsd, builder.roleCaps, store, store, clock, this::warnAdmins);
    // The calls that held money died with the last process; the provider jobs it left running hold theirs again.
    store.releaseAll();
    this.scorer = builder.pictureEmbedder == null ? ConsistencyScorer.off()
        : ConsistencyScorer.of(builder.pictureEmbedder, store);
    scorer.prepare(catalog.characters());
    this.resumer = new JobResumer(catalog, router, cache, store, store, store, budget, clock, ticker, metrics,
        scorer, builder.consistency, builder.reviewRules::mayVote);
    resumer.holdOpenJobs();
    // What admins switched at run time outlives a restart.
    store.switches().forEach((name, value) -> {
      if (name.equals(PAUSED)) {
        pause.set(Boolean.parseBoolean(value));
      } else if (name.startsWith(PROVIDER) && !router.switchOff(name.substring(PROVIDER.length()), "off".equals(value))) {
        log.warn("provider {} was switched {} by an admin but is not configured now", name.substring(PROVIDER.length()),
            value);
      }
    });
    this.pipeline = new GenerationPipeline(
        catalog, router, cache, store, quotaPolicy, store, store, store, store, store, budget,
        builder.maxInFlightPerUser,
        clock, ticker, metrics, scorer, builder.consistency, builder.reviewRules::mayVote, store);
    metrics.watch(router);
    metrics.watch(budget);
    this.actions =
        new ProviderActions(catalog, router, store, quotaPolicy, store, store, store, cache, budget, clock, ticker,
            metrics, scorer, builder.consistency, builder.reviewRules::mayVote);
    this.floodGate = new FloodGate(8, Duration.ofSeconds(1), ticker);
    this.buttons = new ActionButtons(store, clock, builder.buttonLifetime);
    this.reviews = new ReviewDesk(store, store, store,
        providerId -> router.provider(providerId).map(ProviderInfo::model).orElse(""), builder.reviewRules,
        builder.handOff, clock);
  }

  /** Starts building a bot. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Makes pictures for {@code request}, reporting progress to {@code listener} on the calling thread.
   * Bad input, quota and provider failures come back as values; nothing is charged for them.
   */
  public GenerateOutcome generate(GenerateRequest request, ProgressListener listener) {
    return running.run(request.user().key(), () -> whenResumed(listener, () -> pipeline.generate(request, listener)));
  }

  /**
   * Runs {@code work} at once, or, while an admin has paused the bot, after telling {@code listener} so and waiting
   * for {@code /resume}; a {@code /cancel} while it waits ends it as cancelled, with nothing charged.
   */
  private GenerateOutcome whenResumed(ProgressListener listener, Supplier<GenerateOutcome> work) {
    try {
      pause.awaitResumed(() -> listener.on(new ProgressEvent.Paused()));
    } catch (InterruptedException e) {
      return new GenerateOutcome.Failed(new Failure.Cancelled());
    }
    return work.get();
  }

  /**
   * Makes pictures for {@code request} in {@code slot} (a {@link Ticket}'s), which is kept until the pictures
   * are delivered, so the per-user limit of pictures on the way covers delivery too.
   */
  private GenerateOutcome generate(Command.Generate command, UserRef user, ProgressListener listener,
      GenerationPipeline.Slot slot, long owedId) {
    GenerateRequest request = command.toRequest(user);
    return running.run(request.user().key(), () -> whenResumed(listener, () -> queue == null
        ? pipeline.generate(request, listener, slot) : queued(command, user, listener, owedId)));
  }

  /**
   * Queues {@code command} for a worker and waits for its outcome. A {@code /cancel} (an interrupt) stops it only
   * while no worker has started it; once one has, it is made, charged and delivered.
   */
  private GenerateOutcome queued(Command.Generate command, UserRef user, ProgressListener listener, long owedId) {
    WorkQueue work = Objects.requireNonNull(queue);
    Waiters waiting = Objects.requireNonNull(waiters);
    work.enqueue(owedId, user.key(), user.displayName(), command.toText(), clock.instant());
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return waiting.await(owedId, listener);
        } catch (InterruptedException e) {
          GenerateOutcome cancelled = new GenerateOutcome.Failed(new Failure.Cancelled());
          if (work.withdraw(owedId, codec.encode(cancelled), clock.instant())) {
            return cancelled;
          }
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Starts working on the requests edges queue ({@link Builder#workQueue}): claims them, at most {@code concurrency}
   * at a time, and runs each through this bot's pipeline, as if it had been admitted here. Close the worker before
   * the bot.
   *
   * @param idle how long to wait before looking again when nothing is queued
   * @throws IllegalStateException when the bot was built without a work queue
   */
  public Worker startWorker(int concurrency, Duration idle) {
    if (queue == null) {
      throw new IllegalStateException("a worker needs the work queue: build the bot with workQueue(...)");
    }
    return new Worker(queue, codec, this::work, clock, concurrency, idle);
  }

  /** A request a worker claimed: the pictures an earlier attempt made, or a run of the pipeline. */
  private GenerateOutcome work(WorkQueue.Claimed claimed, ProgressListener listener) {
    if (claimed.historyId().isPresent()) {
      // A worker stopped after its pictures were made and charged: they are delivered, not made again.
      return store.entry(claimed.userKey(), claimed.historyId().getAsLong()).flatMap(entry -> result(entry, false))
          .<GenerateOutcome>map(GenerateOutcome.Generated::new)
          .orElseGet(() -> new GenerateOutcome.Failed(new Failure.Crashed()));
    }
    if (claimed.attempts() > MAX_ATTEMPTS) {
      log.warn("request {} stopped {} workers; it is not tried again", claimed.owedId(), claimed.attempts() - 1);
      return new GenerateOutcome.Failed(new Failure.Crashed());
    }
    if (!(new CommandParser(null).parse(claimed.command()) instanceof Command.Generate command)) {
      log.error("request {} cannot be read back: {}", claimed.owedId(), claimed.command());
      return new GenerateOutcome.Failed(new Failure.Crashed());
    }
    GenerateRequest request = command.toRequest(new UserRef(claimed.userKey(), claimed.userName()));
    return running.run(request.user().key(), () -> pipeline.generate(request, listener, claimed.owedId()));
  }

  /** How many workers may stop on one request before it fails instead of being tried again. */
  private static final int MAX_ATTEMPTS = 3;

  /**
   * Stops the user's generations and actions in progress on every platform (each ends as
   * {@link Failure.Cancelled}, refunded); returns how many there were. Work that has made its pictures and
   * is being delivered is not stopped: it is charged and arrives.
   */
  public int cancel(UserRef user) {
    return running.cancel(user.key());
  }

  /**
   * One of the user's slots for a picture on the way, or empty when they have the most they may (the
   * adapter answers {@link #tooMany()} without starting anything). Quick: no I/O.
   */
  private Optional<GenerationPipeline.Slot> claimSlot(UserRef user) {
    return pipeline.claim(user.key());
  }

  /** The refusal for a user with the most pictures on the way they may have. */
  public GenerateOutcome.Refused tooMany() {
    return pipeline.tooMany();
  }

  /**
   * Whether to handle one command of {@code user} now: a user who sends commands faster than a person
   * types is held back cheaply ({@link FloodGate}); adapters ask before anything else, on the thread that
   * receives the event.
   */
  public FloodGate.Verdict admitCommand(UserRef user) {
    return floodGate.admit(user.key());
  }

  /**
   * The refusal {@code request} would get before anything is charged (unknown names with suggestions, an
   * unknown provider, a tier the user's role does not allow), or empty. Adapters call it to answer bad
   * input at once and in order, before starting the generation on its own thread.
   */
  public Optional<Refusal> check(GenerateRequest request) {
    return pipeline.check(request).map(GenerateOutcome.Refused::reason);
  }

  /**
   * Runs a follow-up {@code action} (Midjourney's U1–U4 upscale or V1–V4 variation, see {@link #actions}) on
   * {@code providerId}'s finished job {@code parentRemoteJobId} ({@link GenerationResult#remoteJobId()}), for
   * pictures of {@code character} at {@code theme} (catalog ids). It is a new job of its own, journaled with
   * a link to its parent, reserving and charging the images it answers (one for an upscale, four for a
   * variation); a failure is refunded. Blocks like {@link #generate}; reports progress the same way.
   */
  public GenerateOutcome act(UserRef user, String providerId, String parentRemoteJobId, String action,
      String character, String theme, ProgressListener listener) {
    if (providerId.isBlank() || parentRemoteJobId.isBlank() || action.isBlank()) {
      // A forged or stale button (callback data is the client's to choose): a refusal, never an error.
      return new GenerateOutcome.Refused(new Refusal.NoSuchAction(action, List.of()));
    }
    return running.run(user.key(), () -> whenResumed(listener,
        () -> actions.act(user, providerId, parentRemoteJobId, action, character, theme, listener)));
  }

  /**
   * The button rows under {@code result}, delivered to {@code user} on {@code platform} in {@code chatRef}
   * (written as the adapter reads it back): 🔁 🎲 📤 acting on {@code command}, then the provider's own
   * actions when its pictures offer them. What they act on is kept in the store, so they work after a restart.
   */
  public List<List<ActionButtons.Button>> actionRows(UserRef user, String platform, String chatRef,
      Command.Generate command, GenerationResult result) {
    return buttons.rows(new ActionButtons.Origin(user.key(), platform, chatRef, command, result.historyId(),
        result.providerId(), result.remoteJobId()), actions(result));
  }

  /**
   * The button rows under a picture sent again from the history ({@link #resend}): they act on the request
   * that made it, options included, as its first buttons did (a plain request when that is not known).
   */
  public List<List<ActionButtons.Button>> resentRows(UserRef user, String platform, String chatRef,
      GenerationResult result) {
    return actionRows(user, platform, chatRef, requestOf(result), result);
  }

  /** The request that made {@code result}, options included, or a plain one for its character and theme. */
  public Command.Generate requestOf(GenerationResult result) {
    return store.requestOf(result.historyId())
        .map(text -> new CommandParser(null).parse(text))
        .filter(Command.Generate.class::isInstance).map(Command.Generate.class::cast)
        .orElseGet(() -> Command.Generate.plain(result.character().id(), result.theme().id(),
            Math.clamp(result.images().size(), 1, GenerateRequest.MAX_COUNT)));
  }

  /** A lone 🔁 Try again acting on {@code command} (after a restart lost its answer). */
  public List<List<ActionButtons.Button>> retryRows(UserRef user, String platform, String chatRef,
      Command.Generate command) {
    return buttons.retryRows(new ActionButtons.Origin(user.key(), platform, chatRef, command, 0, "", ""));
  }

  /** What {@code presser}'s press of button {@code id} means: what to do, or why nothing happens. */
  public ActionButtons.Pressed press(UserRef presser, String id) {
    return buttons.press(presser.key(), id);
  }

  /** The follow-up actions {@code result}'s pictures offer (such as U1–U4, V1–V4), in button order, or none. */
  public List<String> actions(GenerationResult result) {
    return actions.offered(result).stream().map(ProviderAction::label).toList();
  }

  /**
   * Re-attaches the provider jobs the last stop left open (their images are then charged once and put
   * in the users' histories, never paid for twice); returns one future per job, completing when it is
   * settled. Call once at start-up.
   */
  public List<CompletableFuture<Void>> resumeOpenJobs() {
    return resumer.resumeAll();
  }

  /**
   * Settles what other processes of the bot that stopped left in flight ({@link BotStore#reapOrphans}): their jobs,
   * reservations, budget holds, cache keys and claimed requests. Call it every few seconds when several processes
   * share one database; a bot alone on its store has nothing to do here.
   *
   * @return how many holds, jobs and reservations were settled
   */
  public int reapOrphans() {
    return store.reapOrphans();
  }

  /**
   * Adopts the provider jobs (Midjourney, Replicate, RunPod) that stopped processes had submitted and waits for them
   * here, each on its own thread, instead of paying again; each is adopted by one process. Call it after
   * {@link #reapOrphans} on processes that run providers.
   */
  public void adoptOrphanedJobs() {
    resumer.holdOpenJobs();
    resumer.resumeAll();
  }

  /** The user's quota now. */
  public QuotaStatus quota(UserRef user) {
    Role role = store.register(user);
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    QuotaLimits limits = quotaPolicy.limitsFor(role, () -> store.limitOverride(user.key()));
    return new QuotaStatus(role, limits, store.usage(user.key(), now),
        store.spendOf(user.key(), YearMonth.from(today)),
        today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
        today.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  /**
   * The language to answer {@code user} in: the one they chose with {@code /lang}, else {@code fromClient} (what
   * their chat app says, see {@link Lang#fromTag}).
   */
  public Lang language(UserRef user, Lang fromClient) {
    return store.language(user.key()).orElse(fromClient);
  }

  /** Keeps {@code lang} as the language to answer {@code user} in, across restarts. */
  public void setLanguage(UserRef user, Lang lang) {
    store.register(user);
    store.setLanguage(user.key(), lang);
  }

  /** The team's language: group chats, review posts and admins who never chose one are answered in it. */
  public Lang teamLanguage() {
    return teamLanguage;
  }

  /** The user's role (registering the user when new). */
  public Role role(UserRef user) {
    return store.register(user);
  }

  /**
   * Gives {@code userKey} {@code images} more for today, when {@code admin} is an admin.
   *
   * @return whether it was done (false: {@code admin} is not an admin)
   */
  public boolean grant(UserRef admin, String userKey, int images) {
    if (store.register(admin) != Role.ADMIN) {
      return false;
    }
    store.grant(userKey, images, clock.instant());
    return true;
  }

  /**
   * Sets {@code userKey}'s role, when {@code admin} is an admin.
   *
   * @return whether it was done (false: {@code admin} is not an admin)
   */
  public boolean setRole(UserRef admin, String userKey, Role role) {
    if (store.register(admin) != Role.ADMIN) {
      return false;
    }
    store.setRole(userKey, role);
    return true;
  }

  /**
   * A picture from the user's history, to send again (free: no provider, no quota), or empty when the
   * entry is not theirs, is gone, or its images are no longer stored. It keeps the remote job id the entry
   * was recorded with, so a Midjourney grid sent again offers its U1–U4/V1–V4 again ({@link #actions}),
   * and an upscale offers none, as when it was first delivered.
   */
  public Optional<GenerationResult> resend(UserRef user, long historyId) {
    return store.entry(user.key(), historyId).flatMap(entry -> result(entry, true));
  }

  /** {@code entry} as a result to deliver: again for free ({@code resent}), or as it was made and charged. */
  private Optional<GenerationResult> result(HistoryEntry entry, boolean resent) {
    List<GeneratedImage> pictures = new ArrayList<>();
    for (StoredImage image : entry.images()) {
      Optional<byte[]> bytes = store.read(image.sha256());
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      pictures.add(new GeneratedImage(bytes.get(), image.format(), image.width(), image.height(), null));
    }
    CharacterDef character = catalog.character(entry.character()).orElseGet(() -> new CharacterDef(
        entry.character(), entry.character(), List.of(), entry.character(), ProviderHints.NONE, null, null));
    ThemeDef theme = catalog.theme(entry.theme()).orElseGet(() -> new ThemeDef(
        entry.theme(), entry.theme(), List.of(), entry.theme(), ProviderHints.NONE));
    String providerName = router.provider(entry.providerId()).map(ProviderInfo::displayName).orElse(entry.providerId());
    return Optional.of(new GenerationResult(entry.id(), character, theme, entry.prompt(), pictures, entry.images(),
        entry.providerId(), providerName, "", resent ? BigDecimal.ZERO : entry.costUsd(),
        resent ? Duration.ZERO : entry.elapsed(), resent || entry.fromCache(), 0, entry.remoteJobId(),
        entry.costSource()));
  }

  /**
   * Admits {@code command} from {@code user} on {@code platform} in {@code chatRef}: takes one of the user's
   * slots of requests on the way and records the answer owed there (so a restart after a crash delivers it or
   * says what happened), or empty when every slot is taken ({@link #tooMany} says so). Quick: one store write.
   * The adapter runs {@link Ticket#generate} on a thread of its own and closes the ticket once the answer is
   * delivered (or the user told what happened).
   */
  public Optional<Ticket> admit(UserRef user, String platform, String chatRef, Command.Generate command) {
    return admit(user, platform, chatRef, command, null);
  }

  /**
   * {@link #admit(UserRef, String, String, Command.Generate)} for the platform event {@code eventId} (a Telegram
   * update id) that asked for it: the answer is owed and the event marked handled in one store transaction, so an
   * event taken by a process that stopped is handled again ({@link #unhandledEvents}) only if its answer is not owed.
   */
  public Optional<Ticket> admit(UserRef user, String platform, String chatRef, Command.Generate command,
      @Nullable String eventId) {
    Optional<GenerationPipeline.Slot> slot = claimSlot(user);
    if (slot.isEmpty()) {
      return Optional.empty();
    }
    String label = command.character() + " " + command.theme();
    long owed = oweAnswer(slot.get(), platform, chatRef, user, label, command.toText(), eventId);
    return Optional.of(new Ticket(user, command, label, slot.get(), owed));
  }

  /** An admitted generation: its slot among its user's requests on the way and the answer it owes. */
  public final class Ticket implements AutoCloseable {
    private final UserRef user;
    private final Command.Generate command;
    private final String label;
    private final GenerationPipeline.Slot slot;
    private final long owedId;
    private final long admittedNanos = ticker.read();
    /** Set when {@link #generate} made pictures: closing then counts the time until they were delivered. */
    private final AtomicBoolean made = new AtomicBoolean();
    /** Set once the owed answer is settled ({@link #delivered} or {@link #close}). */
    private final AtomicBoolean settled = new AtomicBoolean();

    private Ticket(UserRef user, Command.Generate command, String label, GenerationPipeline.Slot slot, long owedId) {
      this.user = user;
      this.command = command;
      this.label = label;
      this.slot = slot;
      this.owedId = owedId;
    }

    /** A few words naming the request for the user ({@code lulu halloween}). */
    public String label() {
      return label;
    }

    /** The owed answer's id. */
    public long owedId() {
      return owedId;
    }

    /** Makes the pictures, reporting progress to {@code listener}; blocks like {@link ImageBot#generate}. */
    public GenerateOutcome generate(ProgressListener listener) {
      GenerateOutcome outcome = ImageBot.this.generate(command, user, listener, slot, owedId);
      made.set(outcome instanceof GenerateOutcome.Generated);
      return outcome;
    }

    /**
     * The chat has just taken the answer: the owed answer is settled now, before anything else is done, so that a
     * process killed after this point is not taken to owe it (the next leader would send it again). Adapters call
     * it the moment the platform confirms the message, before writing anything else; {@link #close} does it when
     * they did not. Calling it again does nothing.
     */
    public void delivered() {
      if (!settled.getAndSet(true)) {
        answered(owedId);
      }
    }

    /**
     * The answer was delivered (or the user told what happened): the owed answer, if {@link #delivered} did not
     * settle it yet, and then the slot are done. Pictures made count the time from admission to now as their
     * request-to-delivered time.
     */
    @Override
    public void close() {
      delivered();
      if (made.getAndSet(false)) {
        metrics.delivered(command.tier(), Duration.ofNanos(ticker.read() - admittedNanos));
      }
      slot.close();
    }
  }

  /**
   * Records that the adapter owes {@code chatRef} on {@code platform} an answer to {@code command} made in
   * {@code slot}, so a restart after a crash can deliver it or say what happened ({@link #owedAfterRestart}).
   *
   * @param label a few words naming the request for the user ("lulu halloween")
   * @param command the command as the user could type it again ("/generate lulu halloween --n 2")
   * @return the owed answer's id, to pass to {@link #statusShown} and {@link #answered}
   */
  private long oweAnswer(GenerationPipeline.Slot slot, String platform, String chatRef, UserRef user, String label,
      String command, @Nullable String eventId) {
    DeliveryLog.Owed owed = new DeliveryLog.Owed(0, platform, chatRef, user.key(), label, command, "", clock.instant());
    long id = eventId == null ? store.owe(owed) : store.oweFor(owed, eventId);
    slot.owes(id);
    return id;
  }

  /** The status message shown for owed answer {@code owedId} ({@code statusRef}: the platform's message id). */
  public void statusShown(long owedId, String statusRef) {
    store.showStatus(owedId, statusRef);
  }

  /**
   * {@code result}'s pictures could not be delivered at all (the chat blocked the bot or is gone): the user
   * gets their quota back for them. Adapters call it only for a refusal that will not change, never for a
   * rate limit or a network failure (those are retried until delivered).
   */
  public void undeliverable(GenerationResult result) {
    // A free provider's pictures still took quota; the store knows whether anything was charged.
    if (!result.fromCache() && store.refundUndelivered(result.historyId())) {
      log.warn("history entry {} could not be delivered; its quota was given back", result.historyId());
    }
  }

  /** Owed answer {@code owedId} was delivered, or its user told what happened. */
  public void answered(long owedId) {
    store.settle(owedId);
  }

  /**
   * An answer the last run owed and could not give, because it stopped (crashed) first.
   *
   * @param owed the request, its chat and its status message
   * @param made the pictures its job made and charged before the stop, to deliver now; empty when nothing
   *     was made, and the store has refunded it
   */
  public record Unanswered(DeliveryLog.Owed owed, Supplier<Optional<GenerationResult>> outcome) {
    /** Holds {@code made}. */
    public Unanswered(DeliveryLog.Owed owed, Optional<GenerationResult> made) {
      this(owed, () -> made);
    }

    /**
     * The pictures, or empty; blocks while a worker still runs the request (after the edge that took it stopped),
     * so call it on a thread of its own.
     */
    public Optional<GenerationResult> made() {
      return outcome.get();
    }
  }

  /**
   * What the last run owed chats on {@code platform} and never answered; call once at start, after the store
   * has settled what the crash left. The adapter delivers {@code made} or tells the user what was refunded,
   * then calls {@link #answered}.
   */
  public List<Unanswered> owedAfterRestart(String platform) {
    List<Unanswered> unanswered = new ArrayList<>();
    List<DeliveryLog.Left> owed = store.owed(platform);
    Map<Long, WorkQueue.Seen> queued = queue == null ? Map.of()
        : queue.seen(owed.stream().map(left -> left.owed().id()).toList());
    for (DeliveryLog.Left left : owed) {
      if (queue != null && !queued.containsKey(left.owed().id()) && left.historyId().isEmpty()) {
        // Owed by an edge that stopped before it queued the request (nothing was reserved or made): queued now, for
        // a worker to make, instead of asking the user to try again. Under the name the user is known by (the
        // worker registers it again), or their key when they are new (until their next request).
        String userKey = left.owed().userKey();
        queue.enqueue(left.owed().id(), userKey, store.displayName(userKey).orElse(userKey), left.owed().command(),
            clock.instant());
        unanswered.add(new Unanswered(left.owed(), awaited(left.owed().id())));
        continue;
      }
      if (queued.containsKey(left.owed().id()) && left.historyId().isEmpty()) {
        // A worker runs it (or ran it): its answer is delivered when it comes, by this edge now.
        unanswered.add(new Unanswered(left.owed(), awaited(left.owed().id())));
        continue;
      }
      Optional<GenerationResult> made = Optional.empty();
      if (left.historyId().isPresent()) {
        made = store.entry(left.owed().userKey(), left.historyId().getAsLong()).flatMap(entry -> result(entry, false));
      }
      unanswered.add(new Unanswered(left.owed(), made));
    }
    return unanswered;
  }

  /** Waits, on the caller's thread and once, for the pictures of queued request {@code owedId}. */
  private Supplier<Optional<GenerationResult>> awaited(long owedId) {
    Waiters waiting = Objects.requireNonNull(waiters);
    CompletableFuture<Optional<GenerationResult>> once = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (started.compareAndSet(false, true)) {
        try {
          once.complete(waiting.await(owedId, event -> { }) instanceof GenerateOutcome.Generated generated
              ? Optional.of(generated.result()) : Optional.empty());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          once.complete(Optional.empty());
        } catch (RuntimeException e) {
          log.warn("request {} left by the last edge could not be awaited: {}", owedId, e.getMessage());
          once.complete(Optional.empty());
        }
      }
      return once.join();
    };
  }

  /** The user's newest generations first, at most {@code limit}. */
  public List<HistoryEntry> history(UserRef user, int limit) {
    return store.recent(user.key(), limit);
  }

  /**
   * Puts the user's picture {@code historyId} (from {@code /history} or a result's 📤 button) up for
   * review; the adapters then post it to their review channels.
   */
  public SubmitOutcome submitForReview(UserRef requester, long historyId) {
    return reviews.submit(requester, historyId);
  }

  /**
   * A reviewer's vote on design {@code submissionId}, with a note (may be empty). The configured
   * {@link ReviewRules} decide; an approval is handed off before this returns.
   */
  public VoteOutcome voteOnReview(UserRef voter, long submissionId, Verdict verdict, String note) {
    return reviews.vote(voter, submissionId, verdict, note);
  }

  /** A design in review (pending or decided), if there is one with this number. */
  public Optional<Design> design(long submissionId) {
    return reviews.design(submissionId);
  }

  /** A design's picture, to send again (free), or empty when there is no such design or it is gone. */
  public Optional<GenerationResult> designPicture(long submissionId) {
    return reviews.design(submissionId).flatMap(design -> resend(
        new UserRef(design.submission().submitterKey(), design.submission().submitterKey()), design.entry().id()));
  }

  /** Designs waiting for a decision, oldest first. */
  public List<Design> pendingReviews(int limit) {
    return reviews.pending(limit);
  }

  /** Approved designs, newest first, of this character and theme when given (null for any). */
  public List<Design> approvedDesigns(@Nullable String character, @Nullable String theme, int limit) {
    return reviews.approved(character, theme, limit);
  }

  /** Who may vote and when votes decide. */
  public ReviewRules reviewRules() {
    return reviews.rules();
  }

  /** Whether {@code user} may vote on designs (a reviewer or a lead). */
  public boolean mayReview(UserRef user) {
    return reviews.rules().mayVote(user.key());
  }

  /** Remembers where an adapter posted a design ({@code platform} such as {@code telegram}). */
  public void rememberReviewPost(long submissionId, String platform, String postRef) {
    reviews.rememberPost(submissionId, platform, postRef);
  }

  /** Where an adapter posted a design, if it did. */
  public Optional<String> reviewPost(long submissionId, String platform) {
    return reviews.post(submissionId, platform);
  }

  /** The characters and themes. */
  public Catalog catalog() {
    return catalog;
  }

  /** The configured providers in the team's order, with whether each takes calls now. */
  public List<ProviderStatus> providers() {
    List<ProviderStatus> statuses = new ArrayList<>();
    for (var info : router.providers()) {
      statuses.add(new ProviderStatus(info, router.isAvailable(info.id()), router.isPremium(info.id()),
          router.lastProblem(info.id(), Duration.ofHours(1)), router.circuit(info.id()),
          router.concurrencyLimit(info.id()), router.isSwitchedOff(info.id())));
    }
    return statuses;
  }

  /** Whether the consistency gate is on: pictures are scored against their character's references. */
  public boolean consistencyCheckOn() {
    return scorer.enabled();
  }

  /**
   * Whether {@code character}'s pictures can be scored now (its references are embedded, or it has none, or the gate
   * is off); starts embedding them in the background when not.
   *
   * @throws IllegalArgumentException when the catalog has no such character
   */
  public boolean referencesReady(String character) {
    return scorer.ready(catalog.character(character)
        .orElseThrow(() -> new IllegalArgumentException("no character " + character)));
  }

  /**
   * Scores {@code character}'s approved and rejected designs from the review history with the current model and
   * proposes the threshold that separates them best ({@code /calibrate}). Blocks while the pictures are embedded.
   * Designs that cannot be scored (gate off, references not ready, picture gone) are left out.
   *
   * @throws IllegalArgumentException when the catalog has no such character
   */
  public Calibration calibrate(String character) {
    return new Calibrator(store, store, store, scorer).calibrate(catalog.character(character)
        .orElseThrow(() -> new IllegalArgumentException("no character " + character)));
  }

  /** Where a stored image's file is, for adapters that send files. */
  public Path imagePath(io.rolemarket.imagebot.core.store.StoredImage image) {
    return store.pathOf(image);
  }

  /** The bytes of a stored image, if it is still there. */
  public Optional<byte[]> imageBytes(String sha256) {
    return store.read(sha256);
  }

  private static final String PAUSED = "paused";
  private static final String PROVIDER = "provider.";

  /**
   * What an admin's operator command did: the operation, the provider it named (or empty), and how many
   * generations were running as it was done ({@code /drain} says so again once none are).
   */
  public record Operated(Command.Operation operation, String providerId, int running) {}

  /**
   * Runs an operator command of {@code admin} ({@code /pause}, {@code /resume}, {@code /drain}, {@code /provider
   * off|on <id>}): kept in the store across restarts and audited. {@code /drain} pauses, then tells the admin
   * directly (through the {@linkplain #addAdminInbox inboxes}) once nothing is running any more.
   *
   * @return what was done, or empty when {@code admin} is not an admin (nothing changes)
   * @throws IllegalArgumentException when the command names a provider that is not configured
   */
  public Optional<Operated> operate(UserRef admin, Command.Operation operation, String providerId) {
    if (store.register(admin) != Role.ADMIN) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String typed = "/" + switch (operation) {
      case PROVIDER_OFF -> "provider off " + providerId;
      case PROVIDER_ON -> "provider on " + providerId;
      default -> operation.name().toLowerCase(java.util.Locale.ROOT);
    };
    switch (operation) {
      case PAUSE, DRAIN -> {
        pause.set(true);
        store.setSwitch(PAUSED, "true", admin.key(), typed, now);
      }
      case RESUME -> {
        pause.set(false);
        store.setSwitch(PAUSED, "false", admin.key(), typed, now);
      }
      case PROVIDER_OFF, PROVIDER_ON -> {
        boolean off = operation == Command.Operation.PROVIDER_OFF;
        if (router.provider(providerId).isEmpty()) {
          throw new IllegalArgumentException("no provider " + providerId);
        }
        router.switchOff(providerId, off);
        store.setSwitch(PROVIDER + providerId, off ? "off" : "on", admin.key(), typed, now);
      }
    }
    int runningNow = runningNow();
    if (operation == Command.Operation.DRAIN) {
      Thread.ofVirtual().name("drain").start(() -> tellWhenDrained(admin.key()));
    }
    log.info("ADMIN: {} by {}", typed, admin.key());
    return Optional.of(new Operated(operation, providerId, runningNow));
  }

  /** Whether an admin paused the bot ({@code /pause} or {@code /drain}, until {@code /resume}). */
  public boolean paused() {
    return pause.paused();
  }

  /** Generations and actions running now, leaving out those waiting for {@code /resume}. */
  private int runningNow() {
    return Math.max(0, running.total() - pause.waiting());
  }

  private void tellWhenDrained(String adminKey) {
    try {
      while (runningNow() > 0 && pause.paused()) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      return;
    }
    if (!pause.paused()) {
      return; // resumed before the last job ended: nothing to report
    }
    tellAdmin(adminKey, BotTexts.drained(store.language(adminKey).orElse(teamLanguage)));
  }

  /** Sends {@code text} to {@code adminKey} through every inbox that reaches them; a failing inbox is logged. */
  private void tellAdmin(String adminKey, String text) {
    for (AdminInbox inbox : inboxes) {
      if (inbox.reaches(adminKey)) {
        try {
          inbox.tell(adminKey, text);
        } catch (RuntimeException e) {
          log.warn("could not send admin {} a direct message", adminKey, e);
        }
      }
    }
  }

  /**
   * Adds a platform's way to send admins a direct message: budget warnings (50 %, 80 %, 100 % of the month's
   * budget, once each a month) go to every admin an inbox {@linkplain AdminInbox#reaches reaches}.
   */
  public void addAdminInbox(AdminInbox inbox) {
    inboxes.add(Objects.requireNonNull(inbox, "inbox"));
  }

  /** A platform's way to send one user a direct message of text (Telegram, Discord, the console). */
  public interface AdminInbox {
    /** Whether this inbox can reach {@code userKey} (a key of its platform, such as {@code telegram:42}). */
    boolean reaches(String userKey);

    /** Sends {@code text} to {@code userKey}; failures are the inbox's to log, never thrown. */
    void tell(String userKey, String text);
  }

  private void warnAdmins(Budget.Warning warning) {
    log.warn("ADMIN: {}", BotTexts.budgetWarning(Lang.EN, warning));
    for (String admin : store.withRole(Role.ADMIN)) {
      tellAdmin(admin, BotTexts.budgetWarning(store.language(admin).orElse(teamLanguage), warning));
    }
  }

  /** What the team spent this month and its monthly budget, for admins. */
  public Spend spend() {
    return new Spend(budget.spent(), budget.monthlyUsd());
  }

  /**
   * The team's five figures for today, the last seven days and this month (UTC), from the journal, with the monthly
   * budget: for admins' {@code /stats}.
   */
  public TeamFigures figures() {
    return TeamFigures.of(store, clock.instant(), budget.monthlyUsd());
  }

  /**
   * Where this UTC month's money went, naming the {@code top} users, characters and themes that cost most.
   *
   * @throws IllegalArgumentException if {@code top} is less than 1
   */
  public SpendReport spendReport(int top) {
    return store.spendReport(YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)), top);
  }

  /**
   * The team's spend.
   *
   * @param thisMonthUsd paid to providers this UTC month
   * @param monthlyBudgetUsd the monthly limit
   */
  public record Spend(BigDecimal thisMonthUsd, BigDecimal monthlyBudgetUsd) {}

  /**
   * Whether {@code platform}'s event {@code eventId} (a Telegram update id, a Discord interaction id) arrives
   * for the first time; adapters handle an event only then. Repeats, also after a restart, answer false.
   */
  public boolean firstDelivery(String platform, String eventId) {
    return store.firstSeen(platform, eventId, clock.instant());
  }

  /** {@link #firstDelivery} for a batch of events (one store transaction); returns the ids new to the bot. */
  public Set<String> firstDeliveries(String platform, List<String> eventIds) {
    return store.firstSeen(platform, eventIds, clock.instant());
  }

  /**
   * {@link #firstDeliveries} that also keeps each new event's payload until the adapter says it was
   * {@link #eventHandled}: an adapter that stops in between (a crash, a leader killed) leaves the event to
   * {@link #unhandledEvents}, which the next process serving the platform handles.
   */
  public Set<String> receiveEvents(String platform, List<EventLog.Received> events) {
    return store.received(platform, events, clock.instant());
  }

  /** {@code platform}'s event {@code eventId} was handled: it is not handled again after a crash. */
  public void eventHandled(String platform, String eventId) {
    store.handled(platform, eventId, clock.instant());
  }

  /**
   * {@code platform}'s events received and never handled (by a process that stopped), oldest first; an adapter
   * handles them when it starts serving the platform, before new events.
   */
  public List<EventLog.Received> unhandledEvents(String platform) {
    return store.unhandled(platform);
  }

  /** Sign-in to the web library ({@code /web}): off unless the bot was built with {@link Builder#web}. */
  public WebSignIn web() {
    return web;
  }

  /** The bot's clock: adapters date what they show and keep (buttons, file names) by it. */
  public Clock clock() {
    return clock;
  }

  /** What the bot counts and measures; adapters record their platforms' rate limits on it. */
  public BotMetrics metrics() {
    return metrics;
  }

  /** The bot's monotonic time source: adapters pace and time out by it. */
  public Ticker ticker() {
    return ticker;
  }

  /** Stops the router's watchdog. Generations in progress finish; the store stays open. */
  @Override
  public void close() {
    if (waiters != null) {
      waiters.close();
    }
    router.close();
    scorer.close();
  }

  /** Something changed in the work queue (a notification from another process): waiters look now. */
  public void workChanged() {
    if (waiters != null) {
      waiters.wake();
    }
  }

  /** Builds an {@link ImageBot}; not thread-safe. */
  public static final class Builder {
    private Catalog catalog = Catalog.builtIn();
    private Lang teamLanguage = Lang.EN;
    private final List<ImageProvider> providers = new ArrayList<>();
    private RouterSettings routerSettings = RouterSettings.defaults();
    private QuotaPolicy quotaPolicy = QuotaPolicy.withDailyLimit(25);
    private BotStore store;
    private @Nullable Clock clock;
    private long cacheMaxBytes = 256L << 20;
    private Duration cacheExpiry = Duration.ofHours(24);
    private Ticker ticker = Ticker.systemTicker();
    private BigDecimal monthlyBudgetUsd = new BigDecimal("50");
    private Map<Role, BigDecimal> roleCaps = Map.of();
    private int maxInFlightPerUser = 3;
    private ReviewRules reviewRules = ReviewRules.none();
    private HandOff handOff = HandOff.none();
    private Duration buttonLifetime = ActionButtons.DEFAULT_LIFETIME;
    private BotMetrics metrics = BotMetrics.none();
    private @Nullable PictureEmbedder pictureEmbedder;
    private ConsistencySettings consistency = ConsistencySettings.defaults();
    private @Nullable WorkQueue workQueue;
    private Duration workPoll = Duration.ofMillis(200);
    private @Nullable WebSettings web;

    private Builder() {}

    /**
     * Turns on the web library's sign-in ({@code /web} hands out links to {@code settings}' address); null, the
     * default, leaves it off.
     */
    public Builder web(@Nullable WebSettings settings) {
      this.web = settings;
      return this;
    }

    /**
     * Runs admitted requests on workers (several processes on one database): each is queued in {@code queue} and
     * its outcome awaited, looking every {@code poll} (and at once after {@link ImageBot#workChanged}); a worker
     * ({@link ImageBot#startWorker}) runs them. Without one (the default) requests run in this process.
     */
    public Builder workQueue(WorkQueue queue, Duration poll) {
      this.workQueue = Objects.requireNonNull(queue, "queue");
      this.workPoll = Objects.requireNonNull(poll, "poll");
      return this;
    }

    /**
     * What the consistency gate does with an off-model picture and who sees scores (default: one redraw, shown to
     * everyone); it acts only with a {@link #pictureEmbedder}.
     */
    public Builder consistency(ConsistencySettings settings) {
      this.consistency = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * What scores pictures against their character's references (CLIP ViT-B/32's image tower), or null for none
     * (the default): without one the consistency gate is off.
     */
    public Builder pictureEmbedder(@Nullable PictureEmbedder embedder) {
      this.pictureEmbedder = embedder;
      return this;
    }

    /** Where the bot counts and measures its work (default: {@link BotMetrics#none()}, nothing recorded). */
    public Builder metrics(BotMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Who reviews designs and when votes decide (default: nobody, review is not set up). */
    public Builder reviewRules(ReviewRules rules) {
      this.reviewRules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** Where approved designs go (default: nowhere; {@link HandOff#toFolder} writes files). */
    public Builder handOff(HandOff handOff) {
      this.handOff = Objects.requireNonNull(handOff, "handOff");
      return this;
    }

    /** The team's language for group chats, review posts and admins' messages (default: English). */
    public Builder teamLanguage(Lang lang) {
      this.teamLanguage = Objects.requireNonNull(lang, "lang");
      return this;
    }

    /** The characters and themes (default: the built-in catalog). */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Adds a provider; the order of calls is the team's order of preference. */
    public Builder provider(ImageProvider provider) {
      providers.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /** Retry, breaker and timeout settings (default: {@link RouterSettings#defaults()}). */
    public Builder routerSettings(RouterSettings settings) {
      this.routerSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Limits per role (default: 25 images a day for users). */
    public Builder quotaPolicy(QuotaPolicy policy) {
      this.quotaPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The store behind every port (required). */
    public Builder store(BotStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The bot's one clock (required): quota days and months, budget months, journal, history and review
     * times. {@code Main} passes the system clock; tests pass a fixed or moving one.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The in-memory cache: at most {@code maxBytes} of images, each kept {@code expiry} after last use. */
    public Builder cache(long maxBytes, Duration expiry) {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("cache size must not be negative, was " + maxBytes);
      }
      this.cacheMaxBytes = maxBytes;
      this.cacheExpiry = Objects.requireNonNull(expiry, "expiry");
      return this;
    }

    /**
     * The monotonic time source for durations: the cache's expiry, generation times, stall deadlines,
     * and the adapters' pacing (default: the system ticker).
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** How many of one user's generations may run at once; more are refused politely (default 3). */
    public Builder maxInFlightPerUser(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxInFlightPerUser must be at least 1, was " + max);
      }
      this.maxInFlightPerUser = max;
      return this;
    }

    /** How long the buttons under a result work (default two weeks); later presses are told to ask again. */
    public Builder buttonLifetime(Duration lifetime) {
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("buttons must work for some time, was " + lifetime);
      }
      this.buttonLifetime = lifetime;
      return this;
    }

    /** The team's monthly spending limit in US dollars (default 50). */
    public Builder monthlyBudget(BigDecimal usd) {
      this.monthlyBudgetUsd = Objects.requireNonNull(usd, "usd");
      return this;
    }

    /**
     * The most one user of each role may spend a month in US dollars (default: none; roles left out have no cap
     * of their own, only the team's budget).
     */
    public Builder roleCaps(Map<Role, BigDecimal> capsUsd) {
      this.roleCaps = Map.copyOf(capsUsd);
      return this;
    }

    /**
     * The bot.
     *
     * @throws NullPointerException when no store or no clock was given
     * @throws IllegalArgumentException when no provider was given
     */
    public ImageBot build() {
      return new ImageBot(this);
    }
  }
}
