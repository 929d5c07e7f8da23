package io.rolemarket.imagebot.discord;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The progress line of one deferred reply. A line is shown only when it differs from the one showing,
 * and at most once per {@code interval}: a line that arrives sooner waits and is replaced by any newer
 * one, so a burst of progress becomes one edit of its last state. Safe for concurrent use.
 */
final class StatusLine implements AutoCloseable {
  private final Consumer<String> edit;
  private final long intervalNanos;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable String shown;
  private @Nullable String pending;
  private long lastEdit;
  private boolean scheduled;
  private boolean closed;

  /**
   * @param edit shows a line (must not block: it queues the edit)
   * @param interval least time between two edits
   * @param timer runs delayed edits
   * @param nanoTime the clock, {@link System#nanoTime} outside tests
   */
  StatusLine(Consumer<String> edit, Duration interval, ScheduledExecutorService timer, LongSupplier nanoTime) {
    this.edit = edit;
    this.intervalNanos = interval.toNanos();
    this.timer = timer;
    this.nanoTime = nanoTime;
    this.lastEdit = nanoTime.getAsLong() - intervalNanos;
  }

  /** Shows {@code line} now or after the interval, unless it is already showing. */
  void show(String line) {
    lock.lock();
    try {
      if (closed || line.equals(shown) && pending == null) {
        return;
      }
      pending = line.equals(shown) ? null : line;
      if (pending == null || scheduled) {
        return;
      }
      long wait = lastEdit + intervalNanos - nanoTime.getAsLong();
      if (wait <= 0) {
        flush();
      } else {
        scheduled = true;
        timer.schedule(this::scheduledFlush, wait, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private void scheduledFlush() {
    lock.lock();
    try {
      scheduled = false;
      if (!closed) {
        flush();
      }
    } finally {
      lock.unlock();
    }
  }

  private void flush() {
    String line = pending;
    if (line == null) {
      return;
    }
    pending = null;
    shown = line;
    lastEdit = nanoTime.getAsLong();
    edit.accept(line);
  }

  /** Stops editing; a line still waiting is dropped, since the result replaces it. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      pending = null;
    } finally {
      lock.unlock();
    }
  }
}
