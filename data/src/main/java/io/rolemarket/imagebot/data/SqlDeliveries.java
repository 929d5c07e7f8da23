package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.DeliveryLog;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** Owed answers ({@code DeliveryLog}). Safe for concurrent use. */
final class SqlDeliveries {
  private final Database db;

  SqlDeliveries(Database db) {
    this.db = db;
  }

  long owe(DeliveryLog.Owed owed) {
    return db.write(c -> owe(c, owed));
  }

  /** Owes the answer and marks the event that asked for it handled, in one transaction. */
  long oweFor(DeliveryLog.Owed owed, String eventId) {
    return db.write(c -> {
      long id = owe(c, owed);
      SqlEvents.handled(c, owed.platform(), eventId, owed.at());
      return id;
    });
  }

  private static long owe(java.sql.Connection c, DeliveryLog.Owed owed) throws java.sql.SQLException {
    return Sql.number(c, "INSERT INTO owed_deliveries (platform, chat_ref, user_key, label, command, "
        + "status_ref, state, created_at) VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), 'owed', ?) RETURNING id",
        owed.platform(), owed.chatRef(), owed.userKey(), owed.label(), owed.command(), owed.statusRef(),
        owed.at().toString());
  }

  void serveBy(long owedId, long jobId) {
    db.write(c -> Sql.update(c, "UPDATE owed_deliveries SET job_id = ? WHERE id = ?", jobId, owedId));
  }

  void showStatus(long owedId, String statusRef) {
    db.write(c -> Sql.update(c, "UPDATE owed_deliveries SET status_ref = ? WHERE id = ?", statusRef, owedId));
  }

  /** Settles an owed answer: its one parameter is the answer's id. */
  static final String SETTLE = "UPDATE owed_deliveries SET state = 'settled' WHERE id = ?";

  void settle(long owedId) {
    db.write(c -> Sql.update(c, SETTLE, owedId));
  }

  List<DeliveryLog.Left> owed(String platform) {
    return db.read(c -> Sql.list(c, "SELECT o.id, o.platform, o.chat_ref, o.user_key, o.label, o.command, "
        + "COALESCE(o.status_ref, ''), o.created_at, j.history_id FROM owed_deliveries o "
        + "LEFT JOIN jobs j ON j.id = o.job_id AND j.state = 'succeeded' "
        + "WHERE o.platform = ? AND o.state = 'owed' ORDER BY o.id",
        row -> {
          long history = row.getLong(9);
          boolean finished = !row.wasNull();
          return new DeliveryLog.Left(new DeliveryLog.Owed(row.getLong(1), row.getString(2), row.getString(3),
              row.getString(4), row.getString(5), row.getString(6), row.getString(7),
              Instant.parse(row.getString(8))), finished ? OptionalLong.of(history) : OptionalLong.empty());
        }, platform));
  }
}
