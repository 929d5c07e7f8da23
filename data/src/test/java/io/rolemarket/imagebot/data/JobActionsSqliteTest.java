package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.testing.Outcomes;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's action columns (V10) on real SQLite: written when an action job opens, read back by the
 * resumer after a restart, and copied out of the cache key for jobs a bot before V10 left open.
 */
class JobActionsSqliteTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  @TempDir Path dir;

  private static ImageBot bot(SqliteStore store, ScriptedActionableProvider midjourney) {
    return ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney)
        .quotaPolicy(QuotaPolicy.withDailyLimit(20)).build();
  }

  private static Connection connect(Path file) throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  @Test
  void act_opensItsJobWithTheParentAndTheActionInTheirOwnColumns() throws Exception {
    Path file = dir.resolve("bot.db");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      store.register(ALICE);
      store.setRole(ALICE.key(), Role.PRO);
      ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
      try (ImageBot bot = bot(store, midjourney)) {
        GenerateOutcome grid = bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4,
            AspectRatio.SQUARE, "midjourney", Tier.BALANCED, null, false), event -> {});
        String parent = assertInstanceOf(GenerateOutcome.Generated.class, grid, Outcomes.text(grid)).result()
            .remoteJobId();
        GenerateOutcome upscale = bot.act(ALICE, "midjourney", parent, "v3", "lulu", "halloween", event -> {});
        assertInstanceOf(GenerateOutcome.Generated.class, upscale, Outcomes.text(upscale));
      }
    }
    try (Connection c = connect(file)) {
      assertEquals(List.of("-|-", "job-1|V3"), Sql.list(c, "SELECT COALESCE(parent_remote_job_id, '-') || '|' || "
          + "COALESCE(action, '-') FROM jobs ORDER BY id", row -> row.getString(1)));
    }
  }

  @Test
  void resumeOpenJobs_actionLeftOpenBeforeARestart_isResumedAsThatActionAndChargedOnce() throws Exception {
    Path file = dir.resolve("bot.db");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      Reservation.Held held = assertInstanceOf(Reservation.Held.class,
          store.reserve(ALICE.key(), 1, new QuotaLimits(10, 100), TestClocks.NOW));
      long job = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", "action:midjourney/mj-9/U2",
          "Lulu at Halloween", "midjourney", held.id(), 1, TestClocks.NOW, "mj-9", ProviderAction.upscale(2)));
      store.attachRemoteJob(job, "midjourney", "mj-10");
    }

    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store, midjourney)) {
      bot.resumeOpenJobs().forEach(CompletableFuture::join);
      bot.resumeOpenJobs().forEach(CompletableFuture::join);

      assertEquals(List.of("mj-10"), midjourney.resumed());
      HistoryEntry entry = bot.history(ALICE, 5).getFirst();
      assertEquals(1, bot.history(ALICE, 5).size());
      assertEquals("", entry.remoteJobId(), "an upscale offers no more actions");
      assertEquals(new QuotaUsage(1, 1), store.usage(ALICE.key(), TestClocks.NOW));
      assertEquals(0, new BigDecimal("0.02").compareTo(store.spend(YearMonth.of(2026, 11))));
    }
  }

  @Test
  void open_actionJobWrittenBeforeV10_migratesItsParentAndActionOutOfTheCacheKeyAndIsResumedAsThatAction()
      throws Exception {
    Path file = dir.resolve("v9.db");
    long job;
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      Reservation.Held held = assertInstanceOf(Reservation.Held.class,
          store.reserve(ALICE.key(), 1, new QuotaLimits(10, 100), TestClocks.NOW));
      // As a bot before V10 wrote it: the parent and the action only in the cache key.
      job = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", "action:midjourney/mj-9/U2",
          "Lulu at Halloween", "midjourney", held.id(), 1, TestClocks.NOW));
      store.attachRemoteJob(job, "midjourney", "mj-10");
      Reservation.Held grid = assertInstanceOf(Reservation.Held.class,
          store.reserve(ALICE.key(), 4, new QuotaLimits(10, 100), TestClocks.NOW));
      long generation = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", "k", "Lulu at Halloween",
          "midjourney", grid.id(), 4, TestClocks.NOW));
      store.attachRemoteJob(generation, "midjourney", "mj-11");
    }
    try (Connection c = connect(file); Statement statement = c.createStatement()) {
      statement.execute("ALTER TABLE jobs DROP COLUMN action");
      statement.execute("ALTER TABLE jobs DROP COLUMN parent_remote_job_id");
      statement.execute("DROP TABLE budget_holds");
      statement.execute("DROP TABLE budget_warnings");
      statement.execute("DROP TABLE operator_switches");
      statement.execute("DROP TABLE operator_audit");
      statement.execute("DROP INDEX jobs_billed_cost");
      statement.execute("DROP INDEX jobs_user_billed_cost");
      statement.execute("ALTER TABLE jobs DROP COLUMN cost_source");
      statement.execute("ALTER TABLE history DROP COLUMN cost_source");
      statement.execute("DROP INDEX history_at");
      statement.execute("DROP TABLE reference_embeddings");
      statement.execute("ALTER TABLE history DROP COLUMN similarity");
      statement.execute("ALTER TABLE users DROP COLUMN language");
      statement.execute("DROP INDEX seen_events_unhandled");
      statement.execute("DROP INDEX jobs_cache_key");
      statement.execute("ALTER TABLE seen_events DROP COLUMN payload");
      statement.execute("ALTER TABLE seen_events DROP COLUMN handled_at");
      statement.execute("DROP TABLE processes");
      statement.execute("DROP TABLE flights");
      statement.execute("DROP TABLE work");
      statement.execute("ALTER TABLE jobs DROP COLUMN owner");
      statement.execute("ALTER TABLE reservations DROP COLUMN owner");
      statement.execute("DROP TABLE update_inbox");
      for (String table : List.of("web_keys", "web_links", "web_sessions")) {
        statement.execute("DROP TABLE " + table);
      }
      for (String column : List.of("outcome", "answered_by", "attempts", "rate_limit_hits", "generation_ms",
          "measured_ms", "call_provider", "call_micros", "call_at")) {
        statement.execute("ALTER TABLE jobs DROP COLUMN " + column);
      }
      statement.execute("DELETE FROM schema_version WHERE version >= 10");
    }

    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      List<RemoteJob> open = store.openRemoteJobs();
      assertEquals(List.of("mj-9|U2", "|null"),
          open.stream().map(remote -> remote.parentRemoteJobId() + "|" + remote.action()).toList());
      try (ImageBot bot = bot(store, midjourney)) {
        bot.resumeOpenJobs().forEach(CompletableFuture::join);

        assertEquals(List.of("mj-10", "mj-11"), midjourney.resumed().stream().sorted().toList());
        HistoryEntry upscale = bot.history(ALICE, 5).stream().filter(entry -> entry.images().size() == 1)
            .findFirst().orElseThrow();
        assertEquals("", upscale.remoteJobId(), "resumed as an upscale: no more actions");
        assertEquals(new QuotaUsage(5, 5), store.usage(ALICE.key(), TestClocks.NOW), "1 + 4, each once");
      }
    }
  }
}
