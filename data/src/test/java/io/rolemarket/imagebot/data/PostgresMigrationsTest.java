package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.testing.TestClocks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL scripts build the schema the SQLite ones do, version by version. */
class PostgresMigrationsTest {
  @TempDir Path dir;

  @Test
  void open_emptyDatabase_hasEverySqliteTableAndColumnAtTheNewestVersion() throws Exception {
    String url = EmbeddedPostgresServer.emptyDatabase();
    PostgresStore.open(url, null, dir.resolve("blobs"), TestClocks.FIXED).close();
    SqliteStore.open(dir.resolve("bot.db"), TestClocks.FIXED).close();

    Map<String, TreeSet<String>> postgres;
    try (Connection c = DriverManager.getConnection(url)) {
      postgres = columns(c, "SELECT table_name, column_name FROM information_schema.columns "
          + "WHERE table_schema = 'public'");
      assertEquals(Migrations.ALL.size(), Sql.number(c, "SELECT MAX(version) FROM schema_version"));
    }
    Map<String, TreeSet<String>> sqlite;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bot.db"))) {
      sqlite = columns(c, "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
          + "WHERE m.type = 'table'");
    }
    postgres.get("action_links").remove("rowid"); // SQLite's is implicit
    assertEquals(sqlite, postgres);
  }

  @Test
  void open_databaseNewerThanThisCode_refusesNamingTheSetting() throws Exception {
    String url = EmbeddedPostgresServer.freshDatabase();
    PostgresStore.open(url, null, dir, TestClocks.FIXED).close();
    try (Connection c = DriverManager.getConnection(url)) {
      Sql.update(c, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, 'V999__future.sql', ?)",
          Migrations.ALL.size() + 1, TestClocks.NOW.toString());
    }

    StoreException e = assertThrows(StoreException.class,
        () -> PostgresStore.open(url, null, dir, TestClocks.FIXED));
    assertTrue(e.getMessage().contains("newer than this bot knows"), e.getMessage());
  }

  @Test
  void open_notAPostgresUrl_namesTheSettingNotTheValue() {
    StoreException e = assertThrows(StoreException.class,
        () -> PostgresStore.open("jdbc:mysql://db/imagebot?password=hunter2", null, dir, TestClocks.FIXED));
    assertTrue(e.getMessage().contains("IMAGEBOT_DB_URL"), e.getMessage());
    assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void open_wrongPassword_namesTheSettingNotThePassword() {
    String url = EmbeddedPostgresServer.freshDatabase().replace("user=postgres", "user=nobody_here");
    StoreException e = assertThrows(StoreException.class,
        () -> PostgresStore.open(url, "s3cret-value", dir, TestClocks.FIXED));
    assertNotNull(e.getMessage());
    assertTrue(e.getMessage().contains("IMAGEBOT_DB_URL"), e.getMessage());
    assertTrue(!e.getMessage().contains("s3cret-value"), e.getMessage());
  }

  private static Map<String, TreeSet<String>> columns(Connection c, String sql) throws SQLException {
    Map<String, TreeSet<String>> tables = new TreeMap<>();
    for (List<String> row : Sql.list(c, sql, r -> List.of(r.getString(1), r.getString(2)))) {
      tables.computeIfAbsent(row.get(0), table -> new TreeSet<>()).add(row.get(1));
    }
    return tables;
  }
}
