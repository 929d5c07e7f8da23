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
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.store.SpendReport;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
public abstract sealed class SqlStore implements BotStore permits SqliteStore, PostgresStore {
  private final Database db;
  private final SqlUsers users;
  private final SqlQuotaLedger ledger;
  private final SqlJournal journal;
  private final SqlImages images;
  private final SqlHistory history;
  private final SqlReviews reviews;
  private final SqlEvents events;
  private final SqlDeliveries deliveries;
  private final SqlActionLinks links;
  private final SqlSpendHolds holds;
  private final SqlOperatorLog operators;
  private final SqlSpendReports spendReports;
  private final SqlReferenceEmbeddings embeddings;
  private final SqlWebSessions web;
  private final Reconciliation reconciliation;

  SqlStore(Database db, BlobFiles blobs) {
    this.db = db;
    this.users = new SqlUsers(db);
    this.ledger = new SqlQuotaLedger(db);
    this.journal = new SqlJournal(db);
    this.images = new SqlImages(db, blobs);
    this.history = new SqlHistory(db);
    this.reviews = new SqlReviews(db);
    this.events = new SqlEvents(db);
    this.deliveries = new SqlDeliveries(db);
    this.links = new SqlActionLinks(db);
    this.holds = new SqlSpendHolds(db);
    this.operators = new SqlOperatorLog(db);
    this.spendReports = new SqlSpendReports(db);
    this.embeddings = new SqlReferenceEmbeddings(db);
    this.web = new SqlWebSessions(db);
    events.forgetBefore(db.now().minus(REMEMBERED));
    this.reconciliation = new Reconciler(db, images).run(db.now());
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
    deliveries.settle(owedId);
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
  public void close() {
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
