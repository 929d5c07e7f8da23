package io.rolemarket.imagebot.data;

import java.time.Instant;

/** Platform events seen ({@code EventLog}) on SQLite: one row per event, the primary key refuses repeats. Safe for concurrent use. */
final class SqliteEvents {
  private final Database db;

  SqliteEvents(Database db) {
    this.db = db;
  }

  boolean firstSeen(String platform, String eventId, Instant at) {
    return db.write(c -> Sql.update(c, "INSERT INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?) "
        + "ON CONFLICT DO NOTHING", platform, eventId, at.toString())) == 1;
  }

  int forgetBefore(Instant before) {
    return db.write(c -> Sql.update(c, "DELETE FROM seen_events WHERE seen_at < ?", before.toString()));
  }
}
