package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Users, roles and per-user limit overrides ({@code UserDirectory}). A user seen before under the same
 * name is answered from memory: registering is on every request's path, and a write for nothing there would
 * queue behind every other request's writes (one process owns the file; role changes go through here). On a
 * database that other processes write too (PostgreSQL), a role changed elsewhere must be seen, so nothing is
 * remembered there. Safe for concurrent use.
 */
final class SqlUsers {
  private final Database db;
  /** Users registered by this process: their name as registered and their role. */
  private final Cache<String, Registered> registered = Caffeine.newBuilder().maximumSize(10_000).build();

  private record Registered(String displayName, Role role) {}

  SqlUsers(Database db) {
    this.db = db;
  }

  Role register(UserRef user) {
    @Nullable Registered known = db.dialect().severalWriters() ? null : registered.getIfPresent(user.key());
    if (known != null && known.displayName().equals(user.displayName())) {
      return known.role();
    }
    // The memory is updated inside the write, under the store's write lock, so it follows the file's order.
    return db.write(c -> {
      Role role = Role.parse(Sql.first(c,
          "INSERT INTO users (user_key, display_name, role, created_at) VALUES (?, ?, 'user', ?) "
              + "ON CONFLICT (user_key) DO UPDATE SET display_name = excluded.display_name RETURNING role",
          row -> row.getString(1), user.key(), user.displayName(), db.now().toString()).orElseThrow())
          .orElse(Role.USER);
      registered.put(user.key(), new Registered(user.displayName(), role));
      return role;
    });
  }

  void setRole(String userKey, Role role) {
    db.write(c -> {
      registered.invalidate(userKey);
      return Sql.update(c,
          "INSERT INTO users (user_key, display_name, role, created_at) VALUES (?, ?, ?, ?) "
              + "ON CONFLICT (user_key) DO UPDATE SET role = excluded.role",
          userKey, userKey, role.label(), db.now().toString());
    });
  }

  List<String> withRole(Role role) {
    return db.read(c -> Sql.list(c, "SELECT user_key FROM users WHERE role = ? ORDER BY user_key",
        row -> row.getString(1), role.label()));
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

  Optional<String> displayName(String userKey) {
    return db.read(c -> Sql.first(c, "SELECT display_name FROM users WHERE user_key = ?", row -> row.getString(1),
        userKey));
  }

  Optional<Lang> language(String userKey) {
    return db.read(c -> Sql.first(c, "SELECT language FROM users WHERE user_key = ? AND language IS NOT NULL",
        row -> row.getString(1), userKey)).flatMap(Lang::parse);
  }

  void setLanguage(String userKey, Lang lang) {
    db.write(c -> Sql.update(c,
        "INSERT INTO users (user_key, display_name, role, created_at, language) VALUES (?, ?, 'user', ?, ?) "
            + "ON CONFLICT (user_key) DO UPDATE SET language = excluded.language",
        userKey, userKey, db.now().toString(), lang.code()));
  }
}
