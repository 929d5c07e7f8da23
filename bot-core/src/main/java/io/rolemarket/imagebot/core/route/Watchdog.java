package io.rolemarket.imagebot.core.route;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cancels provider calls that stall: a watched call is interrupted when it has shown no sign of life
 * for its silence deadline, or has run past its total deadline; and tells when a call has been held by its
 * provider for a while (taken into service, not refused). One daemon thread checks every {@code tick}.
 * Safe for concurrent use.
 */
final class Watchdog implements AutoCloseable {
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService checker;
  private final Ticker ticker;

  /** One watched call, owned by the thread that runs it. */
  static final class Watch implements AutoCloseable {
    private final Watchdog owner;
    private final Thread thread;
    private final long silenceNanos;
    private final long deadlineNanos;
    private volatile long lastSignNanos;
    private final long startedNanos;
    private final long heldAfterNanos;
    private final Runnable onHeld;
    private volatile String expired = "";
    private volatile boolean held;
    private boolean closed;

    private Watch(Watchdog owner, Deadlines deadlines, Duration heldAfter, Runnable onHeld) {
      this.owner = owner;
      this.thread = Thread.currentThread();
      this.silenceNanos = deadlines.silence().toNanos();
      this.lastSignNanos = owner.ticker.read();
      this.startedNanos = lastSignNanos;
      this.deadlineNanos = lastSignNanos + deadlines.total().toNanos();
      this.heldAfterNanos = heldAfter.toNanos();
      this.onHeld = onHeld;
    }

    /** Whether the call ran past its {@code heldAfter} without an answer (and {@code onHeld} was told). */
    boolean held() {
      return held;
    }

    /** A sign of life: progress was reported. */
    void alive() {
      lastSignNanos = owner.ticker.read();
    }

    /** Why the watchdog cut the call off ("no sign of life for 90 s"), or empty when it did not. */
    String expired() {
      return expired;
    }

    /** Stops watching; once it returns, the watchdog interrupts the thread no more for this watch. */
    @Override
    public synchronized void close() {
      closed = true;
      owner.watches.remove(this);
    }

    private synchronized void check(long now) {
      if (closed || !expired.isEmpty()) {
        return;
      }
      if (!held && now - startedNanos >= heldAfterNanos) {
        held = true;
        onHeld.run();
      }
      if (now - deadlineNanos > 0) {
        expired = "ran past its total deadline";
        thread.interrupt();
      } else if (now - lastSignNanos > silenceNanos) {
        expired = "no sign of life for " + TimeUnit.NANOSECONDS.toSeconds(silenceNanos) + " s";
        thread.interrupt();
      }
    }
  }

  Watchdog(Duration tick, Ticker ticker) {
    this.ticker = ticker;
    this.checker = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("provider-watchdog").daemon(true).factory());
    long millis = Math.max(10, tick.toMillis());
    checker.scheduleWithFixedDelay(this::checkAll, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Starts watching the calling thread's call. Close the watch when the call returns. */
  Watch watch(Deadlines deadlines) {
    return watch(deadlines, Duration.ofNanos(Long.MAX_VALUE), () -> { });
  }

  /**
   * Starts watching the calling thread's call, and runs {@code onHeld} once (on the watchdog's thread) if the
   * call is still running {@code heldAfter} after it started. Close the watch when the call returns.
   */
  Watch watch(Deadlines deadlines, Duration heldAfter, Runnable onHeld) {
    Watch watch = new Watch(this, deadlines, heldAfter, onHeld);
    watches.add(watch);
    return watch;
  }

  private void checkAll() {
    long now = ticker.read();
    for (Watch watch : watches) {
      watch.check(now);
    }
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }
}
