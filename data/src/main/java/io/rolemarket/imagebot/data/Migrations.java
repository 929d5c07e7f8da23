package io.rolemarket.imagebot.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Applies the schema migrations ({@code migrations/V<n>__<name>.sql} resources for SQLite, the scripts of the same
 * names in {@code migrations/postgresql/} for PostgreSQL) in order, all in the caller's transaction (so a failed
 * migration leaves the database as it was; PostgreSQL's DDL is transactional too), recording each in
 * {@code schema_version}. Both dialects have the same versions with the same schema, so a database of either kind
 * at version n holds the same tables and columns. Confined to the caller's thread.
 */
final class Migrations {
  /** Every migration, in order. Add a file per dialect and a line here to change the schema. */
  static final List<String> ALL = List.of("V1__init.sql", "V2__journal_reviews_file_refs.sql",
      "V3__review_posts.sql", "V4__cache_remote_jobs.sql", "V5__history_remote_jobs.sql", "V6__production_times.sql", "V7__seen_events.sql", "V8__owed_deliveries.sql",
      "V9__action_links.sql", "V10__job_actions.sql", "V11__budget_holds.sql",
      "V12__spend_caps.sql", "V13__cost_source.sql", "V14__job_outcomes.sql", "V15__operator_switches.sql",
      "V16__consistency_scores.sql", "V17__user_language.sql", "V18__processes_and_work.sql",
      "V19__update_inbox.sql", "V20__pending_events.sql", "V21__web_sign_in.sql",
      "V22__lost_calls.sql");

  private Migrations() {}

  /** Brings the database up to the newest version inside the caller's transaction; returns the version. */
  static int applyInside(Connection connection, Dialect dialect, Instant now) throws SQLException {
    return applyUpTo(connection, dialect, ALL.size(), now);
  }

  /** Brings a SQLite database up to {@code target} inside the caller's transaction (tests build old schemas). */
  static int applyUpTo(Connection connection, int target, Instant now) throws SQLException {
    return applyUpTo(connection, Dialect.SQLITE, target, now);
  }

  /** Brings the database up to {@code target} inside the caller's transaction, one migrating process at a time. */
  static int applyUpTo(Connection connection, Dialect dialect, int target, Instant now) throws SQLException {
    dialect.lock(connection, Dialect.Lock.MIGRATIONS);
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
          + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    }
    int current = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      if (rows.next()) {
        current = rows.getInt(1);
      }
    }
    if (current > ALL.size()) {
      throw new StoreException("the database is at schema version " + current
          + ", newer than this bot knows (" + ALL.size() + "); run a newer bot");
    }
    for (int version = current + 1; version <= target; version++) {
      String name = ALL.get(version - 1);
      try (Statement statement = connection.createStatement()) {
        for (String sql : read(dialect.migrations() + name).split(";\\s*(\\n|$)")) {
          if (!sql.replaceAll("(?m)^\\s*--.*$", "").isBlank()) {
            statement.execute(sql);
          }
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
        insert.setInt(1, version);
        insert.setString(2, name);
        insert.setString(3, now.toString());
        insert.executeUpdate();
      }
    }
    return Math.max(current, target);
  }

  private static String read(String name) {
    try (InputStream in = Migrations.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new StoreException("migration " + name + " is missing from the data jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration " + name, e);
    }
  }
}
