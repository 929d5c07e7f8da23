package io.rolemarket.imagebot.core;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether an admin paused the bot, and the requests waiting for them to resume it: a request that arrives while
 * paused waits here (interruptibly, so {@code /cancel} stops it) and starts once resumed. A lock and a condition,
 * not a monitor, so waiting virtual threads do not hold their carriers. Safe for concurrent use.
 */
final class PauseGate {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition resumed = lock.newCondition();
  private boolean paused;
  private int waiting;

  /** Pauses or resumes; resuming lets every waiting request go. */
  void set(boolean pause) {
    lock.lock();
    try {
      paused = pause;
      if (!pause) {
        resumed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  boolean paused() {
    lock.lock();
    try {
      return paused;
    } finally {
      lock.unlock();
    }
  }

  /** How many requests are waiting to be resumed. */
  int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns at once when not paused; otherwise runs {@code onWait} once (outside the lock, to tell the user) and
   * waits until resumed.
   *
   * @throws InterruptedException when the request was cancelled while it waited
   */
  void awaitResumed(Runnable onWait) throws InterruptedException {
    if (!paused()) {
      return;
    }
    onWait.run();
    lock.lock();
    try {
      waiting++;
      try {
        while (paused) {
          resumed.await();
        }
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }
}
