package io.rolemarket.imagebot.core.route;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A bulkhead that queues instead of rejecting, fair across users: {@code permits} callers run at once (a
 * number that may change while it runs: the lane's learned limit);
 * the others wait in one queue per user, and a freed permit goes to the users in turn (round robin), so
 * one user's batch of twenty does not starve the next user's single request.
 *
 * <p>Waiting is interruptible (that is how a user cancels); an interrupted waiter leaves the queue. A
 * waiter hears its position (1 = next) when it joins and, within a second, whenever it changes. Safe for concurrent use;
 * virtual-thread friendly (a {@link ReentrantLock}, no monitors).
 */
final class FairQueue {
  private int permits;
  private final ReentrantLock lock = new ReentrantLock();
  /** Users with waiters, in turn order: the first user is served next. */
  private final Map<String, Deque<Waiter>> waiting = new LinkedHashMap<>();
  private int inUse;
  private int waiters;

  private static final class Waiter {
    final Condition turn;
    boolean granted;

    Waiter(Condition turn) {
      this.turn = turn;
    }
  }

  FairQueue(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1, was " + permits);
    }
    this.permits = permits;
  }

  /**
   * Takes a permit for {@code userKey}, waiting in turn if none is free. {@code onPosition} hears the
   * position while waiting (not called when a permit is free at once). Pair with {@link #release()}.
   *
   * @throws InterruptedException when interrupted while waiting; no permit is held then
   */
  void acquire(String userKey, IntConsumer onPosition) throws InterruptedException {
    lock.lock();
    try {
      if (inUse < permits && waiters == 0) {
        inUse++;
        return;
      }
      Waiter me = new Waiter(lock.newCondition());
      waiting.computeIfAbsent(userKey, key -> new ArrayDeque<>()).addLast(me);
      waiters++;
      int told = -1;
      try {
        while (!me.granted) {
          int position = positionOf(userKey, me);
          if (position != told) {
            told = position;
            lock.unlock();
            try {
              onPosition.accept(position);
            } finally {
              lock.lock();
            }
            if (me.granted) {
              break;
            }
          }
          me.turn.await(1, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        if (me.granted) {
          grantNext();
        } else {
          remove(userKey, me);
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Lets {@code newPermits} callers run at once from now on: more start at once when it grows; when it
   * shrinks, calls already running finish and no new one starts until fewer than that run.
   */
  void setPermits(int newPermits) {
    if (newPermits < 1) {
      throw new IllegalArgumentException("permits must be at least 1, was " + newPermits);
    }
    lock.lock();
    try {
      permits = newPermits;
      grantNext();
    } finally {
      lock.unlock();
    }
  }

  /** How many callers may run at once now. */
  int permits() {
    lock.lock();
    try {
      return permits;
    } finally {
      lock.unlock();
    }
  }

  /** How many callers run now. */
  int inUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }

  /** Gives a permit back; the next user in turn gets it. */
  void release() {
    lock.lock();
    try {
      inUse--;
      grantNext();
    } finally {
      lock.unlock();
    }
  }

  /** Callers waiting now. */
  int waiting() {
    lock.lock();
    try {
      return waiters;
    } finally {
      lock.unlock();
    }
  }

  /** Hands a free permit to the first waiter of the user whose turn it is, then sends that user to the back. */
  private void grantNext() {
    while (inUse < permits && waiters > 0) {
      Iterator<Map.Entry<String, Deque<Waiter>>> users = waiting.entrySet().iterator();
      Map.Entry<String, Deque<Waiter>> first = users.next();
      Waiter next = first.getValue().pollFirst();
      users.remove();
      if (!first.getValue().isEmpty()) {
        waiting.put(first.getKey(), first.getValue());
      }
      waiters--;
      inUse++;
      next.granted = true;
      next.turn.signal();
    }
  }

  private void remove(String userKey, Waiter me) {
    Deque<Waiter> queue = waiting.get(userKey);
    if (queue != null && queue.remove(me)) {
      waiters--;
      if (queue.isEmpty()) {
        waiting.remove(userKey);
      }
    }
  }

  /**
   * How many grants until {@code me}: in each round every user with waiters gets one, so a waiter at
   * index i of its user's queue goes after i + 1 waiters of each user ahead in turn and i of each user after.
   */
  private int positionOf(String userKey, Waiter me) {
    int index = 0;
    for (Waiter waiter : waiting.get(userKey)) {
      if (waiter == me) {
        break;
      }
      index++;
    }
    int ahead = index;
    boolean before = true;
    for (Map.Entry<String, Deque<Waiter>> entry : waiting.entrySet()) {
      if (entry.getKey().equals(userKey)) {
        before = false;
        continue;
      }
      ahead += Math.min(entry.getValue().size(), before ? index + 1 : index);
    }
    return ahead + 1;
  }
}
