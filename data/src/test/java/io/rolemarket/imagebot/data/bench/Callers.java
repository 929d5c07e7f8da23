package io.rolemarket.imagebot.data.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Concurrent callers of a ledger benchmark: each a virtual thread repeating one operation until time is up. */
final class Callers {
  private Callers() {}

  /** One operation of one caller; returns the nanoseconds of the part whose latency is measured. */
  interface Operation {
    long timedNanos() throws Exception;
  }

  /** Completed operations and every operation's measured latency in nanoseconds, sorted. */
  record Result(long operations, long[] nanos) {
    double percentile(double p) {
      return nanos[(int) Math.min(nanos.length - 1, Math.ceil(p * nanos.length) - 1)];
    }

    /** Operations per second over {@code length}. */
    double perSecond(Duration length) {
      return operations / (length.toNanos() / 1e9);
    }
  }

  /** Runs {@code callers} callers for {@code length}, caller {@code i} repeating {@code operations.apply(i)}. */
  static Result run(int callers, Duration length, IntFunction<Operation> operations) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int caller = 0; caller < callers; caller++) {
        Operation operation = operations.apply(caller);
        futures.add(threads.submit(() -> {
          start.await();
          long deadline = System.nanoTime() + length.toNanos();
          long[] latencies = new long[1024];
          int count = 0;
          while (System.nanoTime() < deadline) {
            long latency = operation.timedNanos();
            if (count == latencies.length) {
              latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latency;
          }
          return Arrays.copyOf(latencies, count);
        }));
      }
      start.countDown();
    }
    long[] all = futures.stream().map(Callers::join).flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(all.length, all);
  }

  private static long[] join(Future<long[]> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException("a benchmark caller failed", e);
    }
  }
}
