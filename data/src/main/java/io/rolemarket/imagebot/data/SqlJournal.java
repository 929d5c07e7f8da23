package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The job journal ({@code JobJournal}): jobs, the images attached to them as they land, and
 * remote job ids; spend per month and per provider, booked when the pictures were produced (the job's
 * {@code billed_at}: its last image's {@code attached_at}), so a job closed later, by a restart or across
 * the end of a month, stays in the month it was paid for. {@link Reconciler} reads what a crash left here.
 * Safe for concurrent use.
 */
final class SqlJournal {
  private final Database db;
  private final String owner;

  SqlJournal(Database db, String owner) {
    this.db = db;
    this.owner = owner;
  }

  long open(JobTicket ticket) {
    return db.write(c -> Sql.number(c,
        "INSERT INTO jobs (user_key, character, theme, cache_key, prompt, planned_provider, reservation_id, "
            + "images_wanted, state, opened_at, parent_remote_job_id, action, owner) VALUES (?, ?, ?, ?, ?, ?, ?, "
            + "COALESCE(NULLIF(?, 0), (SELECT images FROM reservations WHERE id = ?), 0), 'open', ?, ?, ?, ?) "
            + "RETURNING id",
        ticket.userKey(), ticket.character(), ticket.theme(), ticket.cacheKey(), ticket.prompt(),
        ticket.plannedProviderId(), ticket.reservationId(), ticket.images(), ticket.reservationId(),
        ticket.at().toString(), ticket.action() == null ? null : ticket.parentRemoteJobId(),
        ticket.action() == null ? null : ticket.action().label(), owner));
  }

  void attachImage(long jobId, StoredImage image, String providerId, String model, BigDecimal costUsd, Instant at) {
    db.write(c -> {
      // the job's row stays locked until the image is in, so two attachments cannot take one ordinal
      if (Sql.first(c, "SELECT id FROM jobs WHERE id = ? AND state = 'open'" + db.dialect().forUpdate(),
          row -> row.getLong(1), jobId).isEmpty()) {
        return 0;
      }
      return Sql.update(c,
          "INSERT INTO job_images (job_id, ordinal, sha256, provider, model, cost_micros, attached_at) "
              + "SELECT ?, COUNT(*), ?, ?, ?, ?, ? FROM job_images WHERE job_id = ?",
          jobId, image.sha256(), providerId, model, Money.toMicros(costUsd), at.toString(), jobId);
    });
  }

  /**
   * What the team paid for: succeeded jobs, and failed ones booked with a cost (a call lost with its process,
   * {@link Reconciler}). A condition on {@code jobs} rows.
   */
  static final String PAID = "(state = 'succeeded' OR (state = 'failed' AND cost_micros > 0))";

  void calling(long jobId, @Nullable String providerId, BigDecimal priceUsd, Instant at) {
    db.write(c -> Sql.update(c, "UPDATE jobs SET call_provider = ?, call_micros = ?, call_at = ? "
        + "WHERE id = ? AND state = 'open'", providerId, providerId == null ? null : Money.toMicros(priceUsd),
        providerId == null ? null : at.toString(), jobId));
  }

  void attachRemoteJob(long jobId, String providerId, String remoteJobId) {
    db.write(c -> Sql.update(c,
        "UPDATE jobs SET remote_provider = ?, remote_job_id = ? WHERE id = ? AND state = 'open'",
        providerId, remoteJobId, jobId));
  }

  List<RemoteJob> openRemoteJobs() {
    return db.read(c -> remoteJobs(c, ""));
  }

  /**
   * Makes this process the owner of the open remote jobs no live process owns (their process stopped) and returns
   * them, oldest first: each is adopted by one process only.
   */
  List<RemoteJob> adoptOrphanedRemoteJobs(SqlProcesses processes) {
    String cutoff = processes.cutoff(db.now());
    return db.write(c -> {
      List<Long> ids = Sql.list(c, "SELECT id FROM jobs WHERE state = 'open' AND remote_job_id IS NOT NULL AND "
          + SqlProcesses.orphaned("owner") + " ORDER BY id" + db.dialect().forUpdate(), row -> row.getLong(1), cutoff);
      List<RemoteJob> adopted = new ArrayList<>();
      for (long id : ids) {
        if (Sql.update(c, "UPDATE jobs SET owner = ? WHERE id = ? AND state = 'open' AND "
            + SqlProcesses.orphaned("owner"), owner, id, cutoff) == 1) {
          adopted.addAll(remoteJobs(c, " AND id = ?", id));
        }
      }
      return adopted;
    });
  }

  private static List<RemoteJob> remoteJobs(Connection c, String where, Object... args) throws SQLException {
    return Sql.list(c,
        "SELECT id, user_key, character, theme, cache_key, prompt, remote_provider, remote_job_id, reservation_id, "
            + "images_wanted, opened_at, parent_remote_job_id, action, measured_ms FROM jobs "
            + "WHERE state = 'open' AND remote_job_id IS NOT NULL" + where + " ORDER BY id",
        row -> {
          ProviderAction action = row.getString(13) == null ? null : ProviderAction.parse(row.getString(13))
              .orElse(null);
          return new RemoteJob(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
              row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getLong(9), row.getInt(10),
              Instant.parse(row.getString(11)), action == null || row.getString(12) == null ? "" : row.getString(12),
              action, Duration.ofMillis(row.getLong(14)));
        }, args);
  }

  void recordOutcome(long jobId, JobOutcome outcome) {
    db.write(c -> Sql.update(c,
        "UPDATE jobs SET outcome = ?, answered_by = ?, attempts = ?, rate_limit_hits = ?, generation_ms = ? "
            + "WHERE id = ?",
        outcome.kind().label(), outcome.providerId(), outcome.attemptsText(), outcome.rateLimitHits(),
        outcome.generation().toMillis(), jobId));
  }

  void measure(long jobId, Duration soFar) {
    db.write(c -> Sql.update(c, "UPDATE jobs SET measured_ms = ? WHERE id = ? AND state = 'open'", soFar.toMillis(),
        jobId));
  }

  /**
   * The figures over the jobs closed in [from, to) with an outcome, the spend billed in it and the history entries
   * recorded in it, read in one transaction so they agree.
   */
  JobStats stats(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("the period must end after it starts, was " + from + " to " + to);
    }
    String start = bound(from);
    String end = bound(to);
    return db.read(c -> {
      List<JobOutcome> outcomes = Sql.list(c, "SELECT outcome, answered_by, attempts, rate_limit_hits, generation_ms "
              + "FROM jobs WHERE closed_at >= ? AND closed_at < ? AND outcome IS NOT NULL ORDER BY id",
          row -> new JobOutcome(JobOutcome.Kind.of(row.getString(1)), row.getString(2),
              JobOutcome.attemptsOf(row.getString(3)), row.getInt(4), Duration.ofMillis(row.getLong(5))),
          start, end);
      Map<String, BigDecimal> spend = new LinkedHashMap<>();
      Sql.list(c, "SELECT provider, SUM(cost_micros) FROM jobs WHERE " + PAID + " AND billed_at >= ? "
              + "AND billed_at < ? GROUP BY provider HAVING SUM(cost_micros) > 0 ORDER BY provider",
          row -> spend.put(row.getString(1), Money.fromMicros(row.getLong(2))), start, end);
      long hits = Sql.number(c, "SELECT COUNT(*) FROM history WHERE at >= ? AND at < ? AND from_cache = 1", start,
          end);
      long paid = Sql.number(c, "SELECT COUNT(*) FROM history WHERE at >= ? AND at < ? AND from_cache = 0", start,
          end);
      double[] similarity = Sql.first(c, "SELECT COUNT(similarity), COALESCE(AVG(similarity), 0) FROM history "
              + "WHERE at >= ? AND at < ? AND from_cache = 0 AND similarity IS NOT NULL",
          row -> new double[] {row.getLong(1), row.getDouble(2)}, start, end).orElseThrow();
      return JobStats.of(from, to, outcomes, spend, (int) hits, (int) paid, (int) similarity[0], similarity[1]);
    });
  }

  /**
   * {@code at} as a bound to compare stored times with. Times are kept as {@link Instant#toString}, which leaves out
   * a zero fraction, so {@code ...00:00Z} sorts after {@code ...00:00.5Z}; a whole-second bound without its
   * {@code Z} is a prefix of both and sorts before them, as the instant does.
   */
  static String bound(Instant at) {
    String text = at.toString();
    return at.getNano() == 0 ? text.substring(0, text.length() - 1) : text;
  }

  void close(long jobId, boolean succeeded, String providerId, int images, BigDecimal costUsd, Instant at) {
    db.write(c -> Sql.update(c,
        "UPDATE jobs SET state = ?, provider = ?, images = ?, cost_micros = ?, closed_at = ?, billed_at = "
            + BILLED_AT + " WHERE id = ? AND state = 'open'",
        succeeded ? "succeeded" : "failed", providerId, images, Money.toMicros(costUsd), at.toString(),
        succeeded ? 1 : 0, jobId, at.toString(), jobId));
  }

  /**
   * The {@code billed_at} of a job being closed, with parameters (succeeded as 1 or 0, job id, close time):
   * when its last image was produced, else when it closed; NULL for a failed job, which costs nothing.
   */
  private static final String BILLED_AT = "CASE WHEN ? = 1 THEN COALESCE((SELECT MAX(attached_at) FROM job_images "
      + "WHERE job_id = ?), ?) END";

  long finish(long jobId, HistoryEntry entry) {
    return db.write(c -> {
      Sql.update(c, "UPDATE jobs SET state = 'succeeded', provider = ?, images = ?, cost_micros = ?, cost_source = ?, "
          + "closed_at = ?, billed_at = " + BILLED_AT + " WHERE id = ? AND state = 'open'", entry.providerId(),
          entry.images().size(), Money.toMicros(entry.costUsd()), entry.costSource().label(), entry.at().toString(), 1,
          jobId, entry.at().toString(), jobId);
      for (long reservation : Sql.list(c, "SELECT reservation_id FROM jobs WHERE id = ? AND reservation_id > 0",
          row -> row.getLong(1), jobId)) {
        SqlQuotaLedger.settle(c, db.dialect(), reservation, entry.images().size(), entry.at());
      }
      long historyId = SqlHistory.record(c, entry);
      Sql.update(c, "UPDATE jobs SET history_id = ? WHERE id = ? AND history_id IS NULL", historyId, jobId);
      return historyId;
    });
  }

  boolean refundUndelivered(long historyId) {
    return db.write(c -> {
      record Charge(long reservation, String user, String day, String month, int images) {}
      var charge = Sql.first(c, "SELECT r.id, r.user_key, r.day_key, r.month_key, r.charged FROM jobs j "
          + "JOIN reservations r ON r.id = j.reservation_id WHERE j.history_id = ? AND r.state = 'committed' "
          + "AND r.charged > 0" + db.dialect().forUpdate(), row -> new Charge(row.getLong(1), row.getString(2), row.getString(3),
              row.getString(4), row.getInt(5)), historyId);
      if (charge.isEmpty()) {
        return false;
      }
      for (String window : List.of(charge.get().day(), charge.get().month())) {
        Sql.update(c, "UPDATE quota_usage SET used = used - ? WHERE user_key = ? AND window_key = ?",
            charge.get().images(), charge.get().user(), window);
      }
      Sql.update(c, "UPDATE reservations SET state = 'refunded', charged = 0, settled_at = ? WHERE id = ?",
          db.now().toString(), charge.get().reservation());
      return true;
    });
  }

  BigDecimal spend(YearMonth month) {
    return db.read(c -> Money.fromMicros(Sql.number(c,
        "SELECT COALESCE(SUM(cost_micros), 0) FROM jobs WHERE " + PAID + " AND billed_at >= ? AND billed_at < ?",
        start(month), start(month.plusMonths(1)))));
  }

  Map<String, BigDecimal> spendByProvider(YearMonth month) {
    return db.read(c -> {
      Map<String, BigDecimal> spend = new LinkedHashMap<>();
      Sql.list(c, "SELECT provider, SUM(cost_micros) FROM jobs WHERE " + PAID + " AND billed_at >= ? "
              + "AND billed_at < ? GROUP BY provider HAVING SUM(cost_micros) > 0 ORDER BY provider",
          row -> spend.put(row.getString(1), Money.fromMicros(row.getLong(2))), start(month),
          start(month.plusMonths(1)));
      return spend;
    });
  }

  static String start(YearMonth month) {
    return bound(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }
}
