package io.rolemarket.imagebot.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FairQueueTest {

  /** Starts a waiter thread for {@code user}; it records its turn in {@code served} and holds the permit until released. */
  private static Thread waiter(FairQueue queue, String user, List<String> served, List<Integer> positions,
      CountDownLatch queued) {
    Thread thread = Thread.ofVirtual().start(() -> {
      try {
        queue.acquire(user, position -> {
          positions.add(position);
          queued.countDown();
        });
        served.add(user);
        queue.release();
      } catch (InterruptedException e) {
        served.add(user + "-cancelled");
      }
    });
    return thread;
  }

  @Test
  void acquire_oneUsersBatchThenAnother_takesTurns() throws Exception {
    FairQueue queue = new FairQueue(1);
    queue.acquire("holder", p -> {});
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    List<Integer> positions = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CountDownLatch queued = new CountDownLatch(1);
      threads.add(waiter(queue, "batch", served, positions, queued));
      assertTrue(queued.await(5, TimeUnit.SECONDS));
    }
    CountDownLatch queued = new CountDownLatch(1);
    threads.add(waiter(queue, "single", served, positions, queued));
    assertTrue(queued.await(5, TimeUnit.SECONDS));

    assertEquals(2, positions.get(positions.size() - 1), "the single request is second in line, not sixth");
    queue.release();
    for (Thread thread : threads) {
      thread.join(5000);
    }
    assertEquals(List.of("batch", "single", "batch", "batch", "batch", "batch"), served);
    assertEquals(0, queue.waiting());
  }

  @Test
  void acquire_interruptedWhileWaiting_leavesTheQueue() throws Exception {
    FairQueue queue = new FairQueue(1);
    queue.acquire("holder", p -> {});
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch queued = new CountDownLatch(1);
    Thread cancelled = waiter(queue, "alice", served, new ArrayList<>(), queued);
    assertTrue(queued.await(5, TimeUnit.SECONDS));

    cancelled.interrupt();
    cancelled.join(5000);

    assertEquals(List.of("alice-cancelled"), served);
    assertEquals(0, queue.waiting());
    queue.release();
    queue.acquire("bob", p -> {
      throw new AssertionError("the permit should be free, not queued at " + p);
    });
  }

  @Test
  void acquire_permitsFree_noQueueing() throws Exception {
    FairQueue queue = new FairQueue(3);
    for (int i = 0; i < 3; i++) {
      queue.acquire("u" + i, p -> {
        throw new AssertionError("queued at " + p);
      });
    }
    assertEquals(0, queue.waiting());
  }
}
