package io.rolemarket.imagebot.core.bench;

import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The core pipeline's benchmarks (issue 3), printed as figures: run with
 * {@code ./mvnw -B -q -Pbench verify -pl bot-core -DskipTests} (see BENCHMARKS.md).
 */
public final class CoreBench {
  private static final GeneratedImage IMAGE = ScriptedProvider.image(42);

  private CoreBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(Locale.ROOT, "core benchmarks on %d cores, max heap %d MiB, %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"));
    identicalConcurrent();
    distinctConcurrent();
    overhead();
    zipf();
  }

  private static ImageBot bot(InMemoryStore store, ScriptedProvider provider) {
    return ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(provider)
        .quotaPolicy(QuotaPolicy.withDailyLimit(1_000_000)).monthlyBudget(new BigDecimal("1000000")).build();
  }

  private static ScriptedProvider provider(Duration latency, int concurrent) {
    return ScriptedProvider.of(new ProviderInfo("flux", "Fake FLUX.1-dev", "flux-dev", 1,
        EnumSet.allOf(AspectRatio.class), true, true, false, new BigDecimal("0.0012"), Duration.ofSeconds(10),
        concurrent, Set.of())).latency(latency).fixedImage(IMAGE);
  }

  private static GenerateRequest request(int user, String extra, boolean fresh) {
    return new GenerateRequest(UserRef.of("bench", "u" + user, "u" + user), "lulu", "halloween",
        extra.isEmpty() ? List.of() : List.of(extra), 1, AspectRatio.SQUARE, null, Tier.BALANCED, null, fresh);
  }

  /** Outcomes of a concurrent run and its wall time from the release of the latch to the last answer. */
  private record Run(List<GenerateOutcome> outcomes, long wallMillis) {}

  /** Runs {@code n} requests at once on virtual threads released by one latch. */
  private static Run concurrently(ImageBot bot, int n, java.util.function.IntFunction<GenerateRequest> make)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<GenerateOutcome>> futures = new ArrayList<>(n);
    long released;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        GenerateRequest request = make.apply(i);
        futures.add(threads.submit(() -> {
          start.await();
          return bot.generate(request, event -> {});
        }));
      }
      released = System.nanoTime();
      start.countDown();
    }
    long wall = (System.nanoTime() - released) / 1_000_000;
    List<GenerateOutcome> outcomes = new ArrayList<>(n);
    for (Future<GenerateOutcome> future : futures) {
      outcomes.add(future.get());
    }
    return new Run(outcomes, wall);
  }

  private static long delivered(List<GenerateOutcome> outcomes) {
    return outcomes.stream().filter(o -> o instanceof GenerateOutcome.Generated g && !g.result().images().isEmpty())
        .count();
  }

  private static void identicalConcurrent() throws Exception {
    ScriptedProvider provider = provider(Duration.ofMillis(200), 4);
    try (ImageBot bot = bot(new InMemoryStore(), provider)) {
      Run run = concurrently(bot, 1000, i -> request(i, "", false));
      System.out.printf(Locale.ROOT, "1. 1,000 identical concurrent requests, 200 ms provider: provider calls = %d, "
          + "callers with images = %d, wall %d ms%n", provider.calls(), delivered(run.outcomes()), run.wallMillis());
    }
  }

  private static void distinctConcurrent() throws Exception {
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    for (String round : List.of("cold JVM", "second run")) {
      ScriptedProvider provider = provider(Duration.ofSeconds(2), 100_000);
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      try (ImageBot bot = bot(new InMemoryStore(), provider)) {
        Run run = concurrently(bot, 10_000, i -> request(i, "variant-" + i, false));
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "2. 10,000 concurrent distinct requests, 2 s provider, no bulkhead (%s): "
            + "completed = %d, provider calls = %d, wall %d ms, peak heap %d MiB (sum of pool peaks)%n",
            round, delivered(run.outcomes()), provider.calls(), run.wallMillis(), peak >> 20);
      }
    }
  }

  private static void overhead() throws Exception {
    ScriptedProvider provider = provider(Duration.ZERO, 64);
    try (ImageBot bot = bot(new InMemoryStore(), provider)) {
      bot.generate(request(1, "", false), event -> {});
      long[] hits = measure(50_000, i -> bot.generate(request(1, "", false), event -> {}));
      long[] misses = measure(20_000, i -> bot.generate(request(1, "miss-" + i, false), event -> {}));
      System.out.printf(Locale.ROOT, "3. core overhead per request, zero-latency fake: cache hit p50 %d µs, p99 %d µs; "
          + "miss p50 %d µs, p99 %d µs%n", hits[0], hits[1], misses[0], misses[1]);
    }
  }

  /** Runs {@code n} requests after as many for warm-up; returns p50 and p99 in microseconds. */
  private static long[] measure(int n, java.util.function.IntConsumer run) {
    for (int i = 0; i < n; i++) {
      run.accept(-1 - i);
    }
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      run.accept(i);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return new long[] {nanos[n / 2] / 1000, nanos[(int) (n * 0.99)] / 1000};
  }

  private static void zipf() throws Exception {
    int[] workload = zipfWorkload(1000, 200, 1.0, new Random(7));
    for (boolean cached : new boolean[] {true, false}) {
      ScriptedProvider provider = provider(Duration.ZERO, 16);
      try (ImageBot bot = bot(new InMemoryStore(), provider)) {
        for (int prompt : workload) {
          bot.generate(request(prompt % 10, "prompt-" + prompt, !cached), event -> {});
        }
        System.out.printf(Locale.ROOT, "4. Zipf (s=1.0) 1,000 requests over 200 prompts %s cache: provider calls = %d, "
            + "spend $%s, distinct prompts asked = %d%n", cached ? "with" : "without", provider.calls(),
            bot.spend().thisMonthUsd().toPlainString(), Arrays.stream(workload).distinct().count());
      }
    }
  }

  private static int[] zipfWorkload(int requests, int prompts, double s, Random random) {
    double[] cumulative = new double[prompts];
    double total = 0;
    for (int k = 1; k <= prompts; k++) {
      total += 1 / Math.pow(k, s);
      cumulative[k - 1] = total;
    }
    int[] workload = new int[requests];
    for (int i = 0; i < requests; i++) {
      double x = random.nextDouble() * total;
      int index = Arrays.binarySearch(cumulative, x);
      workload[i] = index >= 0 ? index : -index - 1;
    }
    return workload;
  }
}
