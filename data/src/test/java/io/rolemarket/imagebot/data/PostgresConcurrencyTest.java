package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.SpendHolds;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quota and budget stay exact on PostgreSQL when many writers race: two stores on one database (two pools, as two
 * processes would have), many virtual threads released at once against one limit.
 */
class PostgresConcurrencyTest {
  private static final Instant NOW = TestClocks.NOW;
  private static final int CALLERS = 64;

  @TempDir Path blobs;
  private final TestClock clock = TestClock.at(NOW);
  private PostgresStore first;
  private PostgresStore second;

  @BeforeEach
  void open() {
    String url = EmbeddedPostgresServer.freshDatabase();
    first = PostgresStore.open(url, null, blobs, clock);
    second = PostgresStore.open(url, null, blobs, clock);
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  @Test
  void reserve_manyCallersOnTwoStores_grantsExactlyTheLimit() throws Exception {
    QuotaLimits limits = new QuotaLimits(10, 100);
    List<Reservation> answers = race(i -> (i % 2 == 0 ? first : second).reserve("test:alice", 1, limits, NOW));

    long held = answers.stream().filter(Reservation.Held.class::isInstance).count();
    assertEquals(10, held);
    assertEquals(10, first.usage("test:alice", NOW).today());
    assertEquals(10, second.usage("test:alice", NOW).today());
  }

  @Test
  void refund_sameReservationsFromTwoStores_giveBackOnce() throws Exception {
    QuotaLimits limits = new QuotaLimits(10, 100);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(((Reservation.Held) first.reserve("test:bob", 1, limits, NOW)).id());
    }

    race(i -> {
      (i % 2 == 0 ? first : second).refund(ids.get(i % ids.size()));
      return true;
    });

    assertEquals(0, first.usage("test:bob", NOW).today());
    assertEquals(0, second.usage("test:bob", NOW).thisMonth());
  }

  @Test
  void hold_manyCallersOnTwoStores_neverOverTheTeamBudget() throws Exception {
    SpendHolds.Ask ask = new SpendHolds.Ask("test:alice", new BigDecimal("0.30"), new BigDecimal("1.00"), null);
    List<OptionalLong> answers = race(i -> (i % 2 == 0 ? first : second).hold(ask, NOW));

    assertEquals(3, answers.stream().filter(OptionalLong::isPresent).count());
    assertEquals(0, new BigDecimal("0.90").compareTo(second.held()));
  }

  @Test
  void hold_manyUsersWithCaps_keepsEveryCapAndTheBudget() throws Exception {
    List<OptionalLong> answers = race(i -> {
      String user = "test:user" + (i % 4);
      SpendHolds.Ask ask = new SpendHolds.Ask(user, new BigDecimal("0.25"), new BigDecimal("2.00"),
          new BigDecimal("0.50"));
      return (i % 2 == 0 ? first : second).hold(ask, NOW);
    });

    assertEquals(8, answers.stream().filter(OptionalLong::isPresent).count());
    for (int user = 0; user < 4; user++) {
      assertEquals(0, new BigDecimal("0.50").compareTo(first.committedBy("test:user" + user, NOW)));
    }
  }

  @Test
  void open_twoStoresStartingAfterACrash_settleEachJobOnce() throws Exception {
    String url = EmbeddedPostgresServer.freshDatabase();
    try (PostgresStore crashed = PostgresStore.open(url, null, blobs, clock)) {
      long reservation = ((Reservation.Held) crashed.reserve("test:carol", 2, new QuotaLimits(10, 100), NOW)).id();
      long job = crashed.open(new JobTicket("test:carol", "lulu", "halloween", "key", "p", "flux", reservation, 2,
          NOW));
      for (int salt = 1; salt <= 2; salt++) {
        crashed.attachImage(job, crashed.put(ScriptedProvider.image(salt), "p", "flux"), "flux", "flux-dev",
            new BigDecimal("0.01"), NOW);
      }
      long refunded = ((Reservation.Held) crashed.reserve("test:dave", 1, new QuotaLimits(10, 100), NOW)).id();
      crashed.open(new JobTicket("test:dave", "mo", "winter", "key2", "p2", "flux", refunded, 1, NOW));
    } // closed without finishing: as a crash leaves it

    List<PostgresStore> restarted = race(2, i -> PostgresStore.open(url, null, blobs, clock));
    try {
      assertEquals(1, restarted.stream().mapToInt(store -> store.reconciliation().jobsCompleted()).sum());
      assertEquals(1, restarted.stream().mapToInt(store -> store.reconciliation().jobsRefunded()).sum());
      assertEquals(1, restarted.get(0).recent("test:carol", 10).size(), "one history entry");
      assertEquals(2, restarted.get(1).usage("test:carol", NOW).today(), "charged once");
      assertEquals(0, restarted.get(1).usage("test:dave", NOW).today(), "refunded once");
    } finally {
      restarted.forEach(PostgresStore::close);
    }
  }

  private static <T> List<T> race(Caller<T> call) throws Exception {
    return race(CALLERS, call);
  }

  /** Runs {@code call} for callers 0..callers-1 on virtual threads released together; returns their answers. */
  private static <T> List<T> race(int callers, Caller<T> call) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        int caller = i;
        Callable<T> task = () -> {
          start.await();
          return call.run(caller);
        };
        futures.add(threads.submit(task));
      }
      start.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> future : futures) {
        answers.add(future.get());
      }
      return answers;
    }
  }

  @FunctionalInterface
  private interface Caller<T> {
    T run(int caller) throws Exception;
  }
}
