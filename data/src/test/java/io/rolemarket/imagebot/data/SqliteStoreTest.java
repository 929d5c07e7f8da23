package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final QuotaLimits TEN_A_DAY = new QuotaLimits(10, 100);

  @TempDir Path dir;
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("bot.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void reserve_thousandConcurrentWithLimitTen_exactlyTenHeldAndCommittedCountSurvivesRestart() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reservation>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 1000; i++) {
        futures.add(threads.submit(() -> {
          start.await();
          return store.reserve("test:alice", 1, TEN_A_DAY, NOW);
        }));
      }
      start.countDown();
    }
    int held = 0;
    for (Future<Reservation> future : futures) {
      if (future.get() instanceof Reservation.Held reservation) {
        held++;
        store.commit(reservation.id(), reservation.images());
      }
    }
    assertEquals(10, held);

    store.close();
    store = SqliteStore.open(dir.resolve("bot.db"));
    assertEquals(10, store.usage("test:alice", NOW).today());
    assertInstanceOf(Reservation.Exceeded.class, store.reserve("test:alice", 1, TEN_A_DAY, NOW));
  }

  @Test
  void reserve_overTheLimit_saysWhatIsLeftAndWhenItResets() {
    store.reserve("test:alice", 8, TEN_A_DAY, NOW);
    Reservation.Exceeded exceeded =
        assertInstanceOf(Reservation.Exceeded.class, store.reserve("test:alice", 3, TEN_A_DAY, NOW));
    assertEquals(2, exceeded.remainingToday());
    assertEquals(92, exceeded.remainingThisMonth());
    assertEquals(Instant.parse("2026-11-25T00:00:00Z"), exceeded.resetsAt());
    assertEquals(8, store.usage("test:alice", NOW).today(), "a refused reservation holds nothing");
  }

  @Test
  void reserve_monthlyLimit_resetsOnTheFirst() {
    QuotaLimits monthly = new QuotaLimits(10, 3);
    store.reserve("test:alice", 3, monthly, NOW);
    Reservation.Exceeded exceeded =
        assertInstanceOf(Reservation.Exceeded.class, store.reserve("test:alice", 1, monthly, NOW.plus(Duration.ofDays(1))));
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), exceeded.resetsAt());
  }

  @Test
  void commitAndRefund_settleOnceAndGiveBackTheRest() {
    Reservation.Held four = assertInstanceOf(Reservation.Held.class, store.reserve("test:alice", 4, TEN_A_DAY, NOW));
    store.commit(four.id(), 3);
    assertEquals(3, store.usage("test:alice", NOW).today());
    store.refund(four.id());
    assertEquals(3, store.usage("test:alice", NOW).today(), "a settled reservation cannot be refunded");

    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve("test:alice", 2, TEN_A_DAY, NOW));
    store.refund(two.id());
    store.refund(two.id());
    assertEquals(3, store.usage("test:alice", NOW).today());
    assertEquals(3, store.usage("test:alice", NOW).thisMonth());
  }

  @Test
  void grant_raisesTheLimitForTheDay() {
    store.reserve("test:alice", 10, TEN_A_DAY, NOW);
    store.grant("test:alice", 5, NOW);
    assertInstanceOf(Reservation.Held.class, store.reserve("test:alice", 5, TEN_A_DAY, NOW));
    assertInstanceOf(Reservation.Exceeded.class, store.reserve("test:alice", 1, TEN_A_DAY, NOW));
  }

  @Test
  void register_newUserIsUser_roleChangesStick() {
    UserRef bob = UserRef.of("test", "bob", "Bob");
    assertEquals(Role.USER, store.register(bob));
    store.setRole(bob.key(), Role.PRO);
    assertEquals(Role.PRO, store.register(bob));
  }

  @Test
  void put_sameBytesTwice_oneBlobFileReadBack() throws Exception {
    GeneratedImage image = ScriptedProvider.image(7);
    StoredImage first = store.put(image, "a prompt", "flux");
    StoredImage second = store.put(image, "a prompt", "flux");
    assertEquals(first, second);
    Path file = store.pathOf(first);
    assertTrue(file.getFileName().toString().equals(image.sha256() + ".png"), file.toString());
    try (var files = Files.walk(dir.resolve("blobs"))) {
      assertEquals(1, files.filter(Files::isRegularFile).count());
    }
    assertArrayEquals(image.bytes(), store.read(first.sha256()).orElseThrow());
  }

  @Test
  void recall_rememberedGeneration_untilItsBlobIsGone() throws Exception {
    StoredImage stored = store.put(ScriptedProvider.image(1), "p", "flux");
    store.remember(new CachedGeneration("key1", List.of(stored), "flux", "flux-dev", new BigDecimal("0.0012"),
        Duration.ofSeconds(9)));
    CachedGeneration recalled = store.recall("key1").orElseThrow();
    assertEquals(List.of(stored), recalled.images());
    assertEquals(new BigDecimal("0.0012"), recalled.costUsd());
    assertEquals(Duration.ofSeconds(9), recalled.elapsed());

    Files.delete(store.pathOf(stored));
    assertTrue(store.recall("key1").isEmpty());
  }

  @Test
  void recall_generationWithARemoteJob_keepsItsProviderAndJobId() {
    StoredImage stored = store.put(ScriptedProvider.image(3), "p", "midjourney");
    store.remember(new CachedGeneration("key2", List.of(stored), "midjourney", "midjourney", new BigDecimal("0.02"),
        Duration.ofSeconds(40), "mj-7"));
    store.remember(new CachedGeneration("key3", List.of(stored), "flux", "flux-dev", BigDecimal.ZERO,
        Duration.ofSeconds(1)));

    CachedGeneration recalled = store.recall("key2").orElseThrow();
    assertEquals("midjourney", recalled.providerId());
    assertEquals("mj-7", recalled.remoteJobId());
    assertEquals("", store.recall("key3").orElseThrow().remoteJobId());
  }

  @Test
  void recent_newestFirstForThatUserOnly() {
    StoredImage stored = store.put(ScriptedProvider.image(2), "p", "flux");
    for (String theme : List.of("halloween", "christmas")) {
      store.record(new HistoryEntry(0, "test:alice", "lulu", theme, "p", "flux", new BigDecimal("0.0012"),
          Duration.ofSeconds(3), false, List.of(stored), NOW));
    }
    store.record(new HistoryEntry(0, "test:bob", "lulu", "halloween", "p", "flux", BigDecimal.ZERO,
        Duration.ofSeconds(1), true, List.of(stored), NOW));
    List<HistoryEntry> recent = store.recent("test:alice", 10);
    assertEquals(List.of("christmas", "halloween"), recent.stream().map(HistoryEntry::theme).toList());
    assertEquals(List.of(stored), recent.get(0).images());
  }

  @Test
  void spend_sumsSucceededJobsOfTheMonth() {
    long job = store.open("test:alice", "k", "p", "flux", 1, NOW);
    store.close(job, true, "flux", 4, new BigDecimal("0.0048"), NOW);
    long failed = store.open("test:alice", "k2", "p", "flux", 2, NOW);
    store.close(failed, false, "", 0, BigDecimal.ZERO, NOW);
    assertEquals(new BigDecimal("0.0048"), store.spend(YearMonth.of(2026, 11)));
    assertEquals(BigDecimal.ZERO, store.spend(YearMonth.of(2026, 12)));
  }

  @Test
  void spendByProvider_sumsSucceededJobsPerProvider() {
    for (String provider : List.of("flux", "flux", "sdxl")) {
      long job = store.open("test:alice", "k", "p", provider, 0, NOW);
      store.close(job, true, provider, 1, new BigDecimal("0.003"), NOW);
    }
    long free = store.open("test:alice", "k", "p", "sketch", 0, NOW);
    store.close(free, true, "sketch", 1, BigDecimal.ZERO, NOW);
    assertEquals(Map.of("flux", new BigDecimal("0.006"), "sdxl", new BigDecimal("0.003")),
        store.spendByProvider(YearMonth.of(2026, 11)));
    assertEquals(Map.of(), store.spendByProvider(YearMonth.of(2026, 10)));
  }

  @Test
  void entry_byIdForItsOwnerOnly_withItsImagesToResend() {
    StoredImage stored = store.put(ScriptedProvider.image(3), "p", "flux");
    long id = store.record(new HistoryEntry(0, "test:alice", "lulu", "halloween", "p", "flux", BigDecimal.ONE,
        Duration.ofSeconds(2), false, List.of(stored), NOW));
    HistoryEntry entry = store.entry("test:alice", id).orElseThrow();
    assertEquals(List.of(stored), entry.images());
    assertArrayEquals(ScriptedProvider.image(3).bytes(), store.read(entry.images().get(0).sha256()).orElseThrow());
    assertEquals(Optional.empty(), store.entry("test:bob", id), "someone else's entry");
    assertEquals(Optional.empty(), store.entry("test:alice", id + 1), "no such entry");
  }

  @Test
  void entry_withARemoteJob_keepsItAndAnEntryWithoutOneReadsEmpty() {
    StoredImage stored = store.put(ScriptedProvider.image(3), "p", "midjourney");
    long grid = store.record(new HistoryEntry(0, "test:alice", "lulu", "halloween", "p", "midjourney",
        new BigDecimal("0.08"), Duration.ofSeconds(40), false, List.of(stored), NOW, "mj-7"));
    long plain = store.record(new HistoryEntry(0, "test:alice", "lulu", "halloween", "p", "flux", BigDecimal.ONE,
        Duration.ofSeconds(2), false, List.of(stored), NOW));

    assertEquals("mj-7", store.entry("test:alice", grid).orElseThrow().remoteJobId());
    assertEquals("", store.entry("test:alice", plain).orElseThrow().remoteJobId());
    assertEquals(List.of("", "mj-7"),
        store.recent("test:alice", 2).stream().map(HistoryEntry::remoteJobId).toList());
  }

  @Test
  void fileId_rememberedPerPlatform_newerReplacesOlder() {
    String sha = ScriptedProvider.image(4).sha256();
    assertEquals(Optional.empty(), store.fileId("telegram", sha));
    store.rememberFileId("telegram", sha, "AgACAgIAAxkBAAI");
    store.rememberFileId("telegram", sha, "AgACAgIAAxkBAAJ");
    assertEquals(Optional.of("AgACAgIAAxkBAAJ"), store.fileId("telegram", sha));
    assertEquals(Optional.empty(), store.fileId("discord", sha));
  }

  @Test
  void limitOverride_setReplacedAndCleared() {
    assertEquals(Optional.empty(), store.limitOverride("test:alice"));
    store.register(UserRef.of("test", "alice", "Alice"));
    store.overrideLimits("test:alice", new QuotaLimits(50, 500));
    store.overrideLimits("test:alice", new QuotaLimits(60, 600));
    assertEquals(Optional.of(new QuotaLimits(60, 600)), store.limitOverride("test:alice"));
    store.clearLimitOverride("test:alice");
    assertEquals(Optional.empty(), store.limitOverride("test:alice"));
    assertEquals(Role.USER, store.register(UserRef.of("test", "alice", "Alice")));
  }

  @Test
  void put_keepsTheProvidersSeed() {
    StoredImage stored = store.put(ScriptedProvider.image(77), "p", "flux");
    assertEquals(Optional.of(77L), store.seedOf(stored.sha256()));
  }

  @Test
  void finish_closesChargesWhatWasDeliveredAndRecordsInOneStep() {
    Reservation.Held held = assertInstanceOf(Reservation.Held.class, store.reserve("test:alice", 2, TEN_A_DAY, NOW));
    long job = store.open("test:alice", "k", "p", "flux", held.id(), NOW);
    StoredImage stored = store.put(ScriptedProvider.image(5), "p", "flux");
    long id = store.finish(job, new HistoryEntry(0, "test:alice", "lulu", "halloween", "p", "flux",
        new BigDecimal("0.003"), Duration.ofSeconds(1), false, List.of(stored), NOW));
    assertEquals(1, store.usage("test:alice", NOW).today(), "one of two delivered");
    assertEquals(List.of(stored), store.entry("test:alice", id).orElseThrow().images());
    assertEquals(new BigDecimal("0.003"), store.spend(YearMonth.of(2026, 11)));
  }
}
