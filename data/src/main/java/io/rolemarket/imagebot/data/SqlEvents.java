package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.EventLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Platform events seen ({@code EventLog}): one row per event, the primary key refuses repeats. Safe for concurrent use. */
final class SqlEvents {
  private final Database db;

  SqlEvents(Database db) {
    this.db = db;
  }

  boolean firstSeen(String platform, String eventId, Instant at) {
    return db.write(c -> Sql.update(c, "INSERT INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?) "
        + "ON CONFLICT DO NOTHING", platform, eventId, at.toString())) == 1;
  }

  Set<String> firstSeen(String platform, List<String> eventIds, Instant at) {
    return db.write(c -> {
      Set<String> fresh = new LinkedHashSet<>();
      for (String id : eventIds) {
        if (Sql.update(c, "INSERT INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?) "
            + "ON CONFLICT DO NOTHING", platform, id, at.toString()) == 1) {
          fresh.add(id);
        }
      }
      return fresh;
    });
  }

  Set<String> received(String platform, List<EventLog.Received> events, Instant at) {
    return db.write(c -> {
      Set<String> fresh = new LinkedHashSet<>();
      for (EventLog.Received event : events) {
        if (Sql.update(c, "INSERT INTO seen_events (platform, event_id, seen_at, payload) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT DO NOTHING", platform, event.eventId(), at.toString(), event.payload()) == 1) {
          fresh.add(event.eventId());
        }
      }
      return fresh;
    });
  }

  void handled(String platform, String eventId, Instant at) {
    db.write(c -> handled(c, platform, eventId, at));
  }

  /** Marks the event handled inside the caller's transaction (its payload is not needed any more). */
  static int handled(Connection c, String platform, String eventId, Instant at) throws SQLException {
    return Sql.update(c, "UPDATE seen_events SET handled_at = ?, payload = NULL WHERE platform = ? AND event_id = ? "
        + "AND payload IS NOT NULL AND handled_at IS NULL", at.toString(), platform, eventId);
  }

  List<EventLog.Received> unhandled(String platform) {
    return db.read(c -> Sql.list(c, "SELECT event_id, payload FROM seen_events WHERE platform = ? "
        + "AND payload IS NOT NULL AND handled_at IS NULL ORDER BY seen_at, LENGTH(event_id), event_id",
        row -> new EventLog.Received(row.getString(1), row.getString(2)), platform));
  }

  int forgetBefore(Instant before) {
    return db.write(c -> Sql.update(c, "DELETE FROM seen_events WHERE seen_at < ?", before.toString()));
  }
}
