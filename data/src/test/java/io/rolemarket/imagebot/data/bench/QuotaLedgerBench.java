package io.rolemarket.imagebot.data.bench;

import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.data.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Reservations plus commits per second on a real SQLite file, with 1 and 64 concurrent callers (virtual
 * threads), and the p50/p99 latency of a reservation. Run with {@code ./mvnw -B -q -Pbench verify -pl
 * bot-core,data}; figures go to BENCHMARKS.md by hand.
 */
public final class QuotaLedgerBench {
  private static final Duration WARM_UP = Duration.ofSeconds(2);
  private static final Duration MEASURE = Duration.ofSeconds(5);
  private static final QuotaLimits LIMITS = new QuotaLimits(Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2);

  private QuotaLedgerBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(Locale.ROOT, "data: quota ledger on %s, %d cores, Java %s%n", System.getProperty("os.name"),
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    System.out.println("| callers | reserve+commit / s | reserve p50 | reserve p99 |");
    System.out.println("| ---: | ---: | ---: | ---: |");
    for (int callers : new int[] {1, 64}) {
      Path dir = Files.createTempDirectory("quota-bench");
      try (SqliteStore store = SqliteStore.open(dir.resolve("bench.db"), TestClocks.FIXED)) {
        run(store, callers, WARM_UP);
        Callers.Result result = run(store, callers, MEASURE);
        System.out.printf(Locale.ROOT, "| %d | %,.0f | %.2f ms | %.2f ms |%n", callers,
            result.perSecond(MEASURE), result.percentile(0.50) / 1e6,
            result.percentile(0.99) / 1e6);
      }
    }
  }

  private static Callers.Result run(SqliteStore store, int callers, Duration length) throws Exception {
    return Callers.run(callers, length, caller -> {
      String user = "bench:u" + caller;
      return () -> {
        long began = System.nanoTime();
        Reservation reservation = store.reserve(user, 1, LIMITS, TestClocks.NOW);
        long reserved = System.nanoTime();
        store.commit(((Reservation.Held) reservation).id(), 1);
        return reserved - began;
      };
    });
  }
}
