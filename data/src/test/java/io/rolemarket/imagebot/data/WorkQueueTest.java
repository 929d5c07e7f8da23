package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.DeliveryLog;
import io.rolemarket.imagebot.core.store.WorkQueue;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The queue of requests between edges and workers, on SQLite and on PostgreSQL. */
class WorkQueueTest {
  private static final Duration LEASE = Duration.ofSeconds(2);

  @TempDir static Path dir;
  private final TestClock clock = TestClock.at(TestClocks.NOW);

  /** Opens stores on one database: each call is another process. */
  private Supplier<SqlStore> processes(String dialect) {
    if (dialect.equals("sqlite")) {
      Path file = dir.resolve("work-" + System.nanoTime() + ".db");
      return () -> SqliteStore.open(file, clock);
    }
    String url = EmbeddedPostgresServer.freshDatabase();
    return () -> PostgresStore.open(url, null, dir.resolve("blobs"), clock, LEASE);
  }

  static Stream<String> dialects() {
    return Stream.of("sqlite", "postgresql");
  }

  private long owe(SqlStore store, String user) {
    return store.owe(new DeliveryLog.Owed(0, "telegram", "1", user, "lulu halloween", "/generate lulu halloween", "",
        clock.instant()));
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void aRequest_isClaimedOnceAndItsOutcomeSeenByTheEdge(String dialect) {
    try (SqlStore store = processes(dialect).get()) {
      long owed = owe(store, "test:ann");
      store.enqueue(owed, "test:ann", "Ann", "/generate lulu halloween", clock.instant());
      store.enqueue(owed, "test:ann", "Ann", "/generate lulu halloween", clock.instant());
      assertEquals(WorkQueue.State.QUEUED, store.seen(List.of(owed, 999L)).get(owed).state());
      assertEquals(1, store.seen(List.of(owed, 999L)).size(), "unknown ids are left out");

      WorkQueue.Claimed claimed = store.claim(clock.instant()).orElseThrow();
      assertEquals(new WorkQueue.Claimed(owed, "test:ann", "Ann", "/generate lulu halloween", 1,
          java.util.OptionalLong.empty()), claimed);
      assertEquals(Optional.empty(), store.claim(clock.instant()), "queued once, claimed once");
      assertFalse(store.withdraw(owed, "cancelled", clock.instant()), "a worker has it: too late to withdraw");

      store.progress(owed, "working");
      assertEquals("working", store.seen(List.of(owed)).get(owed).progress());
      assertTrue(store.complete(owed, "pictures", clock.instant()));
      assertEquals(new WorkQueue.Seen(WorkQueue.State.DONE, "working", "pictures"), store.seen(List.of(owed)).get(owed));
      assertFalse(store.complete(owed, "again", clock.instant()), "done once");
    }
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void aQueuedRequest_canBeWithdrawnAndIsThenNeverClaimed(String dialect) {
    try (SqlStore store = processes(dialect).get()) {
      long owed = owe(store, "test:ann");
      store.enqueue(owed, "test:ann", "Ann", "/generate lulu halloween", clock.instant());

      assertTrue(store.withdraw(owed, "cancelled", clock.instant()));
      assertEquals(Optional.empty(), store.claim(clock.instant()));
      assertEquals("cancelled", store.seen(List.of(owed)).get(owed).outcome());
    }
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void workersRacingForWork_eachGetAnotherRequest(String dialect) throws Exception {
    Supplier<SqlStore> open = processes(dialect);
    // on SQLite one process serves the file: its workers race inside it
    try (SqlStore first = open.get(); SqlStore second = dialect.equals("sqlite") ? first : open.get()) {
      Set<Long> queued = new HashSet<>();
      for (int i = 0; i < 40; i++) {
        long owed = owe(first, "test:u" + i);
        first.enqueue(owed, "test:u" + i, "U", "/generate lulu halloween", clock.instant());
        queued.add(owed);
      }
      List<Future<List<Long>>> claims = new ArrayList<>();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int t = 0; t < 8; t++) {
          SqlStore store = t % 2 == 0 ? first : second;
          claims.add(threads.submit(() -> {
            List<Long> mine = new ArrayList<>();
            for (Optional<WorkQueue.Claimed> c = store.claim(clock.instant()); c.isPresent();
                c = store.claim(clock.instant())) {
              mine.add(c.get().owedId());
            }
            return mine;
          }));
        }
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> claim : claims) {
        all.addAll(claim.get());
      }
      assertEquals(40, all.size(), "no request claimed twice");
      assertEquals(queued, new HashSet<>(all), "every request claimed");
    }
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void aStoppedWorkersRequest_isQueuedAgainForTheNext(String dialect) {
    Supplier<SqlStore> open = processes(dialect);
    SqlStore worker = open.get();
    long owed = owe(worker, "test:ann");
    worker.enqueue(owed, "test:ann", "Ann", "/generate lulu halloween", clock.instant());
    worker.claim(clock.instant()).orElseThrow();
    worker.halt();
    clock.advance(LEASE.plusSeconds(1));

    try (SqlStore next = open.get()) {
      next.reapOrphans();
      WorkQueue.Claimed again = next.claim(clock.instant()).orElseThrow();
      assertEquals(2, again.attempts());
      assertTrue(next.complete(owed, "pictures", clock.instant()));
      Map<Long, WorkQueue.Seen> seen = next.seen(List.of(owed));
      assertEquals("pictures", seen.get(owed).outcome());
    }
  }
}
