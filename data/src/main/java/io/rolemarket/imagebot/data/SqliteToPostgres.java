package io.rolemarket.imagebot.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Copies a SQLite database of the bot into an empty PostgreSQL database: every table, row by row in dependency
 * order (a reservation before its job, an image before the jobs and history entries that show it), ids kept and
 * the identity sequences moved past them, all in one PostgreSQL transaction, so a failed copy leaves the target
 * empty. Both databases are first brought to the newest schema version, so their tables match column for column.
 * Image files are not in either database: they stay in the blob directory, which the PostgreSQL bot must be
 * given. Stop the bot before copying. Confined to the caller's thread.
 *
 * <pre>{@code
 * Map<String, Integer> rows = SqliteToPostgres.copy(Path.of("var/imagebot.db"), url, password, clock);
 * }</pre>
 */
public final class SqliteToPostgres {
  /** Every table but {@code schema_version}, each after those whose ids it refers to. */
  static final List<String> TABLES = List.of("processes", "users", "quota_usage", "reservations", "images", "cache_entries",
      "file_refs", "jobs", "job_images", "history", "review_submissions", "review_votes", "review_decisions",
      "review_audit", "review_posts", "owed_deliveries", "work", "flights", "action_links", "seen_events", "budget_holds",
      "budget_warnings", "operator_switches", "operator_audit", "reference_embeddings",
      "update_inbox", "web_keys", "web_links", "web_sessions");
  private static final int BATCH = 500;

  private SqliteToPostgres() {}

  /**
   * Copies {@code sqliteFile} into the PostgreSQL database at {@code url}.
   *
   * @param password the PostgreSQL password, or null when the URL carries it or none is needed
   * @return the rows copied per table, in copy order
   * @throws StoreException when the SQLite file is missing or cannot be opened, the PostgreSQL database cannot be
   *     opened (naming the setting, never the password) or already holds data, or a row does not fit
   */
  public static Map<String, Integer> copy(Path sqliteFile, String url, @Nullable String password, Clock clock) {
    if (!Files.isRegularFile(sqliteFile)) {
      throw new StoreException("there is no SQLite database at " + sqliteFile + " (--from)");
    }
    try (SqliteDatabase source = SqliteDatabase.open(sqliteFile, clock);
        PostgresDatabase target = PostgresDatabase.open(url, password, clock)) {
      return target.write(to -> {
        checkTables(to);
        refuseData(to);
        return source.read(from -> {
          Map<String, Integer> copied = new LinkedHashMap<>();
          for (String table : TABLES) {
            copied.put(table, copyTable(from, to, table));
          }
          return copied;
        });
      });
    }
  }

  /** A new table the list above does not know would not be copied: a bug to fix here, not data to lose. */
  private static void checkTables(Connection to) throws SQLException {
    Set<String> tables = new TreeSet<>(Sql.list(to, "SELECT table_name FROM information_schema.tables "
        + "WHERE table_schema = current_schema() AND table_name <> 'schema_version'", row -> row.getString(1)));
    if (!tables.equals(new TreeSet<>(TABLES))) {
      throw new IllegalStateException("the copy knows the tables " + new TreeSet<>(TABLES)
          + " but the schema has " + tables);
    }
  }

  private static void refuseData(Connection to) throws SQLException {
    for (String table : TABLES) {
      if (Sql.first(to, "SELECT 1 FROM " + table + " LIMIT 1", row -> true).isPresent()) {
        throw new StoreException("the PostgreSQL database (--to) already holds data (table " + table
            + " has rows); copy into an empty database");
      }
    }
  }

  /** A target column: its name, its PostgreSQL type, and whether it is an identity column. */
  private record Column(String name, String type, boolean identity) {}

  private static int copyTable(Connection from, Connection to, String table) throws SQLException {
    List<Column> columns = Sql.list(to, "SELECT column_name, data_type, is_identity FROM information_schema.columns "
            + "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
        row -> new Column(row.getString(1), row.getString(2), row.getString(3).equals("YES")),
        table);
    List<String> names = columns.stream().map(Column::name).toList();
    String list = String.join(", ", names);
    String insert = "INSERT INTO " + table + " (" + list + ") VALUES (" + "?, ".repeat(names.size() - 1) + "?)";
    int rows = 0;
    try (PreparedStatement select = from.prepareStatement("SELECT " + list + " FROM " + table);
        ResultSet source = select.executeQuery();
        PreparedStatement target = to.prepareStatement(insert)) {
      while (source.next()) {
        for (int i = 0; i < columns.size(); i++) {
          bind(target, i + 1, columns.get(i), source.getObject(i + 1));
        }
        target.addBatch();
        if (++rows % BATCH == 0) {
          target.executeBatch();
        }
      }
      target.executeBatch();
    }
    for (Column column : columns) {
      if (column.identity()) {
        Sql.first(to, "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(" + column.name() + "), 0) + 1, "
            + "false) FROM " + table, row -> row.getLong(1), table, column.name());
      }
    }
    return rows;
  }

  /** Binds a SQLite value (dynamically typed) as the target column's type. */
  private static void bind(PreparedStatement target, int index, Column column, @Nullable Object value)
      throws SQLException {
    switch (column.type()) {
      case "text" -> {
        if (value == null) {
          target.setNull(index, Types.VARCHAR);
        } else {
          target.setString(index, value.toString());
        }
      }
      case "bigint" -> {
        if (value == null) {
          target.setNull(index, Types.BIGINT);
        } else {
          target.setLong(index, value instanceof Number n ? n.longValue() : Long.parseLong(value.toString()));
        }
      }
      case "double precision" -> {
        if (value == null) {
          target.setNull(index, Types.DOUBLE);
        } else {
          target.setDouble(index, value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString()));
        }
      }
      case "bytea" -> target.setBytes(index, (byte[]) value);
      default -> throw new IllegalStateException("the copy does not know the column type " + column.type()
          + " of " + column.name());
    }
  }
}
