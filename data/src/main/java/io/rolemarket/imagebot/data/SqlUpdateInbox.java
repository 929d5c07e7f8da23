package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.UpdateInbox.Inboxed;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Updates received and not yet handled ({@code UpdateInbox}): the unique key stores each once, and a take claims
 * rows with one conditional {@code UPDATE} whose rows another taker skips ({@link Dialect#skipLocked}) or, once
 * committed, no longer matches until the claim runs out. Safe for concurrent use.
 */
final class SqlUpdateInbox {
  private final Database db;

  SqlUpdateInbox(Database db) {
    this.db = db;
  }

  boolean put(String platform, String eventId, String payload, Instant at) {
    return db.write(c -> Sql.update(c, "INSERT INTO update_inbox (platform, event_id, payload, received_at) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", platform, eventId, payload, at.toString())) == 1;
  }

  List<Inboxed> take(String platform, int max, Instant now, Duration lease) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be 1 or more, was " + max);
    }
    String sql = "UPDATE update_inbox SET claimed_until = ? WHERE id IN (SELECT id FROM update_inbox "
        + "WHERE platform = ? AND done_at IS NULL AND (claimed_until IS NULL OR claimed_until <= ?) "
        + "ORDER BY id LIMIT ?" + db.dialect().skipLocked() + ") "
        + "RETURNING id, platform, event_id, payload, received_at";
    record Row(long id, Inboxed update) {}
    List<Row> rows = db.write(c -> Sql.list(c, sql,
        row -> new Row(row.getLong(1), new Inboxed(row.getString(2), row.getString(3), row.getString(4),
            Instant.parse(row.getString(5)))),
        now.plus(lease).toEpochMilli(), platform, now.toEpochMilli(), max));
    // RETURNING promises no order
    return rows.stream().sorted(Comparator.comparingLong(Row::id)).map(Row::update).toList();
  }

  void done(String platform, String eventId, Instant at) {
    db.write(c -> Sql.update(c, "UPDATE update_inbox SET done_at = ?, claimed_until = NULL "
        + "WHERE platform = ? AND event_id = ? AND done_at IS NULL", at.toString(), platform, eventId));
  }

  int forgetHandledBefore(Instant before) {
    return db.write(c -> Sql.update(c, "DELETE FROM update_inbox WHERE done_at IS NOT NULL AND done_at < ?",
        before.toString()));
  }
}
