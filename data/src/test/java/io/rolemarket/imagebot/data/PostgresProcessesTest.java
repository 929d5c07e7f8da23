package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.DeliveryLog;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.store.SpendHolds;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one PostgreSQL database: what a live process has in flight is never settled by another
 * (starting, or reaping), and what a process that stopped left is settled once its lease runs out: jobs completed
 * or refunded, reservations refunded, budget holds released, remote jobs adopted by exactly one process.
 */
class PostgresProcessesTest {
  private static final Instant NOW = TestClocks.NOW;
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final QuotaLimits LIMITS = new QuotaLimits(10, 100);

  @TempDir Path blobs;
  private final TestClock clock = TestClock.at(NOW);
  private String url;
  private PostgresStore worker;
  private PostgresStore other;

  @BeforeEach
  void open() {
    url = EmbeddedPostgresServer.freshDatabase();
    worker = PostgresStore.open(url, null, blobs, clock, LEASE);
    other = PostgresStore.open(url, null, blobs, clock, LEASE);
  }

  @AfterEach
  void close() {
    other.close();
  }

  /** A job with its reservation, as a worker has one in flight; {@code images} of its pictures attached. */
  private long jobInFlight(String user, int wanted, int images) {
    long reservation = ((Reservation.Held) worker.reserve(user, wanted, LIMITS, clock.instant())).id();
    long job = worker.open(new JobTicket(user, "lulu", "halloween", "key-" + user, "p", "flux", reservation, wanted,
        clock.instant()));
    for (int salt = 1; salt <= images; salt++) {
      worker.attachImage(job, worker.put(ScriptedProvider.image(salt), "p", "flux"), "flux", "flux-dev",
          new BigDecimal("0.01"), clock.instant());
    }
    return job;
  }

  @Test
  void aProcessStarting_leavesWhatALiveOneHasInFlight() {
    jobInFlight("test:ann", 2, 0);
    OptionalLong hold = worker.hold(new SpendHolds.Ask("test:ann", new BigDecimal("0.10"), new BigDecimal("50"), null),
        clock.instant());
    assertTrue(hold.isPresent());

    try (PostgresStore started = PostgresStore.open(url, null, blobs, clock, LEASE)) {
      assertEquals(0, started.reconciliation().jobsRefunded(), "the live worker's job is not a crash's");
      assertEquals(0, started.reconciliation().reservationsRefunded());
      assertEquals(0, started.releaseAll(), "the live worker's hold stays");
      assertEquals(0, started.reapOrphans());
    }
    assertEquals(0, new BigDecimal("0.10").compareTo(other.held()), "held: " + other.held());
    assertEquals(2, worker.usage("test:ann", clock.instant()).today(), "still reserved");
    worker.close();
  }

  @Test
  void aKilledProcess_isSettledByTheOthersOnceItsLeaseRunsOut() {
    jobInFlight("test:ann", 2, 2); // every picture stored: completed and charged
    jobInFlight("test:bob", 2, 1); // one of two: refunded
    worker.reserve("test:cat", 3, LIMITS, clock.instant()); // no job yet: refunded
    worker.hold(new SpendHolds.Ask("test:bob", new BigDecimal("0.10"), new BigDecimal("50"), null), clock.instant());
    worker.halt();

    assertEquals(0, other.reapOrphans(), "within the lease the worker may be alive");
    clock.advance(LEASE.plusSeconds(1));
    int settled = other.reapOrphans();

    assertEquals(5, settled, "the hold, two jobs, the refunded one's reservation and the one without a job");
    assertEquals(2, other.usage("test:ann", clock.instant()).today(), "charged for the pictures made");
    assertEquals(1, other.recent("test:ann", 10).size(), "and they are in the history");
    assertEquals(0, other.usage("test:bob", clock.instant()).today(), "refunded");
    assertEquals(0, other.usage("test:cat", clock.instant()).today(), "refunded");
    assertEquals(0, other.held().signum(), "the hold is released");
    assertEquals(0, other.reapOrphans(), "settled once");
  }

  @Test
  void aKilledProcessesCacheKey_staysTakenUntilItsJobIsSettled_soItsPicturesAreNotPaidForTwice() {
    // The scale run (issue 20): a worker was killed after its provider answered and the picture was stored, before it
    // closed the job; a worker waiting for the same key took the key once the lease ran out, before any reaper had
    // completed the job, and paid the provider again for a picture the cache then had twice.
    assertTrue(worker.take("key-test:ann"));
    jobInFlight("test:ann", 1, 1);
    worker.halt();
    clock.advance(LEASE.plusSeconds(1));

    assertTrue(other.held("key-test:ann"), "its job has a stored picture to settle");
    assertFalse(other.take("key-test:ann"));
    other.reapOrphans();
    assertTrue(other.recall("key-test:ann").isPresent(), "the picture is in the cache for whoever waited");
    assertFalse(other.held("key-test:ann"));
    assertTrue(other.take("key-test:ann"));
  }

  @Test
  void aKilledProcessesCacheKey_withNothingToSettle_isFreeOnceItsLeaseRunsOut() {
    assertTrue(worker.take("key-test:bob"));
    worker.halt();

    assertTrue(other.held("key-test:bob"), "within the lease the worker may be alive");
    clock.advance(LEASE.plusSeconds(1));
    assertFalse(other.held("key-test:bob"));
    assertTrue(other.take("key-test:bob"));
  }

  @Test
  void aKilledProcessesCacheKey_staysTakenWhileItsAdoptedRemoteJobRuns() {
    // The scale run with RunPod (issue 20): a worker was killed with provider jobs running; another adopted them, but
    // the dead worker's keys were freed at once, and workers waiting for them paid RunPod again for 8 of them.
    assertTrue(worker.take("key-test:ann"));
    long job = jobInFlight("test:ann", 1, 0);
    worker.attachRemoteJob(job, "runpod", "job-1");
    worker.halt();
    clock.advance(LEASE.plusSeconds(1));

    other.reapOrphans();
    assertEquals(1, other.adoptOrphanedRemoteJobs().size());
    other.reapOrphans();
    assertTrue(other.held("key-test:ann"), "the adopted job is still running at the provider");
    assertFalse(other.take("key-test:ann"));

    other.close(job, false, "runpod", 0, BigDecimal.ZERO, clock.instant()); // the provider's job ended
    assertFalse(other.held("key-test:ann"));
    assertTrue(other.take("key-test:ann"));
  }

  @Test
  void aKilledProcessesRemoteJob_isAdoptedByOneProcessOnly() {
    long job = jobInFlight("test:ann", 1, 0);
    worker.attachRemoteJob(job, "replicate", "r-1");
    worker.halt();
    clock.advance(LEASE.plusSeconds(1));

    try (PostgresStore third = PostgresStore.open(url, null, blobs, clock, LEASE)) {
      other.reapOrphans();
      List<RemoteJob> first = other.adoptOrphanedRemoteJobs();
      List<RemoteJob> second = third.adoptOrphanedRemoteJobs();

      assertEquals(1, first.size() + second.size(), "adopted once");
      assertEquals(List.of(), other.adoptOrphanedRemoteJobs(), "and not again");
      assertEquals(1, other.usage("test:ann", clock.instant()).today(), "its reservation waits for the provider");
    }
  }

  @Test
  void aProcessClosingCleanly_leavesItsRowsToTheOthersAtOnce() {
    jobInFlight("test:ann", 1, 0);
    worker.close();

    assertEquals(2, other.reapOrphans(), "the job and its reservation, without waiting for the lease");
  }
  /**
   * An answer the chat has just taken is settled on a connection of its own: with every connection of the pool busy
   * (a leader under load), settling does not wait for one. Through the pool it would wait, and a leader killed in that
   * wait leaves a sent answer owed, which the next leader sends again.
   */
  @Test
  void settlingAnAnswer_doesNotWaitForThePool() throws Exception {
    long owed = worker.owe(new DeliveryLog.Owed(0, "telegram", "42", "test:ann", "lulu halloween",
        "/generate lulu halloween", "", clock.instant()));
    CountDownLatch taken = new CountDownLatch(8);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> holders = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // the pool's size
      holders.add(Thread.ofPlatform().start(() -> worker.database().write(c -> {
        taken.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      })));
    }
    try {
      assertTrue(taken.await(10, TimeUnit.SECONDS), "every pooled connection is held");
      StoreException waited = assertThrows(StoreException.class, () -> worker.database().write(c -> 1),
          "a pooled write gets no connection within the pool's 10 s");
      assertTrue(waited.getMessage().startsWith("database error on PostgreSQL"), waited.getMessage());
      worker.settle(owed); // through the pool this would fail the same way
    } finally {
      release.countDown();
      for (Thread holder : holders) {
        holder.join();
      }
    }
    assertEquals(List.of(), other.owed("telegram"), "settled");
    worker.close();
  }
  /**
   * The settling connection is cut (a server restart, a network blip, an operator's {@code pg_terminate_backend}): the
   * next answer is settled through the pool, and the one after it on a new connection of its own.
   */
  @Test
  void settlingAnAnswer_afterItsConnectionIsCut_goesThroughThePoolAndThenReconnects() throws Exception {
    DeliveryLog.Owed owed = new DeliveryLog.Owed(0, "telegram", "42", "test:ann", "lulu halloween",
        "/generate lulu halloween", "", clock.instant());
    long first = worker.owe(owed);
    long second = worker.owe(owed);
    long third = worker.owe(owed);
    worker.settle(first);
    assertEquals(1, settlingBackends(), "the settling connection is open");
    try (Connection admin = java.sql.DriverManager.getConnection(url);
        Statement statement = admin.createStatement()) {
      statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          + "WHERE application_name = 'imagebot-settle' AND datname = current_database()");
    }
    assertEquals(0, settlingBackendsSoon(0), "cut");

    worker.settle(second); // the connection fails: through the pool
    worker.settle(third); // a new connection of its own
    assertEquals(List.of(), other.owed("telegram"), "all three settled");
    assertEquals(1, settlingBackends(), "connected again");
    worker.close();
    assertEquals(0, settlingBackendsSoon(0), "closed with the store");
  }

  /** The settling connections, once they are {@code expected} or after 5 s (a backend ends a moment after its client). */
  private long settlingBackendsSoon(long expected) throws Exception {
    long count = settlingBackends();
    for (int i = 0; i < 50 && count != expected; i++) {
      Thread.sleep(100);
      count = settlingBackends();
    }
    return count;
  }

  private long settlingBackends() throws SQLException {
    try (Connection admin = java.sql.DriverManager.getConnection(url);
        Statement statement = admin.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity "
            + "WHERE application_name = 'imagebot-settle' AND datname = current_database()")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
