package io.rolemarket.imagebot.core.work;

import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.ProgressListener;
import io.rolemarket.imagebot.core.store.WorkQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's side of queued requests: threads waiting for the outcomes of requests a worker runs. One thread looks
 * at every awaited request in one query every {@code poll} (or at once after {@link #wake}), passes new progress
 * events to each waiter's listener and hands each outcome to its waiter. Safe for concurrent use.
 */
public final class Waiters implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Waiters.class);

  private final WorkQueue queue;
  private final WorkCodec codec;
  private final Duration poll;
  private final Map<Long, Waiter> waiting = new ConcurrentHashMap<>();
  private final Semaphore wakeUp = new Semaphore(0);
  private final Thread looker;
  private volatile boolean closed;

  private static final class Waiter {
    final ProgressListener listener;
    final CompletableFuture<String> outcome = new CompletableFuture<>();
    @Nullable String progress;

    Waiter(ProgressListener listener) {
      this.listener = listener;
    }
  }

  /** Starts looking; {@code poll} is how often when no notification comes. */
  public Waiters(WorkQueue queue, WorkCodec codec, Duration poll) {
    this.queue = queue;
    this.codec = codec;
    this.poll = poll;
    this.looker = Thread.ofPlatform().daemon().name("work-waiters").start(this::lookLoop);
  }

  /** A request's state changed somewhere: look now. */
  public void wake() {
    wakeUp.release();
  }

  /**
   * Waits for the outcome of queued request {@code owedId}, passing its progress to {@code listener}.
   *
   * @throws InterruptedException when the waiting thread is interrupted (the request goes on)
   */
  public GenerateOutcome await(long owedId, ProgressListener listener) throws InterruptedException {
    Waiter waiter = new Waiter(listener);
    if (waiting.putIfAbsent(owedId, waiter) != null) {
      throw new IllegalStateException("request " + owedId + " is awaited already");
    }
    wake();
    try {
      return codec.decodeOutcome(waiter.outcome.get());
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for request " + owedId + " failed", e.getCause());
    } finally {
      waiting.remove(owedId, waiter);
    }
  }

  private void lookLoop() {
    while (!closed) {
      try {
        wakeUp.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
        if (!waiting.isEmpty()) {
          look();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("could not look at queued requests: {}", e.getMessage());
      }
    }
  }

  private void look() {
    List<Long> ids = List.copyOf(waiting.keySet());
    Map<Long, WorkQueue.Seen> seen = queue.seen(ids);
    for (Map.Entry<Long, WorkQueue.Seen> entry : seen.entrySet()) {
      Waiter waiter = waiting.get(entry.getKey());
      if (waiter == null) {
        continue;
      }
      WorkQueue.Seen now = entry.getValue();
      if (now.progress() != null && !Objects.equals(now.progress(), waiter.progress)) {
        waiter.progress = now.progress();
        try {
          waiter.listener.on(codec.decodeEvent(now.progress()));
        } catch (RuntimeException e) {
          log.debug("progress of request {} not passed on: {}", entry.getKey(), e.getMessage());
        }
      }
      if (now.state() == WorkQueue.State.DONE && now.outcome() != null) {
        waiter.outcome.complete(now.outcome());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    looker.interrupt();
  }
}
