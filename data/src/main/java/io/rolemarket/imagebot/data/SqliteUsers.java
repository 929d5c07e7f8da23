package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import java.util.Optional;

/** Users, roles and per-user limit overrides ({@code UserDirectory}) on SQLite. Safe for concurrent use. */
final class SqliteUsers {
  private final Database db;

  SqliteUsers(Database db) {
    this.db = db;
  }

  Role register(UserRef user) {
    String role = db.write(c -> Sql.first(c,
        "INSERT INTO users (user_key, display_name, role, created_at) VALUES (?, ?, 'user', ?) "
            + "ON CONFLICT (user_key) DO UPDATE SET display_name = excluded.display_name RETURNING role",
        row -> row.getString(1), user.key(), user.displayName(), db.now().toString()).orElseThrow());
    return Role.parse(role).orElse(Role.USER);
  }

  void setRole(String userKey, Role role) {
    db.write(c -> Sql.update(c,
        "INSERT INTO users (user_key, display_name, role, created_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (user_key) DO UPDATE SET role = excluded.role",
        userKey, userKey, role.label(), db.now().toString()));
  }

  Optional<QuotaLimits> limitOverride(String userKey) {
    return db.read(c -> Sql.first(c,
        "SELECT daily_limit, monthly_limit FROM users WHERE user_key = ? AND daily_limit IS NOT NULL",
        row -> new QuotaLimits(row.getInt(1), row.getInt(2)), userKey));
  }

  void overrideLimits(String userKey, QuotaLimits limits) {
    db.write(c -> Sql.update(c,
        "INSERT INTO users (user_key, display_name, role, created_at, daily_limit, monthly_limit) "
            + "VALUES (?, ?, 'user', ?, ?, ?) ON CONFLICT (user_key) DO UPDATE SET "
            + "daily_limit = excluded.daily_limit, monthly_limit = excluded.monthly_limit",
        userKey, userKey, db.now().toString(), limits.daily(), limits.monthly()));
  }

  void clearLimitOverride(String userKey) {
    db.write(c -> Sql.update(c,
        "UPDATE users SET daily_limit = NULL, monthly_limit = NULL WHERE user_key = ?", userKey));
  }
}
