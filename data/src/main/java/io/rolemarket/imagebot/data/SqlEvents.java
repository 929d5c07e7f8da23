package io.rolemarket.imagebot.data;

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

  int forgetBefore(Instant before) {
    return db.write(c -> Sql.update(c, "DELETE FROM seen_events WHERE seen_at < ?", before.toString()));
  }
}
