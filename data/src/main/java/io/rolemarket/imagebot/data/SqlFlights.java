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
      Sql.update(c, "DELETE FROM flights WHERE cache_key = ? AND " + SqlProcesses.orphaned("owner"), cacheKey,
          processes.cutoff(now));
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
    return db.read(c -> Sql.first(c, "SELECT 1 FROM flights WHERE cache_key = ? AND NOT "
        + SqlProcesses.orphaned("owner"), row -> true, cacheKey, cutoff).isPresent());
  }

  /** Frees the keys of processes that stopped. */
  int clearOrphans(Connection c, Instant now) throws SQLException {
    return Sql.update(c, "DELETE FROM flights WHERE " + SqlProcesses.orphaned("owner"), processes.cutoff(now));
  }
}
