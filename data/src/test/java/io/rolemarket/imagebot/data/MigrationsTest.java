package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir Path dir;

  @Test
  void open_emptyFile_migratesToTheNewestVersion() throws Exception {
    Path file = dir.resolve("new.db");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      assertTrue(store.reconciliation().clean());
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22), versions(file));
  }

  @Test
  void open_everyEarlierVersion_migratesAndKeepsTheData() throws Exception {
    for (int version = 1; version < Migrations.ALL.size(); version++) {
      Path file = dir.resolve("v" + version + ".db");
      try (Connection c = connect(file)) {
        c.setAutoCommit(false);
        Migrations.applyUpTo(c, version, TestClocks.NOW);
        try (Statement statement = c.createStatement()) {
          statement.execute("INSERT INTO users (user_key, display_name, role, created_at) "
              + "VALUES ('test:alice', 'Alice', 'pro', '2026-11-01T00:00:00Z')");
          statement.execute("INSERT INTO quota_usage (user_key, window_key, used, bonus) "
              + "VALUES ('test:alice', 'd:2026-11-24', 7, 0)");
          statement.execute("INSERT INTO history (user_key, character, theme, prompt, provider, cost_micros, "
              + "elapsed_ms, from_cache, image_list, at) VALUES ('test:alice', 'lulu', 'halloween', 'p', 'flux', "
              + "1200, 3000, 0, '', '2026-11-20T00:00:00Z')");
        }
        c.commit();
      }
      assertEquals(version, versions(file).size(), "built at version " + version);

      try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
        assertEquals(Role.PRO, store.register(UserRef.of("test", "alice", "Alice")));
        assertEquals(7, store.usage("test:alice", NOW).today());
        HistoryEntry old = store.recent("test:alice", 5).get(0);
        assertEquals(new BigDecimal("0.0012"), old.costUsd());
        assertEquals(old, store.entry("test:alice", old.id()).orElseThrow());
        assertEquals("", old.remoteJobId());
        assertEquals(CostSource.DECLARED, old.costSource(), "a row from before V13 keeps no source");
        assertNull(old.similarity(), "a row from before V16 was not scored");
        store.overrideLimits("test:alice", new QuotaLimits(8, 80));
        assertEquals(new QuotaLimits(8, 80), store.limitOverride("test:alice").orElseThrow());
        assertInstanceOf(Reservation.Held.class, store.reserve("test:alice", 1, new QuotaLimits(8, 80), NOW));
      }
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22), versions(file));
    }
  }

  @Test
  void open_v3CacheIndex_migratesToV4_oldEntriesHaveNoRemoteJobAndNewOnesKeepIt() throws Exception {
    Path file = dir.resolve("v3-cache.db");
    GeneratedImage image = ScriptedProvider.image(5);
    try (Connection c = connect(file)) {
      c.setAutoCommit(false);
      Migrations.applyUpTo(c, 3, TestClocks.NOW);
      try (Statement statement = c.createStatement()) {
        statement.execute("INSERT INTO images (sha256, format, width, height, size, prompt, provider, created_at) "
            + "VALUES ('" + image.sha256() + "', 'PNG', " + image.width() + ", " + image.height() + ", "
            + image.size() + ", 'p', 'midjourney', '2026-11-20T00:00:00Z')");
        statement.execute("INSERT INTO cache_entries (cache_key, image_list, provider, model, cost_micros, "
            + "elapsed_ms, created_at) VALUES ('old', '" + image.sha256() + "', 'midjourney', 'midjourney', 20000, "
            + "40000, '2026-11-20T00:00:00Z')");
      }
      c.commit();
    }

    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      StoredImage stored = store.put(image, "p", "midjourney");
      CachedGeneration old = store.recall("old").orElseThrow();
      assertEquals("midjourney", old.providerId());
      assertEquals("", old.remoteJobId());
      store.remember(new CachedGeneration("new", List.of(stored), "midjourney", "midjourney",
          new BigDecimal("0.02"), Duration.ofSeconds(40), "mj-1"));
      assertEquals("mj-1", store.recall("new").orElseThrow().remoteJobId());
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22), versions(file));
  }

  @Test
  void open_v4History_migratesToV5_oldEntriesHaveNoRemoteJobAndNewOnesKeepIt() throws Exception {
    Path file = dir.resolve("v4-history.db");
    GeneratedImage image = ScriptedProvider.image(6);
    try (Connection c = connect(file)) {
      c.setAutoCommit(false);
      Migrations.applyUpTo(c, 4, TestClocks.NOW);
      try (Statement statement = c.createStatement()) {
        statement.execute("INSERT INTO images (sha256, format, width, height, size, prompt, provider, created_at) "
            + "VALUES ('" + image.sha256() + "', 'PNG', " + image.width() + ", " + image.height() + ", "
            + image.size() + ", 'p', 'midjourney', '2026-11-20T00:00:00Z')");
        statement.execute("INSERT INTO history (user_key, character, theme, prompt, provider, cost_micros, "
            + "elapsed_ms, from_cache, image_list, at) VALUES ('test:alice', 'lulu', 'halloween', 'p', "
            + "'midjourney', 20000, 40000, 0, '" + image.sha256() + "', '2026-11-20T00:00:00Z')");
      }
      c.commit();
    }

    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      StoredImage stored = store.put(image, "p", "midjourney");
      HistoryEntry old = store.recent("test:alice", 1).get(0);
      assertEquals("midjourney", old.providerId());
      assertEquals(List.of(stored), old.images());
      assertEquals("", old.remoteJobId(), "an entry written before V5 has no remote job");
      long id = store.record(new HistoryEntry(0, "test:alice", "lulu", "halloween", "p", "midjourney",
          new BigDecimal("0.08"), Duration.ofSeconds(40), false, List.of(stored), NOW, "mj-1"));
      assertEquals("mj-1", store.entry("test:alice", id).orElseThrow().remoteJobId());
      assertEquals("", store.entry("test:alice", old.id()).orElseThrow().remoteJobId());
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22), versions(file));
  }

  @Test
  void open_newerSchemaThanTheCode_failsNamingTheFile() throws Exception {
    Path file = dir.resolve("future.db");
    SqliteStore.open(file, TestClocks.FIXED).close();
    try (Connection c = connect(file); Statement statement = c.createStatement()) {
      statement.execute("INSERT INTO schema_version (version, name, applied_at) "
          + "VALUES (99, 'V99__future.sql', '2030-01-01T00:00:00Z')");
    }
    StoreException e = assertThrows(StoreException.class, () -> SqliteStore.open(file, TestClocks.FIXED));
    assertTrue(e.getMessage().contains("future.db") && e.getMessage().contains("newer"), e.getMessage());
  }

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  private static List<Integer> versions(Path file) throws SQLException {
    try (Connection c = connect(file)) {
      return Sql.list(c, "SELECT version FROM schema_version ORDER BY version", row -> row.getInt(1));
    }
  }

  @Test
  void open_v5Journal_migratesToV6_oldJobsStayInTheMonthTheyClosedIn() throws Exception {
    Path file = dir.resolve("v5-journal.db");
    try (Connection c = connect(file)) {
      c.setAutoCommit(false);
      Migrations.applyUpTo(c, 5, TestClocks.NOW);
      try (Statement statement = c.createStatement()) {
        statement.execute("INSERT INTO jobs (user_key, cache_key, prompt, planned_provider, reservation_id, state, "
            + "provider, images, cost_micros, opened_at, closed_at) VALUES ('test:alice', 'k', 'p', 'flux', 0, "
            + "'succeeded', 'flux', 1, 500000, '2026-10-31T23:59:50Z', '2026-10-31T23:59:59Z')");
        statement.execute("INSERT INTO jobs (user_key, cache_key, prompt, planned_provider, reservation_id, state, "
            + "provider, images, cost_micros, opened_at, closed_at) VALUES ('test:alice', 'k', 'p', 'flux', 0, "
            + "'failed', '', 0, 0, '2026-10-31T23:59:50Z', '2026-11-01T00:00:01Z')");
      }
      c.commit();
    }

    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      assertEquals(new BigDecimal("0.5"), store.spend(YearMonth.of(2026, 10)));
      assertEquals(0, store.spend(YearMonth.of(2026, 11)).signum());
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22), versions(file));
  }

  @Test
  void open_v13Journal_migratesToV14_oldJobsHaveNoOutcomeAndAreLeftOutOfTheFigures() throws Exception {
    Path file = dir.resolve("v13-journal.db");
    try (Connection c = connect(file)) {
      c.setAutoCommit(false);
      Migrations.applyUpTo(c, 13, TestClocks.NOW);
      try (Statement statement = c.createStatement()) {
        statement.execute("INSERT INTO jobs (user_key, cache_key, prompt, planned_provider, reservation_id, state, "
            + "provider, images, cost_micros, opened_at, closed_at, billed_at) VALUES ('test:alice', 'k', 'p', "
            + "'flux', 0, 'succeeded', 'flux', 1, 3000, '2026-11-20T09:59:50Z', '2026-11-20T10:00:00Z', "
            + "'2026-11-20T10:00:00Z')");
        statement.execute("INSERT INTO jobs (user_key, cache_key, prompt, planned_provider, reservation_id, state, "
            + "opened_at, remote_provider, remote_job_id) VALUES ('test:alice', 'k2', 'p', 'midjourney', 0, 'open', "
            + "'2026-11-20T11:00:00Z', 'midjourney', 'mj-1')");
      }
      c.commit();
    }

    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      JobStats stats = store.stats(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
      assertEquals(0, stats.jobs(), "a job closed before V14 has no outcome");
      assertEquals(new BigDecimal("0.003"), stats.spendUsd().stripTrailingZeros(), "its spend still counts");
      assertEquals(Duration.ZERO, store.openRemoteJobs().getFirst().measured());
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22), versions(file));
  }
}
