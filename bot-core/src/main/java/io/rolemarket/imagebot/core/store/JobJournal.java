package io.rolemarket.imagebot.core.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The store port that journals provider jobs: opened before the provider is called, each stored image
 * attached as it lands, closed after, so a crash leaves a record to reconcile (the store finishes a
 * job whose images are all attached, refunds the rest, and keeps jobs with a remote id open for
 * re-attachment). Also sums the spend per month, booked when the pictures were produced (the job's last
 * {@link #attachImage} time), so a job closed later, by a restart or past the end of a month, keeps its
 * cost in the month the provider billed it. Each job's story ({@link #recordOutcome}: how it ended, who answered,
 * who failed before and why, its generation time) gives the team's figures for any period ({@link #stats}). Safe
 * for concurrent use.
 */
public interface JobJournal {

  /** Opens a job and returns its id. */
  long open(JobTicket ticket);

  /**
   * Opens a job without character, theme or count (taken from the reservation) and returns its id.
   *
   * @param reservationId the quota reservation the job charges, or 0 for none
   */
  default long open(
      String userKey, String cacheKey, String prompt, String plannedProviderId, long reservationId, Instant at) {
    return open(new JobTicket(userKey, "", "", cacheKey, prompt, plannedProviderId, reservationId, 0, at));
  }

  /**
   * Ties a stored image to an open job, in delivery order; call it right after {@link ImageStore#put}.
   * A job whose asked-for images are all attached is completed, not refunded, after a crash.
   *
   * @param providerId who made the image
   * @param model the model that made it
   * @param costUsd what this one image cost
   * @param at when the provider produced it, by the bot's clock: the job's cost is booked in its month
   */
  void attachImage(long jobId, StoredImage image, String providerId, String model, BigDecimal costUsd, Instant at);

  /**
   * Records that open job {@code jobId} is calling {@code providerId} now, at {@code priceUsd} for its pictures, or
   * with a null provider that its call has ended. A process that stops in the middle of a call leaves the mark, and
   * whoever settles the job books the lost call at that price (the provider bills it); the user is refunded. The
   * default keeps no mark: a store without crash recovery.
   */
  default void calling(long jobId, @Nullable String providerId, BigDecimal priceUsd, Instant at) {}

  /** Records the id a job-based provider gave the job when it accepted it (the latest one wins). */
  void attachRemoteJob(long jobId, String providerId, String remoteJobId);

  /** Open jobs that carry a remote id, oldest first. */
  List<RemoteJob> openRemoteJobs();

  /**
   * The open remote jobs whose process stopped, oldest first, now owned by this one: the ones to re-attach to their
   * provider. Each is adopted once, by one process; a store one process uses adopts every open remote job.
   */
  default List<RemoteJob> adoptOrphanedRemoteJobs() {
    return openRemoteJobs();
  }

  /** Closes a job with what came of it; {@code providerId} is who answered (empty when nobody did). */
  void close(long jobId, boolean succeeded, String providerId, int images, BigDecimal costUsd, Instant at);

  /**
   * Records how job {@code jobId} went, for the team's figures ({@link #stats}); the latest record wins. Call it
   * before {@link #close} or {@link #finish}, so a job a restart closes keeps it. Ignored for an unknown job.
   */
  void recordOutcome(long jobId, JobOutcome outcome);

  /**
   * Records how long the bot has worked on open job {@code jobId} so far, by its ticker (the latest wins): after
   * a restart, the run that re-attaches the job reads it back ({@link RemoteJob#measured}) and adds its own run,
   * so the downtime between is never counted. Ignored for a job that is not open.
   */
  void measure(long jobId, Duration soFar);

  /**
   * The team's figures over the jobs closed in [{@code from}, {@code to}) that have an outcome recorded, with
   * the spend billed in the period and the answers history recorded in it ({@link JobStats#of}).
   *
   * @throws IllegalArgumentException if {@code to} is not after {@code from}
   */
  JobStats stats(Instant from, Instant to);

  /**
   * Finishes a successful job in one step, so a crash leaves all of it or none: closes the job (unless
   * {@link #close} already did) with {@code entry}'s provider, images and cost, charges the job's
   * reservation for {@code entry.images().size()} images (if it is still held), and records the entry.
   * Use it instead of {@code commit} then {@code record}, whose gap a crash could fall into.
   *
   * @return the history entry's id
   */
  long finish(long jobId, HistoryEntry entry);

  /**
   * Gives back the quota charged for the job whose pictures history entry {@code historyId} holds, when they
   * could not be delivered at all (the chat blocked the bot or is gone), to the day and month it was charged
   * in. The provider's cost stays in the spend: it was paid. Once per job.
   *
   * @return whether anything was given back (false: refunded already, free, or no such job)
   */
  boolean refundUndelivered(long historyId);

  /**
   * What the providers cost in {@code month} (UTC), over every succeeded job whose pictures were produced
   * in that month (the last {@link #attachImage} time; for a job with none attached, when it was closed).
   */
  BigDecimal spend(YearMonth month);

  /**
   * What each provider cost in {@code month} (UTC), booked as {@link #spend}, by provider id; providers that
   * cost nothing are left out.
   */
  Map<String, BigDecimal> spendByProvider(YearMonth month);

  /**
   * Where the money went in {@code month} (UTC), booked as {@link #spend}: by day and provider, by provider,
   * and the {@code top} largest shares by user, by character and by theme. Read as of one moment, so the
   * parts add up to the same total.
   *
   * @param top how many users, characters and themes to name, at least 1
   * @throws IllegalArgumentException if {@code top} is less than 1
   */
  SpendReport spendReport(YearMonth month, int top);

  /** What {@code userKey}'s jobs cost in {@code month} (UTC), booked as {@link #spend}. */
  BigDecimal spendOf(String userKey, YearMonth month);
}
