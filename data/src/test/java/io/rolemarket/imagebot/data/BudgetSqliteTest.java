package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.Outcomes;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monthly budget as a ledger through {@link ImageBot} on real SQLite (issue 17's proof; the issue measured
 * eight times the budget spent by 40 at once): a thousand requests at once never pass it and fill it; the same
 * with the process killed in the middle of the burst while a provider job it started still runs; the same across
 * the last second of a month.
 */
class BudgetSqliteTest {
  static final BigDecimal BUDGET = new BigDecimal("0.05");
  static final BigDecimal FLUX = new BigDecimal("0.0012");
  static final BigDecimal MIDJOURNEY = new BigDecimal("0.02");
  static final int BURST = 1000;

  @TempDir Path dir;

  /** A paid request of its own to FLUX: a prompt no other request has, so the cache never answers it. */
  static GenerateRequest distinct(UserRef user, String tag) {
    return new GenerateRequest(user, "lulu", "halloween", List.of("variant", tag), 1, AspectRatio.SQUARE, "flux",
        Tier.BALANCED, null, false);
  }

  /** {@link #BURST} users at once, each with a request of its own; {@code meanwhile} is told of each picture made. */
  private static List<GenerateOutcome> burst(ImageBot bot, String who, IntConsumer meanwhile) throws Exception {
    List<Future<GenerateOutcome>> asked = new ArrayList<>();
    AtomicInteger made = new AtomicInteger();
    try (var users = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < BURST; i++) {
        GenerateRequest request = distinct(UserRef.of("test", who + i, "User " + i), who + i);
        asked.add(users.submit(() -> {
          GenerateOutcome outcome = bot.generate(request, event -> { });
          if (outcome instanceof GenerateOutcome.Generated) {
            meanwhile.accept(made.incrementAndGet());
          }
          return outcome;
        }));
      }
    }
    List<GenerateOutcome> outcomes = new ArrayList<>();
    for (Future<GenerateOutcome> outcome : asked) {
      outcomes.add(outcome.get());
    }
    return outcomes;
  }

  private static void onlyBudgetRefusals(List<GenerateOutcome> outcomes) {
    for (GenerateOutcome outcome : outcomes) {
      if (!(outcome instanceof GenerateOutcome.Generated)) {
        GenerateOutcome.Refused refused = assertInstanceOf(GenerateOutcome.Refused.class, outcome,
            Outcomes.text(outcome));
        assertInstanceOf(Refusal.BudgetUsedUp.class, refused.reason());
      }
    }
  }

  private static long pictures(List<GenerateOutcome> outcomes) {
    return outcomes.stream().filter(GenerateOutcome.Generated.class::isInstance).count();
  }

  private static void filledNotPassed(BigDecimal spent, String what) {
    assertTrue(spent.compareTo(BUDGET) <= 0, what + ": spent " + spent + " of " + BUDGET);
    assertTrue(spent.compareTo(BUDGET.subtract(FLUX)) > 0, what + ": the budget was filled, not wasted: " + spent);
  }

  private static ImageBot bot(SqliteStore store, Clock clock, Object... providers) {
    ImageBot.Builder builder = ImageBot.builder().clock(clock).store(store)
        .quotaPolicy(QuotaPolicy.withDailyLimit(5)).monthlyBudget(BUDGET);
    for (Object provider : providers) {
      builder.provider((io.rolemarket.imagebot.core.provider.ImageProvider) provider);
    }
    return builder.build();
  }

  @Test
  void aThousandDistinctRequestsAtOnce_spendWithinTheBudget_andFillIt() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", FLUX.toPlainString()).latency(Duration.ofMillis(200));
    try (SqliteStore store = SqliteStore.open(dir.resolve("bot.db"), TestClocks.FIXED);
        ImageBot bot = bot(store, TestClocks.FIXED, flux)) {
      List<GenerateOutcome> outcomes = burst(bot, "user", made -> { });
      BigDecimal spent = store.spend(YearMonth.from(TestClocks.NOW.atZone(ZoneOffset.UTC)));

      filledNotPassed(spent, "one burst");
      assertEquals(0, FLUX.multiply(BigDecimal.valueOf(pictures(outcomes))).compareTo(spent));
      assertEquals(pictures(outcomes), flux.calls(), "no provider call was made that the budget could not pay");
      assertEquals(0, BigDecimal.ZERO.compareTo(store.held()), "every hold was given back");
      onlyBudgetRefusals(outcomes);
    }
  }

  @Test
  void killedMidBurst_withAProviderJobStillRunning_theRestartedBotStillNeverPassesTheBudget() throws Exception {
    Path file = dir.resolve("bot.db");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), BudgetBurstClient.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String held = null;
      for (String line = out.readLine(); !"billed".equals(line); line = out.readLine()) {
        assertTrue(line != null, "the child ended before any picture was billed");
        held = line.startsWith("held ") ? line.substring("held ".length()) : held;
      }
      assertTrue(held != null && MIDJOURNEY.compareTo(new BigDecimal(held)) == 0,
          "the child held the price of the Midjourney job an earlier run left, before its burst: " + held);
      Thread.sleep(150); // more calls in flight, holding the budget
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
    } finally {
      child.destroyForcibly();
    }

    YearMonth month = YearMonth.from(TestClocks.NOW.atZone(ZoneOffset.UTC));
    CountDownLatch midjourneyDone = new CountDownLatch(1);
    StillRunning midjourney = new StillRunning(midjourneyDone);
    ScriptedProvider flux = ScriptedProvider.named("flux", FLUX.toPlainString()).latency(Duration.ofMillis(200));
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED);
        ImageBot bot = bot(store, TestClocks.FIXED, flux, midjourney)) {
      BigDecimal billedBefore = store.spend(month);
      assertTrue(billedBefore.signum() > 0 && billedBefore.compareTo(BUDGET) <= 0, "the killed run billed " + billedBefore);
      assertEquals(0, MIDJOURNEY.compareTo(store.held()),
          "the dead run's holds are given back, but the job left running at Midjourney holds its price again");
      List<CompletableFuture<Void>> resumed = bot.resumeOpenJobs();

      List<GenerateOutcome> outcomes = burst(bot, "second", made -> { });
      midjourneyDone.countDown();
      CompletableFuture.allOf(resumed.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertEquals(List.of(BudgetBurstClient.REMOTE_JOB), midjourney.resumed);
      BigDecimal spent = store.spend(month);
      filledNotPassed(spent, "across the restart");
      assertEquals(0, billedBefore.add(MIDJOURNEY).add(FLUX.multiply(BigDecimal.valueOf(pictures(outcomes))))
          .compareTo(spent), "what each run billed, and the Midjourney job once: before " + billedBefore + ", now "
          + spent + ", pictures " + pictures(outcomes));
      assertEquals(0, BigDecimal.ZERO.compareTo(store.held()), "every hold was given back");
      onlyBudgetRefusals(outcomes);
    }
  }

  @Test
  void aBurstAcrossTheLastSecondOfAMonth_neitherMonthPassesTheBudget() throws Exception {
    TestClock clock = TestClock.at(Instant.parse("2026-11-30T23:59:59Z"));
    CountDownLatch turned = new CountDownLatch(1);
    AtomicInteger waiting = new AtomicInteger();
    // The first 20 calls answer in November; the rest are at the provider when the month turns.
    TurnOfTheMonth flux = new TurnOfTheMonth(
        ScriptedProvider.named("flux", FLUX.toPlainString()).latency(Duration.ofMillis(200)), 20, waiting, turned);
    try (SqliteStore store = SqliteStore.open(dir.resolve("bot.db"), clock);
        ImageBot bot = bot(store, clock, flux);
        var background = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<List<GenerateOutcome>> novemberBurst = background.submit(() -> burst(bot, "november", made -> { }));
      while (waiting.get() == 0 && !novemberBurst.isDone()) {
        Thread.sleep(5);
      }
      clock.set(Instant.parse("2026-12-01T00:00:00Z"));
      turned.countDown();
      List<GenerateOutcome> outcomes = new ArrayList<>(novemberBurst.get());
      BigDecimal november = store.spend(YearMonth.of(2026, 11));
      assertTrue(november.compareTo(BUDGET) <= 0, "November spent " + november);
      BigDecimal crossed = store.spend(YearMonth.of(2026, 12));
      assertTrue(crossed.signum() > 0, "calls held in November and billed in December: " + crossed);
      // December's own requests find its budget less what November's calls billed in it.
      outcomes.addAll(burst(bot, "december", made -> { }));
      BigDecimal december = store.spend(YearMonth.of(2026, 12));

      assertEquals(0, november.compareTo(store.spend(YearMonth.of(2026, 11))), "November's spend is closed");
      filledNotPassed(december, "December");
      assertEquals(0, FLUX.multiply(BigDecimal.valueOf(pictures(outcomes))).compareTo(november.add(december)));
      assertEquals(0, BigDecimal.ZERO.compareTo(store.held()), "every hold was given back");
      onlyBudgetRefusals(outcomes);
    }
  }

  /** A provider whose calls after the first {@code answered} wait at the provider until the month has turned. */
  private static final class TurnOfTheMonth implements io.rolemarket.imagebot.core.provider.ImageProvider {
    private final ScriptedProvider inner;
    private final int answered;
    private final AtomicInteger waiting;
    private final CountDownLatch turned;
    private final AtomicInteger calls = new AtomicInteger();

    TurnOfTheMonth(ScriptedProvider inner, int answered, AtomicInteger waiting, CountDownLatch turned) {
      this.inner = inner;
      this.answered = answered;
      this.waiting = waiting;
      this.turned = turned;
    }

    @Override
    public ProviderInfo info() {
      return inner.info();
    }

    @Override
    public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
      if (calls.incrementAndGet() > answered) {
        waiting.incrementAndGet();
        turned.await();
      }
      return inner.generate(request, progress);
    }
  }

  /** A job-based provider whose job, started by the killed run, finishes when the test says so. */
  private static final class StillRunning implements ResumableProvider {
    private final CountDownLatch done;
    private final List<String> resumed = new java.util.concurrent.CopyOnWriteArrayList<>();

    StillRunning(CountDownLatch done) {
      this.done = done;
    }

    @Override
    public ProviderInfo info() {
      return new ProviderInfo("midjourney", "Midjourney", "mj", 4, EnumSet.allOf(AspectRatio.class), true, true, false,
          MIDJOURNEY, Duration.ofSeconds(30), 4, Set.of());
    }

    @Override
    public ProviderResult generate(ProviderRequest request, ProviderProgress progress) {
      return new ProviderFailure.Permanent("only resumed here", "");
    }

    @Override
    public ProviderResult resume(String remoteJobId, ProviderRequest request, ProviderProgress progress)
        throws InterruptedException {
      resumed.add(remoteJobId);
      done.await();
      return new ProviderResult.Images(List.of(ScriptedProvider.image(4242)));
    }
  }
}
