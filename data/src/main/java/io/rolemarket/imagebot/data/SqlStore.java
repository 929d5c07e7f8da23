package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.ActionLinks;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.EventLog;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.store.SpendReport;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.store.WorkQueue;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's store: every core store port over one SQL database, SQLite ({@link SqliteStore}) or PostgreSQL
 * ({@link PostgresStore}), with image blobs as content-addressed files in a {@code blobs/} directory. The SQL is
 * written once, in a package-private class per port ({@code SqlQuotaLedger}, {@code SqlJournal}, ...), over a
 * {@link Database} and its {@link Dialect}; this class is the front door that delegates.
 *
 * <pre>{@code
 * try (SqliteStore store = SqliteStore.open(Path.of("var/imagebot.db"), clock)) { ... }
 * try (PostgresStore store = PostgresStore.open("jdbc:postgresql://db:5432/imagebot?user=bot", password,
 *     Path.of("var/blobs"), clock)) { ... }
 * }</pre>
 *
 * <p>Concurrency: quota reservations are one conditional {@code UPDATE ... WHERE used + ? <= limit} per window
 * inside one write transaction, and a budget hold one conditional insert under the budget lock, so concurrent
 * reservations and holds can never overspend: on SQLite because it has one writer, on PostgreSQL, where several
 * connections and processes write at once, because the conditional update re-checks the row it waited for and
 * the hold takes an advisory lock (see {@link Dialect}).
 *
 * <p>Crash safety: opening the store reconciles what a crash left (see {@link #reconciliation()}): jobs
 * whose images were all stored are completed, other open jobs and stray reservations are refunded, and
 * jobs with a provider-side id stay open for re-attachment. So one process runs jobs on a database; several
 * processes sharing a PostgreSQL database need job leases first (a later step of issue 20).
 *
 * <p>Safe for concurrent use.
 */
public abstract sealed class SqlStore implements BotStore, WorkQueue permits SqliteStore, PostgresStore {
  private static final Logger log = LoggerFactory.getLogger(SqlStore.class);
  private final Database db;
  private final SqlUsers users;
  private final SqlQuotaLedger ledger;
  private final SqlJournal journal;
  private final SqlImages images;
  private final SqlHistory history;
  private final SqlReviews reviews;
  private final SqlEvents events;
  private final SqlDeliveries deliveries;
  private final @Nullable OwnWrites ownWrites;
  private final SqlActionLinks links;
  private final SqlSpendHolds holds;
  private final SqlOperatorLog operators;
  private final SqlSpendReports spendReports;
  private final SqlReferenceEmbeddings embeddings;
  private final SqlUpdateInbox inbox;
  private final SqlWebSessions web;
  private final Reconciliation reconciliation;
  private final SqlProcesses processes;
  private final SqlWork work;
  private final SqlFlights flights;
  private final @Nullable Notifications notifications;
  /** Signalled when another process notifies a change (PostgreSQL's LISTEN/NOTIFY). */
  private final Object changed = new Object();
  private final ScheduledExecutorService heart;
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile Runnable onLost = () -> { };

  SqlStore(Database db, BlobFiles blobs, Duration lease, @Nullable Notifications notifications) {
    this(db, blobs, lease, notifications, null);
  }

  /**
   * @param ownWrites where an answer the chat has just taken is settled, or null for the pool (SQLite: one process,
   *     one writer)
   */
  SqlStore(Database db, BlobFiles blobs, Duration lease, @Nullable Notifications notifications,
      @Nullable OwnWrites ownWrites) {
    this.db = db;
    this.notifications = notifications;
    this.ownWrites = ownWrites;
    if (notifications != null) {
      notifications.onNotification(() -> {
        synchronized (changed) {
          changed.notifyAll();
        }
      });
    }
    this.processes = new SqlProcesses(db, lease);
    this.work = new SqlWork(db, processes);
    this.flights = new SqlFlights(db, processes);
    this.users = new SqlUsers(db);
    this.ledger = new SqlQuotaLedger(db, processes.id());
    this.journal = new SqlJournal(db, processes.id());
    this.images = new SqlImages(db, blobs);
    this.history = new SqlHistory(db);
    this.reviews = new SqlReviews(db);
    this.events = new SqlEvents(db);
    this.deliveries = new SqlDeliveries(db);
    this.links = new SqlActionLinks(db);
    this.holds = new SqlSpendHolds(db, processes);
    this.operators = new SqlOperatorLog(db);
    this.spendReports = new SqlSpendReports(db);
    this.embeddings = new SqlReferenceEmbeddings(db);
    this.inbox = new SqlUpdateInbox(db);
    this.web = new SqlWebSessions(db);
    events.forgetBefore(db.now().minus(REMEMBERED));
    inbox.forgetHandledBefore(db.now().minus(KEPT));
    processes.register("all");
    this.reconciliation = new Reconciler(db, images, processes).run(db.now());
    db.write(c -> work.requeueOrphans(c, db.now()));
    this.heart = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("store-heartbeat")
        .factory());
    long every = Math.max(250, lease.toMillis() / 4);
    heart.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** The default lease: a process not heard of for this long is dead, and what it left in flight is settled. */
  public static final Duration LEASE = Duration.ofSeconds(10);

  /** This process's id among the bot's processes on the database (the owner of the rows it writes in flight). */
  public String processId() {
    return processes.id();
  }

  /** Says what this process does among the bot's processes ({@code all}, {@code edge}, {@code worker}), for operators. */
  public void announce(String role) {
    processes.announce(role);
  }

  /**
   * Runs {@code action} once if this process is found to have been taken for dead (it could not stamp itself alive
   * for longer than the lease, and the others have settled what it owned): it must stop its work then.
   */
  public void onLost(Runnable action) {
    this.onLost = action;
  }

  private void beat() {
    try {
      if (!processes.beat() && !lost.getAndSet(true)) {
        log.error("this process was taken for dead by the others (no heartbeat for {} s): stopping its work",
            processes.lease().toSeconds());
        onLost.run();
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat failed: {}", e.getMessage());
    }
  }

  /**
   * Settles what processes that stopped (no heartbeat for longer than the lease) left in flight, as opening the
   * store does for a crash: their budget holds are released, their jobs completed or refunded, their other
   * reservations refunded; their open remote jobs wait for {@link #adoptOrphanedRemoteJobs}. Rows of live processes
   * are never touched. Call it every few seconds when several processes share the database.
   */
  @Override
  public int reapOrphans() {
    beat();
    int released = holds.releaseAll();
    // One instant for the whole round: work is queued again, and keys freed, only of processes whose jobs the
    // reconciler has just settled (a process taken for dead a moment later is left to the next round).
    Instant now = db.now();
    Reconciliation settled = new Reconciler(db, images, processes).run(now);
    int requeued = db.write(c -> {
      flights.clearOrphans(c, now);
      int again = work.requeueOrphans(c, now);
      processes.forgetDead(c, now);
      return again;
    });
    if (requeued > 0) {
      log.warn("{} request(s) of a stopped worker queued again", requeued);
    }
    return released + settled.jobsCompleted() + settled.jobsRefunded() + settled.reservationsRefunded();
  }

  @Override
  public boolean take(String cacheKey) {
    return flights.take(cacheKey);
  }

  @Override
  public void giveBack(String cacheKey) {
    flights.giveBack(cacheKey);
  }

  @Override
  public boolean held(String cacheKey) {
    return flights.held(cacheKey);
  }

  @Override
  public void awaitGiveBack(String cacheKey, Duration max) throws InterruptedException {
    synchronized (changed) {
      changed.wait(Math.max(1, max.toMillis()));
    }
  }

  /**
   * Runs {@code listener} (quickly) whenever another process of the bot changed the work queue or gave a cache key
   * back: a hint to look now rather than at the next poll. Never called on SQLite, where one process works.
   */
  public void onChange(Runnable listener) {
    if (notifications != null) {
      notifications.onNotification(listener);
    }
  }

  @Override
  public void enqueue(long owedId, String userKey, String userName, String command, Instant at) {
    work.enqueue(owedId, userKey, userName, command, at);
  }

  @Override
  public Optional<Claimed> claim(Instant at) {
    return work.claim(at);
  }

  @Override
  public void progress(long owedId, String progress) {
    work.progress(owedId, progress);
  }

  @Override
  public boolean complete(long owedId, String outcome, Instant at) {
    return work.complete(owedId, outcome, at);
  }

  @Override
  public boolean withdraw(long owedId, String outcome, Instant at) {
    return work.withdraw(owedId, outcome, at);
  }

  @Override
  public Map<Long, Seen> seen(Collection<Long> owedIds) {
    return work.seen(owedIds);
  }

  @Override
  public List<RemoteJob> adoptOrphanedRemoteJobs() {
    return journal.adoptOrphanedRemoteJobs(processes);
  }

  /** Stops the heartbeat and closes the connections of this store's own (not the pool). */
  private void stopConnections() {
    heart.shutdownNow();
    if (notifications != null) {
      notifications.close();
    }
    if (ownWrites != null) {
      ownWrites.close();
    }
  }

  /** The database under this store (tests that hold its connections). */
  Database database() {
    return db;
  }

  /** Stops as a killed process would: no more heartbeats, no goodbye (tests of what the others then settle). */
  void halt() {
    stopConnections();
    db.close();
  }

  /** Builds a store on {@code db}, closing it when building fails. */
  static <S extends SqlStore> S build(Database db, java.util.function.Supplier<S> store) {
    try {
      return store.get();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** What opening this store found left by a crash and settled. */
  public Reconciliation reconciliation() {
    return reconciliation;
  }

  @Override
  public Role register(UserRef user) {
    return users.register(user);
  }

  @Override
  public void setRole(String userKey, Role role) {
    users.setRole(userKey, role);
  }

  @Override
  public List<String> withRole(Role role) {
    return users.withRole(role);
  }

  @Override
  public Optional<QuotaLimits> limitOverride(String userKey) {
    return users.limitOverride(userKey);
  }

  @Override
  public void overrideLimits(String userKey, QuotaLimits limits) {
    users.overrideLimits(userKey, limits);
  }

  @Override
  public void clearLimitOverride(String userKey) {
    users.clearLimitOverride(userKey);
  }

  @Override
  public Optional<Lang> language(String userKey) {
    return users.language(userKey);
  }

  @Override
  public void calling(long jobId, @Nullable String providerId, BigDecimal priceUsd, Instant at) {
    journal.calling(jobId, providerId, priceUsd, at);
  }

  @Override
  public Optional<String> displayName(String userKey) {
    return users.displayName(userKey);
  }

  @Override
  public void setLanguage(String userKey, Lang lang) {
    users.setLanguage(userKey, lang);
  }

  @Override
  public Reservation reserve(String userKey, int count, QuotaLimits limits, Instant now) {
    return ledger.reserve(userKey, count, limits, now);
  }

  @Override
  public void commit(long reservationId, int imagesUsed) {
    ledger.commit(reservationId, imagesUsed);
  }

  @Override
  public void refund(long reservationId) {
    ledger.refund(reservationId);
  }

  @Override
  public QuotaUsage usage(String userKey, Instant now) {
    return ledger.usage(userKey, now);
  }

  @Override
  public void grant(String userKey, int count, Instant now) {
    ledger.grant(userKey, count, now);
  }

  @Override
  public long open(JobTicket ticket) {
    return journal.open(ticket);
  }

  @Override
  public void attachImage(
      long jobId, StoredImage image, String providerId, String model, BigDecimal costUsd, Instant at) {
    journal.attachImage(jobId, image, providerId, model, costUsd, at);
  }

  @Override
  public void recordOutcome(long jobId, JobOutcome outcome) {
    journal.recordOutcome(jobId, outcome);
  }

  @Override
  public void measure(long jobId, Duration soFar) {
    journal.measure(jobId, soFar);
  }

  @Override
  public JobStats stats(Instant from, Instant to) {
    return journal.stats(from, to);
  }

  @Override
  public void attachRemoteJob(long jobId, String providerId, String remoteJobId) {
    journal.attachRemoteJob(jobId, providerId, remoteJobId);
  }

  @Override
  public List<RemoteJob> openRemoteJobs() {
    return journal.openRemoteJobs();
  }

  @Override
  public void close(long jobId, boolean succeeded, String providerId, int count, BigDecimal costUsd, Instant at) {
    journal.close(jobId, succeeded, providerId, count, costUsd, at);
  }

  @Override
  public long finish(long jobId, HistoryEntry entry) {
    return journal.finish(jobId, entry);
  }

  @Override
  public boolean refundUndelivered(long historyId) {
    return journal.refundUndelivered(historyId);
  }

  @Override
  public java.util.OptionalLong hold(Ask ask, Instant now) {
    return holds.hold(ask, now);
  }

  @Override
  public Map<String, String> switches() {
    return operators.switches();
  }

  @Override
  public void setSwitch(String name, String value, String actorKey, String action, Instant at) {
    operators.setSwitch(name, value, actorKey, action, at);
  }

  @Override
  public List<Audited> audit(int limit) {
    return operators.audit(limit);
  }

  @Override
  public long holdAnyway(String userKey, BigDecimal usd, Instant now) {
    return holds.holdAnyway(userKey, usd, now);
  }

  @Override
  public BigDecimal committedBy(String userKey, Instant now) {
    return holds.committedBy(userKey, now);
  }

  @Override
  public boolean claimWarning(java.time.YearMonth month, int percent, Instant at) {
    return holds.claimWarning(month, percent, at);
  }

  @Override
  public void release(long holdId) {
    holds.release(holdId);
  }

  @Override
  public BigDecimal held() {
    return holds.held();
  }

  @Override
  public int releaseAll() {
    return holds.releaseAll();
  }

  @Override
  public BigDecimal spend(YearMonth month) {
    return journal.spend(month);
  }

  @Override
  public Map<String, BigDecimal> spendByProvider(YearMonth month) {
    return journal.spendByProvider(month);
  }

  @Override
  public SpendReport spendReport(YearMonth month, int top) {
    return spendReports.report(month, top);
  }

  @Override
  public BigDecimal spendOf(String userKey, YearMonth month) {
    return spendReports.spendOf(userKey, month);
  }

  @Override
  public StoredImage put(GeneratedImage image, String prompt, String providerId) {
    return images.put(image, prompt, providerId);
  }

  @Override
  public Optional<Long> seedOf(String sha256) {
    return images.seed(sha256);
  }

  @Override
  public Optional<byte[]> read(String sha256) {
    return images.read(sha256);
  }

  @Override
  public Path pathOf(StoredImage image) {
    return images.pathOf(image);
  }

  @Override
  public void remember(CachedGeneration generation) {
    images.remember(generation);
  }

  @Override
  public Optional<CachedGeneration> recall(String cacheKey) {
    return images.recall(cacheKey);
  }

  @Override
  public Optional<String> fileId(String platform, String sha256) {
    return images.fileId(platform, sha256);
  }

  @Override
  public void rememberFileId(String platform, String sha256, String fileId) {
    images.rememberFileId(platform, sha256, fileId);
  }

  @Override
  public long record(HistoryEntry entry) {
    return history.record(entry);
  }

  @Override
  public List<HistoryEntry> recent(String userKey, int limit) {
    return history.recent(userKey, limit);
  }

  @Override
  public Optional<HistoryEntry> entry(String userKey, long historyId) {
    return history.entry(userKey, historyId);
  }

  @Override
  public long submit(Submission submission) {
    return reviews.submit(submission);
  }

  @Override
  public Optional<Submission> submission(long submissionId) {
    return reviews.submission(submissionId);
  }

  @Override
  public List<Submission> undecided(int limit) {
    return reviews.undecided(limit);
  }

  @Override
  public boolean vote(Vote vote) {
    return reviews.vote(vote);
  }

  @Override
  public List<Vote> votes(long submissionId) {
    return reviews.votes(submissionId);
  }

  @Override
  public boolean decide(Decision decision) {
    return reviews.decide(decision);
  }

  @Override
  public Optional<Decision> decision(long submissionId) {
    return reviews.decision(submissionId);
  }

  @Override
  public List<Submission> decided(Outcome outcome, int limit) {
    return reviews.decided(outcome, limit);
  }

  @Override
  public void rememberPost(long submissionId, String platform, String postRef) {
    reviews.rememberPost(submissionId, platform, postRef);
  }

  @Override
  public Optional<String> post(long submissionId, String platform) {
    return reviews.post(submissionId, platform);
  }

  @Override
  public List<AuditEntry> audit(long submissionId) {
    return reviews.audit(submissionId);
  }

  @Override
  public long owe(Owed owed) {
    return deliveries.owe(owed);
  }

  @Override
  public void serveBy(long owedId, long jobId) {
    deliveries.serveBy(owedId, jobId);
  }

  @Override
  public void showStatus(long owedId, String statusRef) {
    deliveries.showStatus(owedId, statusRef);
  }

  @Override
  public void settle(long owedId) {
    if (ownWrites != null) {
      ownWrites.update(SqlDeliveries.SETTLE, owedId);
    } else {
      deliveries.settle(owedId);
    }
  }

  @Override
  public List<Left> owed(String platform) {
    return deliveries.owed(platform);
  }

  @Override
  public boolean firstSeen(String platform, String eventId, Instant at) {
    return events.firstSeen(platform, eventId, at);
  }

  @Override
  public Set<String> firstSeen(String platform, List<String> eventIds, Instant at) {
    return events.firstSeen(platform, eventIds, at);
  }

  @Override
  public Set<String> received(String platform, List<EventLog.Received> received, Instant at) {
    return events.received(platform, received, at);
  }

  @Override
  public void handled(String platform, String eventId, Instant at) {
    events.handled(platform, eventId, at);
  }

  @Override
  public List<EventLog.Received> unhandled(String platform) {
    return events.unhandled(platform);
  }

  @Override
  public long oweFor(Owed owed, String eventId) {
    return deliveries.oweFor(owed, eventId);
  }

  @Override
  public int forgetEventsBefore(Instant before) {
    return events.forgetBefore(before);
  }
  @Override
  public void link(ActionLinks.Link link) {
    links.link(link);
  }

  @Override
  public Optional<ActionLinks.Link> linked(String token) {
    return links.linked(token);
  }

  @Override
  public Optional<String> requestOf(long historyId) {
    return links.requestOf(historyId);
  }


  @Override
  public Optional<float[]> embedding(String modelId, String sha256) {
    return embeddings.embedding(modelId, sha256);
  }

  @Override
  public void keepEmbedding(String modelId, String sha256, float[] embedding) {
    embeddings.keep(modelId, sha256, embedding);
  }

  @Override
  public boolean put(String platform, String eventId, String payload, Instant at) {
    return inbox.put(platform, eventId, payload, at);
  }

  @Override
  public List<Inboxed> take(String platform, int max, Instant now, Duration lease) {
    return inbox.take(platform, max, now, lease);
  }

  @Override
  public void done(String platform, String eventId, Instant at) {
    inbox.done(platform, eventId, at);
  }

  @Override
  public int forgetHandledBefore(Instant before) {
    return inbox.forgetHandledBefore(before);
  }

  @Override
  public void close() {
    stopConnections();
    try {
      processes.leave();
    } catch (RuntimeException e) {
      log.warn("could not say goodbye to the other processes: {}", e.getMessage());
    }
    db.close();
  }

  @Override
  public byte[] webSigningKey(byte[] candidate) {
    return web.signingKey(candidate);
  }

  @Override
  public void addSignInLink(String linkId, String userKey, Instant issuedAt, Instant expiresAt) {
    web.addLink(linkId, userKey, issuedAt, expiresAt);
  }

  @Override
  public Optional<String> useSignInLink(String linkId, Instant now) {
    return web.useLink(linkId, now);
  }

  @Override
  public void openWebSession(String sessionHash, String userKey, Instant openedAt, Instant expiresAt) {
    web.openSession(sessionHash, userKey, openedAt, expiresAt);
  }

  @Override
  public Optional<String> webSessionUser(String sessionHash, Instant now) {
    return web.sessionUser(sessionHash, now);
  }

  @Override
  public boolean endWebSession(String sessionHash, Instant at) {
    return web.endSession(sessionHash, at);
  }

  @Override
  public int revokeWeb(String userKey, Instant at) {
    return web.revoke(userKey, at);
  }
}
