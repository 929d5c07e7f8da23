package io.rolemarket.imagebot.data;

import java.time.Instant;
import java.util.Optional;

/** The web library's signing key, sign-in links and sessions ({@code WebSessions}). */
final class SqlWebSessions {
  private static final String SIGNING = "signing";
  private final Database db;

  SqlWebSessions(Database db) {
    this.db = db;
  }

  byte[] signingKey(byte[] candidate) {
    return db.write(c -> {
      Sql.update(c, "INSERT INTO web_keys (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
          SIGNING, candidate, db.now().toString());
      return Sql.first(c, "SELECT secret FROM web_keys WHERE name = ?", row -> row.getBytes(1), SIGNING)
          .orElseThrow(() -> new StoreException("the web signing key was kept but cannot be read back"));
    });
  }

  void addLink(String linkId, String userKey, Instant issuedAt, Instant expiresAt) {
    db.write(c -> Sql.update(c, "INSERT INTO web_links (id, user_key, issued_at, expires_ms) VALUES (?, ?, ?, ?)",
        linkId, userKey, issuedAt.toString(), expiresAt.toEpochMilli()));
  }

  Optional<String> useLink(String linkId, Instant now) {
    return db.write(c -> Sql.list(c, "UPDATE web_links SET used_at = ? WHERE id = ? AND used_at IS NULL "
        + "AND revoked_at IS NULL AND expires_ms > ? RETURNING user_key", row -> row.getString(1), now.toString(),
        linkId, now.toEpochMilli()).stream().findFirst());
  }

  void openSession(String sessionHash, String userKey, Instant openedAt, Instant expiresAt) {
    db.write(c -> Sql.update(c, "INSERT INTO web_sessions (id_hash, user_key, opened_at, expires_ms) VALUES (?, ?, ?, ?)",
        sessionHash, userKey, openedAt.toString(), expiresAt.toEpochMilli()));
  }

  Optional<String> sessionUser(String sessionHash, Instant now) {
    return db.read(c -> Sql.first(c, "SELECT user_key FROM web_sessions WHERE id_hash = ? AND ended_at IS NULL "
        + "AND expires_ms > ?", row -> row.getString(1), sessionHash, now.toEpochMilli()));
  }

  boolean endSession(String sessionHash, Instant at) {
    return db.write(c -> Sql.update(c, "UPDATE web_sessions SET ended_at = ? WHERE id_hash = ? AND ended_at IS NULL",
        at.toString(), sessionHash)) > 0;
  }

  int revoke(String userKey, Instant at) {
    return db.write(c -> Sql.update(c, "UPDATE web_links SET revoked_at = ? WHERE user_key = ? AND used_at IS NULL "
        + "AND revoked_at IS NULL", at.toString(), userKey)
        + Sql.update(c, "UPDATE web_sessions SET ended_at = ? WHERE user_key = ? AND ended_at IS NULL",
            at.toString(), userKey));
  }
}
