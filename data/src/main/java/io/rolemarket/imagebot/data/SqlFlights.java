package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Single-flight across processes ({@code Flights}, table {@code flights}): a key is taken by inserting its row, which
 * the primary key lets one process do; a row whose process stopped is cleared first, so its key is free again. Safe
 * for concurrent use.
 */
final class SqlFlights {
  private final Database db;
  private final SqlProcesses processes;

  SqlFlights(Database db, SqlProcesses processes) {
    this.db = db;
    this.processes = processes;
  }

  boolean take(String cacheKey) {
    Instant now = db.now();
    return db.write(c -> {
      Sql.update(c, "DELETE FROM flights WHERE cache_key = ? AND " + SqlProcesses.orphaned("owner") + " AND NOT "
          + UNSETTLED_JOB, cacheKey, processes.cutoff(now));
      return Sql.update(c, "INSERT INTO flights (cache_key, owner, since) VALUES (?, ?, ?) "
          + "ON CONFLICT (cache_key) DO NOTHING", cacheKey, processes.id(), now.toString()) == 1;
    });
  }

  void giveBack(String cacheKey) {
    db.write(c -> {
      if (db.dialect().severalWriters()) {
        Notifications.send(c, "flight");
      }
      return Sql.update(c, "DELETE FROM flights WHERE cache_key = ? AND owner = ?", cacheKey, processes.id());
    });
  }

  boolean held(String cacheKey) {
    String cutoff = processes.cutoff(db.now());
    return db.read(c -> Sql.first(c, "SELECT 1 FROM flights WHERE cache_key = ? AND (NOT "
        + SqlProcesses.orphaned("owner") + " OR " + UNSETTLED_JOB + ")", row -> true, cacheKey, cutoff).isPresent());
  }

  /** Frees the keys of processes that stopped, once what they were making for them is settled. */
  int clearOrphans(Connection c, Instant now) throws SQLException {
    return Sql.update(c, "DELETE FROM flights WHERE " + SqlProcesses.orphaned("owner") + " AND NOT " + UNSETTLED_JOB,
        processes.cutoff(now));
  }

  /**
   * A condition on a {@code flights} row: a job for its key is still to settle. Either its owner's own job
   * ({@link Reconciler} completes it when its pictures are stored, else refunds it), or a provider's job (a remote id)
   * still open, whoever holds it now: a stopped process's remote job is adopted by another process, which waits for
   * it and stores its pictures in the cache. A stopped process's key stays taken until then: its provider may have
   * answered (or still be working), and whoever waits for the key then reads the pictures from the cache instead of
   * paying for them again.
   */
  private static final String UNSETTLED_JOB = "EXISTS (SELECT 1 FROM jobs j WHERE j.cache_key = flights.cache_key "
      + "AND ((j.remote_job_id IS NOT NULL AND j.state = 'open') OR (j.owner = flights.owner "
      + "AND j.remote_job_id IS NULL AND (j.state = 'open' OR (j.state = 'succeeded' "
      + "AND j.reservation_id IN (SELECT id FROM reservations WHERE state = 'held'))))))";
}
