package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.ActionLinks;
import java.time.Instant;
import java.util.Optional;

/** Button links ({@code ActionLinks}): one row per set of buttons. Safe for concurrent use. */
final class SqlActionLinks {
  private final Database db;

  SqlActionLinks(Database db) {
    this.db = db;
  }

  void link(ActionLinks.Link link) {
    db.write(c -> Sql.update(c, "INSERT INTO action_links (token, user_key, platform, chat_ref, command, history_id, "
        + "provider_id, remote_job_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", link.token(), link.userKey(),
        link.platform(), link.chatRef(), link.command(), link.historyId(), link.providerId(), link.remoteJobId(),
        link.createdAt().toString()));
  }

  Optional<ActionLinks.Link> linked(String token) {
    return db.read(c -> Sql.first(c, "SELECT token, user_key, platform, chat_ref, command, history_id, provider_id, "
        + "remote_job_id, created_at FROM action_links WHERE token = ?",
        row -> new ActionLinks.Link(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
            row.getString(5), row.getLong(6), row.getString(7), row.getString(8), Instant.parse(row.getString(9))),
        token));
  }

  Optional<String> requestOf(long historyId) {
    return db.read(c -> Sql.first(c, "SELECT command FROM action_links WHERE history_id = ? "
        + "ORDER BY created_at DESC, rowid DESC LIMIT 1", row -> row.getString(1), historyId));
  }
}
