package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash is simulated by closing the store with work left open and opening it again. */
class ReconcilerTest {
  private static final Instant NOW = TestClocks.NOW;
  private static final QuotaLimits LIMITS = new QuotaLimits(100, 1000);
  private static final BigDecimal PER_IMAGE = new BigDecimal("0.003");

  @TempDir Path dir;

  private SqliteStore open() {
    return SqliteStore.open(dir.resolve("bot.db"), TestClocks.FIXED);
  }

  private static long job(SqliteStore store, String user, String cacheKey, int images) {
    long reservation = ((Reservation.Held) store.reserve(user, images, LIMITS, NOW)).id();
    return store.open(new JobTicket(user, "lulu", "halloween", cacheKey, "a prompt", "flux", reservation, images,
        NOW));
  }

  private static StoredImage attach(SqliteStore store, long job, int salt) {
    StoredImage stored = store.put(ScriptedProvider.image(salt), "a prompt", "flux");
    store.attachImage(job, stored, "flux", "flux-dev", PER_IMAGE, TestClocks.NOW);
    return stored;
  }

  @Test
  void open_jobWithAllImagesStored_isCompletedChargedAndWrittenToHistoryAndCache() {
    List<StoredImage> images;
    try (SqliteStore store = open()) {
      long job = job(store, "test:alice", "key-a", 2);
      images = List.of(attach(store, job, 1), attach(store, job, 2));
    }
    try (SqliteStore store = open()) {
      assertEquals(new Reconciliation(1, 0, 0, 0), store.reconciliation());
      assertEquals(2, store.usage("test:alice", NOW).today());
      HistoryEntry entry = store.recent("test:alice", 5).get(0);
      assertEquals(images, entry.images());
      assertEquals("lulu", entry.character());
      assertEquals(new BigDecimal("0.006"), entry.costUsd());
      assertEquals(images, store.recall("key-a").orElseThrow().images());
      assertEquals(new BigDecimal("0.006"), store.spend(YearMonth.from(NOW.atZone(java.time.ZoneOffset.UTC))));
    }
    try (SqliteStore store = open()) {
      assertTrue(store.reconciliation().clean(), "nothing is settled twice");
      assertEquals(2, store.usage("test:alice", NOW).today());
      assertEquals(1, store.recent("test:alice", 5).size());
    }
  }

  /**
   * A crash in the middle of a synchronous provider call: nobody can read its answer, so the job is refunded to the
   * user, but the provider bills the call, and the month's spend and the budget count it at its price. A call that had
   * ended before the crash (a retry was waiting) is not booked.
   */
  @Test
  void open_jobWithACallInFlight_isRefundedButTheCallIsBookedAtItsPrice() {
    YearMonth month = YearMonth.from(NOW.atZone(java.time.ZoneOffset.UTC));
    try (SqliteStore store = open()) {
      long lost = job(store, "test:alice", "key-lost", 1);
      store.calling(lost, "flux", new BigDecimal("0.025"), NOW.plusSeconds(2));
      long ended = job(store, "test:bob", "key-ended", 1);
      store.calling(ended, "flux", new BigDecimal("0.025"), NOW.plusSeconds(2));
      store.calling(ended, null, BigDecimal.ZERO, NOW.plusSeconds(9)); // it failed; a retry waits
    }
    try (SqliteStore store = open()) {
      assertEquals(new Reconciliation(0, 2, 2, 0), store.reconciliation());
      assertEquals(0, store.usage("test:alice", NOW).today(), "the user is refunded");
      assertEquals(List.of(), store.recent("test:alice", 5), "no picture, no history");
      assertEquals(0, new BigDecimal("0.025").compareTo(store.spend(month)), "the lost call is paid for");
      assertEquals(java.util.Set.of("flux"), store.spendByProvider(month).keySet());
      assertEquals(0, new BigDecimal("0.025").compareTo(store.spendByProvider(month).get("flux")));
    }
    try (SqliteStore store = open()) {
      assertTrue(store.reconciliation().clean(), "booked once");
      assertEquals(0, new BigDecimal("0.025").compareTo(store.spend(month)));
    }
  }

  @Test
  void open_jobMissingImages_isRefundedAndKeepsNoHistory() {
    try (SqliteStore store = open()) {
      long job = job(store, "test:alice", "key-b", 4);
      attach(store, job, 3);
    }
    try (SqliteStore store = open()) {
      assertEquals(new Reconciliation(0, 1, 1, 0), store.reconciliation());
      assertEquals(0, store.usage("test:alice", NOW).today());
      assertEquals(List.of(), store.recent("test:alice", 5));
      assertTrue(store.recall("key-b").isEmpty());
    }
  }

  @Test
  void open_reservationWithoutJob_isRefunded() {
    try (SqliteStore store = open()) {
      store.reserve("test:alice", 3, LIMITS, NOW);
    }
    try (SqliteStore store = open()) {
      assertEquals(new Reconciliation(0, 0, 1, 0), store.reconciliation());
      assertEquals(0, store.usage("test:alice", NOW).today());
    }
  }

  @Test
  void open_jobWithRemoteId_staysOpenWithItsReservationForReattachment() {
    long job;
    try (SqliteStore store = open()) {
      job = job(store, "test:alice", "key-c", 1);
      store.attachRemoteJob(job, "midjourney", "tt-123");
    }
    try (SqliteStore store = open()) {
      assertEquals(new Reconciliation(0, 0, 0, 1), store.reconciliation());
      assertEquals(1, store.usage("test:alice", NOW).today(), "still held");
      RemoteJob remote = store.openRemoteJobs().get(0);
      assertEquals(job, remote.jobId());
      assertEquals("midjourney", remote.providerId());
      assertEquals("tt-123", remote.remoteJobId());
      assertEquals(1, remote.images());
      assertEquals("a prompt", remote.prompt());
      store.close(job, true, "midjourney", 1, PER_IMAGE, NOW);
      assertEquals(List.of(), store.openRemoteJobs());
    }
  }

  @Test
  void open_succeededJobWhoseReservationWasNotSettled_isChargedOnce() {
    try (SqliteStore store = open()) {
      long job = job(store, "test:alice", "key-d", 1);
      attach(store, job, 5);
      store.close(job, true, "flux", 1, PER_IMAGE, NOW);
    }
    try (SqliteStore store = open()) {
      assertEquals(new Reconciliation(1, 0, 0, 0), store.reconciliation());
      assertEquals(1, store.usage("test:alice", NOW).today());
      assertEquals(1, store.recent("test:alice", 5).size());
      assertInstanceOf(Reservation.Held.class, store.reserve("test:alice", 99, LIMITS, NOW));
      assertInstanceOf(Reservation.Exceeded.class, store.reserve("test:alice", 1, LIMITS, NOW));
    }
  }
}
