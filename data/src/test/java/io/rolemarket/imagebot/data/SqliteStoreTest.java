package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the SQLite store does beyond the shared {@code StoreContract} (run by
 * {@link SqliteStoreContractTest}): a thousand concurrent reservations, blobs as files on disk.
 */
class SqliteStoreTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final QuotaLimits TEN_A_DAY = new QuotaLimits(10, 100);

  @TempDir Path dir;
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("bot.db"), TestClocks.FIXED);
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
    store = SqliteStore.open(dir.resolve("bot.db"), TestClocks.FIXED);
    assertEquals(10, store.usage("test:alice", NOW).today());
    assertInstanceOf(Reservation.Exceeded.class, store.reserve("test:alice", 1, TEN_A_DAY, NOW));
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
}
