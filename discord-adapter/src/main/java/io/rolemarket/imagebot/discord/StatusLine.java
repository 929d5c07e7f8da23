package io.rolemarket.imagebot.discord;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The progress line of one deferred reply, shown at the pace a person reads: nothing during the first
 * {@code interval} (a quick answer replaces the "thinking…" reply itself), then a line only when it
 * differs from the one showing, each edit waiting twice as long as the one before (up to {@link #MAX_GAP}):
 * a minute in a queue is about five edits, not thirty. A line that arrives sooner waits and is replaced
 * by any newer one. {@link #finish} stops the edits and waits for the last one, so the answer that follows
 * never races a status edit. Safe for concurrent use.
 */
final class StatusLine {
  /** The longest wait between two edits, however long the request takes. */
  static final Duration MAX_GAP = Duration.ofSeconds(20);

  private final Function<String, @Nullable CompletableFuture<?>> edit;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final long intervalNanos;
  private long gapNanos;
  private int edits;
  private @Nullable String shown;
  private @Nullable String pending;
  private long lastEdit;
  private boolean scheduled;
  private boolean closed;
  private @Nullable CompletableFuture<?> lastSent;
  private volatile boolean resolved;

  /**
   * @param edit shows a line without blocking; returns the edit in flight, or null when none was sent
   * @param interval the wait before the first edit, and between the first two
   * @param timer runs delayed edits
   * @param nanoTime the clock, {@link System#nanoTime} outside tests
   */
  StatusLine(Function<String, @Nullable CompletableFuture<?>> edit, Duration interval, ScheduledExecutorService timer,
      LongSupplier nanoTime) {
    this.edit = edit;
    this.intervalNanos = interval.toNanos();
    this.gapNanos = intervalNanos;
    this.timer = timer;
    this.nanoTime = nanoTime;
    this.lastEdit = nanoTime.getAsLong();
  }

  /** Shows {@code line} when its turn comes, unless it is already showing or a newer line replaces it. */
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
      long wait = lastEdit + gapNanos - nanoTime.getAsLong();
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
    edits++;
    gapNanos = Math.min(intervalNanos << Math.min(edits - 1, 20), Math.max(intervalNanos, MAX_GAP.toNanos()));
    CompletableFuture<?> sent = edit.apply(line);
    if (sent != null) {
      lastSent = sent;
      sent.thenRun(() -> resolved = true);
    }
  }

  /**
   * Stops editing (a line still waiting is dropped: the answer replaces it) and waits up to {@code wait} for
   * the edit in flight. Returns whether an edit went through, that is whether the reply now shows a status
   * line rather than Discord's "thinking…": then the answer's first message is a message of its own.
   */
  boolean finish(Duration wait) {
    CompletableFuture<?> last;
    lock.lock();
    try {
      closed = true;
      pending = null;
      last = lastSent;
    } finally {
      lock.unlock();
    }
    if (last != null) {
      try {
        last.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        resolved = true; // its callback may not have run yet
      } catch (ExecutionException e) {
        // the edit failed: the reply shows what it showed before
      } catch (TimeoutException e) {
        last.cancel(false); // stuck behind a rate limit: it must not land on the answer later
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return resolved;
  }
}
