package io.rolemarket.imagebot.data.bench;

import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.SpendHolds;
import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.data.SqliteStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Budget holds plus releases per second on a real SQLite file, with 1 and 64 concurrent callers (virtual threads),
 * the p50/p99 latency of a hold, with the month's spend empty and with 10,000 jobs billed in it (each hold sums
 * the month's billed spend), without and with a cap per user. The quota ledger's figures ({@link QuotaLedgerBench})
 * are the comparison. Run with {@code ./mvnw -B -q -Pbench verify -pl bot-core,data}; figures go to
 * BENCHMARKS.md by hand.
 */
public final class BudgetHoldsBench {
  private static final Duration WARM_UP = Duration.ofSeconds(2);
  private static final Duration MEASURE = Duration.ofSeconds(5);
  private static final BigDecimal FLUX = new BigDecimal("0.0012");
  private static final BigDecimal LIMIT = new BigDecimal("1000000");

  private BudgetHoldsBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(Locale.ROOT, "data: budget holds on %s, %d cores, Java %s%n", System.getProperty("os.name"),
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    System.out.println("| jobs billed this month | cap per user | callers | hold+release / s | hold p50 | hold p99 |");
    System.out.println("| ---: | --- | ---: | ---: | ---: | ---: |");
    for (int billed : new int[] {0, 10_000}) {
      for (boolean capped : new boolean[] {false, true}) {
        for (int callers : new int[] {1, 64}) {
          Path dir = Files.createTempDirectory("budget-bench");
          try (SqliteStore store = SqliteStore.open(dir.resolve("bench.db"), TestClocks.FIXED)) {
            bill(store, billed);
            run(store, callers, capped, WARM_UP);
            Callers.Result result = run(store, callers, capped, MEASURE);
            System.out.printf(Locale.ROOT, "| %,d | %s | %d | %,.0f | %.2f ms | %.2f ms |%n", billed,
                capped ? "yes" : "no", callers, result.perSecond(MEASURE),
                result.percentile(0.50) / 1e6, result.percentile(0.99) / 1e6);
          }
        }
      }
    }
  }

  /** {@code jobs} succeeded jobs of 100 users billed at {@link TestClocks#NOW}, as a busy month leaves them. */
  private static void bill(SqliteStore store, int jobs) {
    for (int i = 0; i < jobs; i++) {
      String user = "bench:u" + (i % 100);
      long job = store.open(new JobTicket(user, "lulu", "halloween", "k" + i, "p", "flux", 0, 1, TestClocks.NOW));
      store.close(job, true, "flux", 1, FLUX, TestClocks.NOW);
    }
  }

  private static Callers.Result run(SqliteStore store, int callers, boolean capped, Duration length)
      throws Exception {
    return Callers.run(callers, length, caller -> {
      SpendHolds.Ask ask = new SpendHolds.Ask("bench:u" + caller, FLUX, LIMIT, capped ? LIMIT : null);
      return () -> {
        long began = System.nanoTime();
        long hold = store.hold(ask, TestClocks.NOW).orElseThrow();
        long held = System.nanoTime();
        store.release(hold);
        return held - began;
      };
    });
  }
}
