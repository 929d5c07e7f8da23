package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.ActionLinks;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.DeliveryLog;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.ReviewStore;
import io.rolemarket.imagebot.core.store.SpendHolds;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.store.UpdateInbox;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite database filled through the store, copied into PostgreSQL, answers the same there. */
class SqliteToPostgresTest {
  private static final Instant NOW = TestClocks.NOW;
  private static final YearMonth MONTH = YearMonth.of(2026, 11);
  private static final String ALICE = "test:alice";
  private static final String BOB = "test:bob";

  @TempDir Path dir;
  private final TestClock clock = TestClock.at(NOW);

  @Test
  void copy_filledDatabase_postgresAnswersAsSqliteDid() {
    Path file = dir.resolve("imagebot.db");
    Map<String, Object> before;
    try (SqliteStore sqlite = SqliteStore.open(file, clock)) {
      fill(sqlite);
      before = answers(sqlite);
    }
    String url = EmbeddedPostgresServer.freshDatabase();

    Map<String, Integer> copied = SqliteToPostgres.copy(file, url, null, clock);

    assertEquals(SqliteToPostgres.TABLES, List.copyOf(copied.keySet()));
    assertEquals(2, copied.get("users"));
    try (PostgresStore postgres = PostgresStore.open(url, null, dir.resolve("blobs"), clock)) {
      assertTrue(postgres.reconciliation().clean());
      assertEquals(before, answers(postgres));
      assertFalse(postgres.firstSeen("telegram", "update-1", NOW), "seen events are copied");
      assertEquals(List.of(new UpdateInbox.Inboxed("telegram", "2", "{\"update_id\":2}", NOW)),
          postgres.take("telegram", 10, NOW, Duration.ofSeconds(30)), "updates not yet handled are copied");
      assertFalse(postgres.claimWarning(MONTH, 50, NOW), "warnings sent are copied");
      long next = postgres.submit(new ReviewStore.Submission(0, BOB, 1, "sha", "again", NOW));
      assertEquals(2, next, "ids go on after the copied ones");
    }
  }

  @Test
  void copy_targetHoldsData_refusesAndChangesNothing() {
    Path file = dir.resolve("imagebot.db");
    SqliteStore.open(file, clock).close();
    String url = EmbeddedPostgresServer.freshDatabase();
    try (PostgresStore postgres = PostgresStore.open(url, null, dir.resolve("other"), clock)) {
      postgres.register(UserRef.of("test", "carol", "Carol"));
    }

    StoreException e = assertThrows(StoreException.class, () -> SqliteToPostgres.copy(file, url, null, clock));

    assertTrue(e.getMessage().contains("already holds data"), e.getMessage());
    try (PostgresStore postgres = PostgresStore.open(url, null, dir.resolve("other"), clock)) {
      assertEquals(List.of(), postgres.withRole(Role.ADMIN));
      assertEquals(Role.USER, postgres.register(UserRef.of("test", "carol", "Carol")));
    }
  }

  @Test
  void copy_noSqliteFile_namesIt() {
    StoreException e = assertThrows(StoreException.class,
        () -> SqliteToPostgres.copy(dir.resolve("missing.db"), "jdbc:postgresql://localhost/none", null, clock));
    assertTrue(e.getMessage().contains("missing.db"), e.getMessage());
  }

  /** Every kind of row, written through the store's ports. */
  private static void fill(BotStore store) {
    store.register(UserRef.of("test", "alice", "Alice"));
    store.register(UserRef.of("test", "bob", "Bob"));
    store.setRole(ALICE, Role.ADMIN);
    store.overrideLimits(BOB, new QuotaLimits(3, 30));
    store.grant(ALICE, 2, NOW);
    Reservation.Held held = (Reservation.Held) store.reserve(ALICE, 2, new QuotaLimits(10, 100), NOW);
    Reservation.Held refunded = (Reservation.Held) store.reserve(BOB, 1, new QuotaLimits(3, 30), NOW);
    store.refund(refunded.id());

    long job = store.open(new JobTicket(ALICE, "lulu", "halloween", "key-1", "lulu in a pumpkin", "flux",
        held.id(), 2, NOW));
    StoredImage one = store.put(ScriptedProvider.image(1), "lulu in a pumpkin", "flux");
    StoredImage two = store.put(ScriptedProvider.image(2), "lulu in a pumpkin", "flux");
    store.attachImage(job, one, "flux", "flux-dev", new BigDecimal("0.02"), NOW.plusSeconds(5));
    store.attachImage(job, two, "flux", "flux-dev", new BigDecimal("0.02"), NOW.plusSeconds(6));
    store.recordOutcome(job, new JobOutcome(JobOutcome.Kind.SUCCEEDED, "flux", List.of(), 0, Duration.ofSeconds(6)));
    long history = store.finish(job, new HistoryEntry(0, ALICE, "lulu", "halloween", "lulu in a pumpkin", "flux",
        new BigDecimal("0.04"), Duration.ofSeconds(6), false, List.of(one, two), NOW.plusSeconds(6), "remote-7",
        CostSource.REPORTED, 0.8125));
    store.remember(new CachedGeneration("key-1", List.of(one, two), "flux", "flux-dev", new BigDecimal("0.04"),
        Duration.ofSeconds(6), "remote-7"));
    store.record(new HistoryEntry(0, BOB, "mo", "winter", "mo in snow", "cache", BigDecimal.ZERO, Duration.ZERO,
        true, List.of(one), NOW.plusSeconds(60)));
    store.rememberFileId("telegram", one.sha256(), "file-abc");
    store.keepEmbedding("clip-b32", one.sha256(), new float[] {0.25f, -1.5f, 3e-7f});

    long submission = store.submit(new ReviewStore.Submission(0, ALICE, history, one.sha256(), "spooky", NOW));
    store.vote(new ReviewStore.Vote(submission, BOB, ReviewStore.Verdict.APPROVE, "nice", NOW.plusSeconds(1)));
    store.decide(new ReviewStore.Decision(submission, ReviewStore.Outcome.APPROVED, ALICE, "on model",
        NOW.plusSeconds(2)));
    store.rememberPost(submission, "telegram", "-100:42");

    long hold = store.hold(new SpendHolds.Ask(ALICE, new BigDecimal("0.50"), new BigDecimal("10"), null), NOW)
        .orElseThrow();
    store.hold(new SpendHolds.Ask(BOB, new BigDecimal("0.25"), new BigDecimal("10"), null), NOW).orElseThrow();
    store.release(hold);
    store.claimWarning(MONTH, 50, NOW);

    long owed = store.owe(new DeliveryLog.Owed(0, "telegram", "chat-1", ALICE, "lulu halloween", "/generate lulu",
        "", NOW));
    store.serveBy(owed, job);
    store.owe(new DeliveryLog.Owed(0, "telegram", "chat-2", BOB, "mo winter", "/generate mo", "status-9", NOW));
    store.link(new ActionLinks.Link("token-1", ALICE, "telegram", "chat-1", "/generate lulu halloween", history,
        "flux", "remote-7", NOW));
    store.link(new ActionLinks.Link("token-2", ALICE, "telegram", "chat-1", "/generate lulu halloween --n 2",
        history, "flux", "remote-7", NOW));
    store.firstSeen("telegram", "update-1", NOW);
    store.put("telegram", "2", "{\"update_id\":2}", NOW);
    store.setSwitch("paused", "true", ALICE, "/pause", NOW);
  }

  /** What the store answers about everything {@link #fill} wrote. */
  private static Map<String, Object> answers(BotStore store) {
    Function<String, Object> image = sha -> store.read(sha).map(bytes -> bytes.length).orElse(-1);
    List<HistoryEntry> recent = store.recent(ALICE, 10);
    String sha = recent.get(0).images().get(0).sha256();
    return Map.ofEntries(
        Map.entry("admins", store.withRole(Role.ADMIN)),
        Map.entry("bob limits", store.limitOverride(BOB)),
        Map.entry("alice usage", store.usage(ALICE, NOW)),
        Map.entry("bob usage", store.usage(BOB, NOW)),
        Map.entry("alice history", recent),
        Map.entry("bob history", store.recent(BOB, 10)),
        Map.entry("entry", store.entry(ALICE, recent.get(0).id())),
        Map.entry("recall", store.recall("key-1")),
        Map.entry("seed", store.seedOf(sha)),
        Map.entry("image bytes", image.apply(sha)),
        Map.entry("file id", store.fileId("telegram", sha)),
        Map.entry("embedding", store.embedding("clip-b32", sha).map(Arrays::toString)),
        Map.entry("submission", store.submission(1)),
        Map.entry("votes", store.votes(1)),
        Map.entry("decision", store.decision(1)),
        Map.entry("approved", store.decided(ReviewStore.Outcome.APPROVED, 10)),
        Map.entry("post", store.post(1, "telegram")),
        Map.entry("review audit", store.audit(1)),
        Map.entry("held", store.held()),
        Map.entry("bob committed", store.committedBy(BOB, NOW)),
        Map.entry("spend", store.spend(MONTH)),
        Map.entry("spend by provider", store.spendByProvider(MONTH)),
        Map.entry("spend report", store.spendReport(MONTH, 5)),
        Map.entry("stats", store.stats(NOW.minusSeconds(3600), NOW.plusSeconds(3600))),
        Map.entry("owed", store.owed("telegram")),
        Map.entry("link", store.linked("token-1")),
        Map.entry("request of", store.requestOf(recent.get(0).id())),
        Map.entry("switches", store.switches()),
        Map.entry("operator audit", store.audit(10)),
        Map.entry("remote jobs", store.openRemoteJobs()));
  }
}
