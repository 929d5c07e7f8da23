package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link BudgetSqliteTest}'s restart: a Midjourney job left running at the provider by an earlier
 * run, then a burst of {@link BudgetSqliteTest#BURST} distinct requests to FLUX against the budget; it says
 * {@code billed} once some pictures are paid for and keeps going until it is killed.
 */
final class BudgetBurstClient {
  static final String REMOTE_JOB = "mj-left-running";

  private BudgetBurstClient() {}

  public static void main(String[] args) throws Exception {
    // The job an earlier run left running at Midjourney: journaled by a store that then goes away, so that this run's
    // store finds it orphaned and adopts it (a job its own process opened would be that process's to hold).
    try (SqliteStore earlier = SqliteStore.open(Path.of(args[0]), TestClocks.FIXED)) {
      String owner = "test:mia";
      long reservation = ((Reservation.Held) earlier.reserve(owner, 1, new QuotaLimits(5, 100), TestClocks.NOW)).id();
      long job = earlier.open(new JobTicket(owner, "lulu", "halloween", "k-mj", "Lulu at Halloween", "midjourney",
          reservation, 1, TestClocks.NOW));
      earlier.attachRemoteJob(job, "midjourney", REMOTE_JOB);
    }
    SqliteStore store = SqliteStore.open(Path.of(args[0]), TestClocks.FIXED);

    ScriptedProvider flux = ScriptedProvider.named("flux", BudgetSqliteTest.FLUX.toPlainString())
        .latency(Duration.ofMillis(300));
    // Built after the job above was journaled: the bot holds its price as it starts, like a restarted bot does (the
    // test checks it, since the child could otherwise spend the whole budget on FLUX while the job runs).
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(flux)
        .provider(ScriptedActionableProvider.named("midjourney", BudgetSqliteTest.MIDJOURNEY.toPlainString()))
        .quotaPolicy(QuotaPolicy.withDailyLimit(5)).monthlyBudget(BudgetSqliteTest.BUDGET).build();
    System.out.println("held " + store.held().toPlainString());
    System.out.flush();
    AtomicInteger made = new AtomicInteger();
    try (var users = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < BudgetSqliteTest.BURST; i++) {
        int n = i;
        users.submit(() -> {
          GenerateOutcome outcome = bot.generate(BudgetSqliteTest.distinct(UserRef.of("test", "first" + n, "F"), "first" + n),
              event -> { });
          if (outcome instanceof GenerateOutcome.Generated && made.incrementAndGet() == 5) {
            System.out.println("billed");
            System.out.flush();
          }
        });
      }
    }
    Thread.sleep(Duration.ofHours(1));
  }
}
