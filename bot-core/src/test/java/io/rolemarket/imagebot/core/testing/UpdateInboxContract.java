package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.UpdateInbox.Inboxed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every store's update inbox must do, as the webhook receiver and the consumer that handles its updates rely
 * on it: each update stored once however often it comes, handed out oldest first under a claim that keeps other
 * takers off until it runs out, never again once done.
 */
public abstract class UpdateInboxContract extends StoreContractBase {
  private static final String TG = "telegram";
  private static final Duration LEASE = Duration.ofSeconds(30);

  private static String payload(int updateId) {
    return "{\"update_id\":" + updateId + "}";
  }

  private static List<String> ids(List<Inboxed> taken) {
    return taken.stream().map(Inboxed::eventId).toList();
  }

  @Test
  void put_sameUpdateTwice_storedOnceWithTheFirstPayload() {
    assertTrue(store.put(TG, "7", payload(7), NOW));
    assertFalse(store.put(TG, "7", "{\"update_id\":7,\"again\":true}", NOW.plusSeconds(1)));

    assertEquals(List.of(new Inboxed(TG, "7", payload(7), NOW)), store.take(TG, 10, NOW, LEASE));
  }

  @Test
  void put_sameIdOnTwoPlatforms_bothStored() {
    assertTrue(store.put(TG, "7", payload(7), NOW));
    assertTrue(store.put("discord", "7", "{}", NOW));

    assertEquals(List.of("7"), ids(store.take(TG, 10, NOW, LEASE)));
    assertEquals(List.of("7"), ids(store.take("discord", 10, NOW, LEASE)));
  }

  @Test
  void put_sameUpdateFromManyThreadsAtOnce_oneIsNewAndOneIsStored() throws Exception {
    int threads = 16;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger fresh = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        puts.add(pool.submit(() -> {
          go.await();
          if (store.put(TG, "42", payload(42), NOW)) {
            fresh.incrementAndGet();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> put : puts) {
        put.get();
      }
    }
    assertEquals(1, fresh.get(), "one put of " + threads + " stores the update");
    assertEquals(List.of("42"), ids(store.take(TG, 10, NOW, LEASE)));
  }

  @Test
  void take_oldestFirst_atMostMax_onlyThePlatformAsked() {
    for (int id = 1; id <= 5; id++) {
      store.put(TG, Integer.toString(id), payload(id), NOW.plusSeconds(id));
    }
    store.put("discord", "9", "{}", NOW);

    assertEquals(List.of("1", "2", "3"), ids(store.take(TG, 3, NOW.plusSeconds(10), LEASE)));
    assertEquals(List.of("4", "5"), ids(store.take(TG, 3, NOW.plusSeconds(10), LEASE)));
    assertEquals(List.of(), store.take(TG, 3, NOW.plusSeconds(10), LEASE));
  }

  @Test
  void take_claimedUpdate_notTakenAgainUntilTheClaimRunsOut() {
    store.put(TG, "1", payload(1), NOW);
    assertEquals(List.of("1"), ids(store.take(TG, 10, NOW, LEASE)));

    assertEquals(List.of(), store.take(TG, 10, NOW.plus(LEASE).minusMillis(1), LEASE), "still claimed");
    assertEquals(List.of("1"), ids(store.take(TG, 10, NOW.plus(LEASE), LEASE)),
        "a dead taker's claim ran out: the update is taken again");
    assertEquals(List.of(), store.take(TG, 10, NOW.plus(LEASE).plusMillis(1), LEASE), "claimed anew");
  }

  @Test
  void done_updateNeverTakenAgain_norStoredAgain() {
    store.put(TG, "1", payload(1), NOW);
    store.put(TG, "2", payload(2), NOW);
    store.take(TG, 10, NOW, LEASE);

    store.done(TG, "1", NOW.plusSeconds(1));

    assertEquals(List.of("2"), ids(store.take(TG, 10, NOW.plus(LEASE), LEASE)), "1 is done; the claim on 2 ran out");
    assertFalse(store.put(TG, "1", payload(1), NOW.plusSeconds(2)), "a handled update came again");
    assertEquals(List.of(), store.take(TG, 10, NOW.plus(LEASE), LEASE), "the repeat of a handled update waits not");
  }

  @Test
  void take_manyTakersAtOnce_eachUpdateHandedToOne() throws Exception {
    int updates = 40;
    for (int id = 1; id <= updates; id++) {
      store.put(TG, Integer.toString(id), payload(id), NOW);
    }
    int takers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ConcurrentLinkedQueue<String> taken = new ConcurrentLinkedQueue<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < takers; i++) {
        runs.add(pool.submit(() -> {
          go.await();
          for (List<Inboxed> batch = store.take(TG, 3, NOW, LEASE); !batch.isEmpty();
              batch = store.take(TG, 3, NOW, LEASE)) {
            batch.forEach(update -> taken.add(update.eventId()));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> run : runs) {
        run.get();
      }
    }
    assertEquals(updates, taken.size(), "no update handed out twice: " + taken);
    assertEquals(updates, new HashSet<>(taken).size());
  }

  @Test
  void forgetHandledBefore_forgetsOldHandledUpdates_keepsWaitingOnes() {
    store.put(TG, "1", payload(1), NOW);
    store.put(TG, "2", payload(2), NOW);
    store.put(TG, "3", payload(3), NOW);
    store.take(TG, 10, NOW, LEASE);
    store.done(TG, "1", NOW.plusSeconds(1));
    store.done(TG, "2", NOW.plus(Duration.ofDays(3)));

    assertEquals(1, store.forgetHandledBefore(NOW.plus(Duration.ofDays(2))));

    assertEquals(List.of("3"), ids(store.take(TG, 10, NOW.plus(Duration.ofDays(2)), LEASE)),
        "an update never handled is kept however old");
    assertFalse(store.put(TG, "2", payload(2), NOW), "a recently handled update is still known");
  }

  @Test
  void put_thenRestart_theUpdateWaits() {
    store.put(TG, "1", payload(1), NOW);
    store.put(TG, "2", payload(2), NOW);
    store.take(TG, 1, NOW, LEASE);

    restart();

    assertEquals(List.of("2"), ids(store.take(TG, 10, NOW, LEASE)), "1 is still claimed by the dead taker");
    store.done(TG, "2", NOW);
    assertEquals(List.of("1"), ids(store.take(TG, 10, NOW.plus(LEASE), LEASE)), "its claim ran out");
  }
}
