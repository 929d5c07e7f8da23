package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.OperatorLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What admins switched at run time, and the audit of their actions ({@code OperatorLog}). */
final class SqlOperatorLog {
  private final Database db;

  SqlOperatorLog(Database db) {
    this.db = db;
  }

  Map<String, String> switches() {
    return db.read(c -> Sql.list(c, "SELECT name, value FROM operator_switches",
        row -> Map.entry(row.getString(1), row.getString(2))))
        .stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  void setSwitch(String name, String value, String actorKey, String action, Instant at) {
    db.write(c -> {
      Sql.update(c, "INSERT INTO operator_switches (name, value, actor_key, updated_at) VALUES (?, ?, ?, ?) "
          + "ON CONFLICT (name) DO UPDATE SET value = excluded.value, actor_key = excluded.actor_key, "
          + "updated_at = excluded.updated_at", name, value, actorKey, at.toString());
      return Sql.update(c, "INSERT INTO operator_audit (actor_key, action, at) VALUES (?, ?, ?)", actorKey, action,
          at.toString());
    });
  }

  List<OperatorLog.Audited> audit(int limit) {
    return db.read(c -> Sql.list(c, "SELECT actor_key, action, at FROM operator_audit ORDER BY id DESC LIMIT ?",
        row -> new OperatorLog.Audited(row.getString(1), row.getString(2), Instant.parse(row.getString(3))), limit));
  }
}
