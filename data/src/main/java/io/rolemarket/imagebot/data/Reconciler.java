package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles what a crash left behind: at start-up, and on PostgreSQL every few seconds, what processes that stopped
 * (crashed, killed, cut off for longer than their lease: {@link SqlProcesses}) left in flight. Rows a live process
 * owns are never touched. The rules, so that nobody is charged for nothing and no finished image is lost:
 *
 * <ul>
 *   <li>a job with a remote id stays open and keeps its reservation: it is re-attached to its provider;
 *   <li>any other job that is open, or succeeded while its reservation is still held, is completed when
 *       every image it asked for is attached and present (reservation charged, job closed, history
 *       entry and cache index written), else closed as failed and refunded (a synchronous provider call it had in
 *       flight is booked at its price all the same: the provider bills it). A completed job is booked,
 *       and its history entry dated, when its last image was produced, not at the restart: its cost stays
 *       in the month the provider billed it, and the downtime is not generation time;
 *   <li>every other held reservation (its request died before a job, or after a failure) is refunded.
 * </ul>
 *
 * Each job is settled in its own write transaction, under its row's lock and only if it is still unsettled then, so
 * two processes starting together on one PostgreSQL database settle each job once. Confined to the opening thread.
 */
final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private final Database db;
  private final SqlImages images;
  private final SqlProcesses processes;

  Reconciler(Database db, SqlImages images, SqlProcesses processes) {
    this.db = db;
    this.images = images;
    this.processes = processes;
  }

  /** A job to settle, as the journal has it. */
  private record Job(long id, String userKey, String character, String theme, String cacheKey, String prompt,
      long reservationId, int wanted, String state, Instant openedAt, boolean calling) {}

  /** One attached image; {@code at} is when it was produced (null for rows written before V6). */
  private record Attached(StoredImage image, String provider, String model, long costMicros, @Nullable Instant at) {}

  Reconciliation run(Instant now) {
    String cutoff = processes.cutoff(now);
    List<Job> jobs = db.read(c -> Sql.list(c,
        "SELECT id, user_key, character, theme, cache_key, prompt, reservation_id, images_wanted, state, opened_at, "
            + "call_micros IS NOT NULL FROM jobs WHERE " + UNSETTLED + " ORDER BY id",
        row -> new Job(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
            row.getString(6), row.getLong(7), row.getInt(8), row.getString(9), Instant.parse(row.getString(10)),
            row.getBoolean(11)),
        cutoff));
    int completed = 0;
    int refundedJobs = 0;
    int refundedReservations = 0;
    for (Job job : jobs) {
      List<Attached> attached = db.read(c -> attached(c, job.id()));
      boolean whole = job.wanted() > 0 && attached.size() >= job.wanted()
          && images.present(attached.stream().map(Attached::image).toList());
      // each job is settled under its row's lock, and only if nobody (another process starting) settled it since
      if (whole) {
        completed += db.write(c -> {
          if (!stillUnsettled(c, job.id(), cutoff)) {
            return 0;
          }
          complete(c, db.dialect(), job, attached, now);
          return 1;
        });
      } else {
        Optional<Boolean> refunded = db.write(c -> stillUnsettled(c, job.id(), cutoff)
            ? Optional.of(fail(c, db.dialect(), job, now)) : Optional.<Boolean>empty());
        refundedReservations += refunded.orElse(false) ? 1 : 0;
        refundedJobs += refunded.isPresent() && job.state().equals("open") ? 1 : 0;
      }
    }
    refundedReservations += db.write(c -> {
      List<Long> held = Sql.list(c, "SELECT id FROM reservations WHERE state = 'held' AND "
          + SqlProcesses.orphaned("owner") + " AND id NOT IN "
          + "(SELECT reservation_id FROM jobs WHERE state = 'open' AND remote_job_id IS NOT NULL)",
          row -> row.getLong(1), cutoff);
      for (long id : held) {
        SqlQuotaLedger.settle(c, db.dialect(), id, 0, now);
      }
      return held.size();
    });
    long remote = db.read(c -> Sql.number(c,
        "SELECT COUNT(*) FROM jobs WHERE state = 'open' AND remote_job_id IS NOT NULL"));
    return new Reconciliation(completed, refundedJobs, refundedReservations, (int) remote);
  }

  /** A job this reconciler settles: no remote id, and open, or succeeded while its reservation is still held. */
  private static final String UNSETTLED = "remote_job_id IS NULL AND (state = 'open' OR (state = 'succeeded' AND "
      + "reservation_id IN (SELECT id FROM reservations WHERE state = 'held'))) AND " + SqlProcesses.orphaned("owner");

  /**
   * Whether job {@code id} is still to settle, its row locked until the transaction ends. The lock comes first and
   * the check after it, in a statement of its own: PostgreSQL re-checks a locked row's own columns, not a subquery
   * over the reservations, so one statement could still see a reservation another process has just settled.
   */
  private boolean stillUnsettled(Connection c, long id, String cutoff) throws SQLException {
    Sql.list(c, "SELECT id FROM jobs WHERE id = ?" + db.dialect().forUpdate(), row -> row.getLong(1), id);
    return Sql.first(c, "SELECT id FROM jobs WHERE id = ? AND " + UNSETTLED, row -> row.getLong(1), id, cutoff)
        .isPresent();
  }

  /** The job's attached images in order; empty when any of their rows is missing. */
  private static List<Attached> attached(Connection c, long jobId) throws SQLException {
    record Link(String sha256, String provider, String model, long costMicros, @Nullable String at) {}
    List<Link> links = Sql.list(c, "SELECT sha256, provider, model, cost_micros, attached_at FROM job_images "
        + "WHERE job_id = ? ORDER BY ordinal", row -> new Link(row.getString(1), row.getString(2), row.getString(3),
        row.getLong(4), row.getString(5)), jobId);
    List<Attached> found = new ArrayList<>();
    for (Link link : links) {
      List<StoredImage> image = SqlImages.images(c, link.sha256());
      if (image.isEmpty()) {
        return List.of();
      }
      found.add(new Attached(image.get(0), link.provider(), link.model(), link.costMicros(),
          link.at() == null ? null : Instant.parse(link.at())));
    }
    return found;
  }

  private static int complete(Connection c, Dialect dialect, Job job, List<Attached> attached, Instant now) throws SQLException {
    List<StoredImage> stored = attached.stream().map(Attached::image).toList();
    String provider = attached.get(0).provider();
    long costMicros = attached.stream().mapToLong(Attached::costMicros).sum();
    Instant produced = attached.stream().map(Attached::at).filter(Objects::nonNull).max(Instant::compareTo)
        .orElse(now);
    Duration elapsed = Duration.between(job.openedAt(), produced).isNegative()
        ? Duration.ZERO : Duration.between(job.openedAt(), produced);
    Sql.update(c, "UPDATE jobs SET state = 'succeeded', provider = ?, images = ?, cost_micros = ?, closed_at = ?, "
        + "billed_at = ? WHERE id = ? AND state = 'open'", provider, stored.size(), costMicros, now.toString(),
        produced.toString(), job.id());
    if (job.reservationId() > 0) {
      SqlQuotaLedger.settle(c, dialect, job.reservationId(), stored.size(), now);
    }
    long historyId = SqlHistory.record(c, new HistoryEntry(0, job.userKey(), job.character(), job.theme(),
        job.prompt(), provider, Money.fromMicros(costMicros), elapsed, false, stored, produced));
    Sql.update(c, "UPDATE jobs SET history_id = ? WHERE id = ?", historyId, job.id());
    return SqlImages.remember(c, new CachedGeneration(job.cacheKey(), stored, provider, attached.get(0).model(),
        Money.fromMicros(costMicros), elapsed), now);
  }

  /**
   * Closes {@code job} as failed and refunds its reservation. A provider call it had in flight (a synchronous one: a job
   * with a remote id is adopted instead) is booked at its price when it started: the provider bills it, though nobody
   * can read its answer, so the month's spend and the budget count it; the user is refunded all the same.
   */
  private static boolean fail(Connection c, Dialect dialect, Job job, Instant now) throws SQLException {
    int closed = Sql.update(c, "UPDATE jobs SET state = 'failed', closed_at = ?, "
        + "cost_micros = COALESCE(call_micros, cost_micros), billed_at = COALESCE(call_at, billed_at), "
        + "provider = COALESCE(call_provider, provider) WHERE id = ? AND state = 'open'", now.toString(), job.id());
    if (closed > 0 && job.calling()) {
      log.warn("job {}: its provider call was lost with a stopped process; booked at its price, the user refunded",
          job.id());
    }
    return job.reservationId() > 0 && SqlQuotaLedger.settle(c, dialect, job.reservationId(), 0, now);
  }
}
