package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.WorkQueue;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The queue of requests edges took and workers run ({@code WorkQueue}, table {@code work}). A claim takes the
 * oldest queued row under {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, so workers racing for work each get another
 * row; on SQLite the single writer does the same. Safe for concurrent use.
 */
final class SqlWork {
  /** Done requests are kept this long (their waiters have read them), then forgotten. */
  private static final Duration KEPT = Duration.ofDays(1);

  private final Database db;
  private final SqlProcesses processes;

  SqlWork(Database db, SqlProcesses processes) {
    this.db = db;
    this.processes = processes;
  }

  void enqueue(long owedId, String userKey, String userName, String command, Instant at) {
    db.write(c -> {
      notify(c);
      return Sql.update(c, "INSERT INTO work (owed_id, user_key, user_name, command, state, queued_at) "
          + "VALUES (?, ?, ?, ?, 'queued', ?) ON CONFLICT (owed_id) DO NOTHING", owedId, userKey, userName, command,
          at.toString());
    });
  }

  /** Tells the other processes, when the transaction commits, that the queue changed (PostgreSQL only). */
  private void notify(Connection c) throws SQLException {
    if (db.dialect().severalWriters()) {
      Notifications.send(c, "work");
    }
  }

  Optional<WorkQueue.Claimed> claim(Instant at) {
    String me = processes.id();
    return db.write(c -> {
      Optional<Long> next = Sql.first(c, "SELECT owed_id FROM work WHERE state = 'queued' ORDER BY queued_at, owed_id "
          + "LIMIT 1" + db.dialect().skipLocked(), row -> row.getLong(1));
      if (next.isEmpty()) {
        return Optional.<WorkQueue.Claimed>empty();
      }
      long owedId = next.get();
      Sql.update(c, "UPDATE work SET state = 'running', owner = ?, attempts = attempts + 1 WHERE owed_id = ?", me,
          owedId);
      return Sql.first(c, "SELECT w.user_key, w.user_name, w.command, w.attempts, j.history_id FROM work w "
          + "LEFT JOIN owed_deliveries o ON o.id = w.owed_id LEFT JOIN jobs j ON j.id = o.job_id WHERE w.owed_id = ?",
          row -> {
            long history = row.getLong(5);
            boolean none = row.wasNull();
            return new WorkQueue.Claimed(owedId, row.getString(1), row.getString(2), row.getString(3), row.getInt(4),
                none ? OptionalLong.empty() : OptionalLong.of(history));
          }, owedId);
    });
  }

  void progress(long owedId, String progress) {
    db.write(c -> {
      notify(c);
      return Sql.update(c, "UPDATE work SET progress = ? WHERE owed_id = ? AND state = 'running' AND owner = ?",
          progress, owedId, processes.id());
    });
  }

  boolean complete(long owedId, String outcome, Instant at) {
    return db.write(c -> {
      notify(c);
      return Sql.update(c, "UPDATE work SET state = 'done', outcome = ?, done_at = ? "
          + "WHERE owed_id = ? AND state = 'running' AND owner = ?", outcome, at.toString(), owedId, processes.id());
    }) == 1;
  }

  boolean withdraw(long owedId, String outcome, Instant at) {
    return db.write(c -> Sql.update(c, "UPDATE work SET state = 'done', outcome = ?, done_at = ? "
        + "WHERE owed_id = ? AND state = 'queued'", outcome, at.toString(), owedId)) == 1;
  }

  Map<Long, WorkQueue.Seen> seen(Collection<Long> owedIds) {
    if (owedIds.isEmpty()) {
      return Map.of();
    }
    List<Long> ids = List.copyOf(owedIds);
    return db.read(c -> {
      Map<Long, WorkQueue.Seen> seen = new HashMap<>();
      for (int from = 0; from < ids.size(); from += 500) {
        List<Long> part = ids.subList(from, Math.min(ids.size(), from + 500));
        Sql.list(c, "SELECT owed_id, state, progress, outcome FROM work WHERE owed_id IN ("
                + "?, ".repeat(part.size() - 1) + "?)",
            row -> seen.put(row.getLong(1), new WorkQueue.Seen(
                WorkQueue.State.valueOf(row.getString(2).toUpperCase(java.util.Locale.ROOT)), row.getString(3),
                row.getString(4))), part.toArray());
      }
      return seen;
    });
  }

  /**
   * Queues again the requests whose worker stopped (after the reconciler settled its jobs, so a request whose
   * pictures were made is delivered from its history entry, not made again), and forgets done ones past a day.
   */
  int requeueOrphans(Connection c, Instant now) throws SQLException {
    Sql.update(c, "DELETE FROM work WHERE state = 'done' AND done_at < ?", now.minus(KEPT).toString());
    notify(c);
    return Sql.update(c, "UPDATE work SET state = 'queued', owner = NULL, progress = NULL WHERE state = 'running' AND "
        + SqlProcesses.orphaned("owner"), processes.cutoff(now));
  }
}
