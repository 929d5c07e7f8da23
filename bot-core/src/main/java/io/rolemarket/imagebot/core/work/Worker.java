package io.rolemarket.imagebot.core.work;

import io.rolemarket.imagebot.core.RequestIds;
import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.ProgressListener;
import io.rolemarket.imagebot.core.store.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's loop: claims queued requests ({@link WorkQueue#claim}), at most {@code concurrency} at a time,
 * runs each on a virtual thread of its own through a {@link Handler} (the bot's pipeline), writes its progress and,
 * at the end, its outcome to the queue, where the edge that waits for it reads them. When nothing is queued it looks
 * again every {@code idle}, or at once when {@link #wake} is called (a notification that work was queued). Closing
 * it stops claiming and waits a while for the requests it runs. Safe for concurrent use.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  /** Progress reports of one request written at most this often (the first and the last always). */
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  /** Runs one claimed request; blocks; never throws for a request's own failure (a bug may throw). */
  @FunctionalInterface
  public interface Handler {
    GenerateOutcome handle(WorkQueue.Claimed claimed, ProgressListener listener);
  }

  private final WorkQueue queue;
  private final WorkCodec codec;
  private final Handler handler;
  private final Clock clock;
  private final Duration idle;
  private final Semaphore permits;
  private final Semaphore wakeUp = new Semaphore(0);
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread loop;
  private volatile boolean closed;

  /**
   * Starts claiming.
   *
   * @param concurrency how many requests this process runs at once, at least 1
   * @param idle how long to wait before looking again when nothing is queued
   */
  public Worker(WorkQueue queue, WorkCodec codec, Handler handler, Clock clock, int concurrency, Duration idle) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    this.queue = queue;
    this.codec = codec;
    this.handler = handler;
    this.clock = clock;
    this.idle = idle;
    this.permits = new Semaphore(concurrency);
    this.loop = Thread.ofPlatform().daemon().name("worker-claims").start(this::claimLoop);
  }

  /** Something was queued: look now instead of after the idle wait. */
  public void wake() {
    wakeUp.release();
  }

  private void claimLoop() {
    while (!closed) {
      try {
        permits.acquire();
        Optional<WorkQueue.Claimed> claimed;
        try {
          claimed = queue.claim(clock.instant());
        } catch (RuntimeException e) {
          permits.release();
          log.warn("could not claim work: {}", e.getMessage());
          idleWait();
          continue;
        }
        if (claimed.isEmpty()) {
          permits.release();
          idleWait();
          continue;
        }
        WorkQueue.Claimed work = claimed.get();
        threads.execute(RequestIds.as("work-" + work.owedId(), () -> {
          try {
            run(work);
          } finally {
            permits.release();
          }
        }));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void idleWait() throws InterruptedException {
    wakeUp.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
    wakeUp.drainPermits();
  }

  private void run(WorkQueue.Claimed work) {
    log.info("working on request {} of {} (attempt {}): {}", work.owedId(), work.userKey(), work.attempts(),
        work.command());
    long[] lastWrite = {0};
    ProgressListener reporting = event -> {
      long now = System.nanoTime();
      boolean often = event instanceof ProgressEvent.Working;
      if (!often || now - lastWrite[0] >= PROGRESS_EVERY.toNanos()) {
        lastWrite[0] = now;
        try {
          queue.progress(work.owedId(), codec.encode(event));
        } catch (RuntimeException e) {
          log.debug("progress of request {} not written: {}", work.owedId(), e.getMessage());
        }
      }
    };
    GenerateOutcome outcome;
    try {
      outcome = handler.handle(work, reporting);
    } catch (RuntimeException e) {
      log.error("request {} crashed", work.owedId(), e);
      outcome = new GenerateOutcome.Failed(new Failure.Crashed());
    }
    String encoded;
    try {
      encoded = codec.encode(outcome);
    } catch (RuntimeException e) {
      log.error("the outcome of request {} cannot be written", work.owedId(), e);
      encoded = codec.encode(new GenerateOutcome.Failed(new Failure.Crashed()));
    }
    try {
      if (!queue.complete(work.owedId(), encoded, clock.instant())) {
        log.warn("request {} was taken back from this worker (taken for dead); its answer is left to the next attempt",
            work.owedId());
      }
    } catch (RuntimeException e) {
      log.warn("the outcome of request {} was not written: {}; it is queued again once this process is gone",
          work.owedId(), e.getMessage());
    }
  }

  /** Stops claiming, and waits up to {@code grace} for the requests running to finish. */
  public void close(Duration grace) {
    closed = true;
    loop.interrupt();
    threads.shutdown();
    try {
      if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("stopping with requests still running; they are queued again once this process is gone");
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
