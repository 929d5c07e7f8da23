package io.rolemarket.imagebot.discord;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark scenario 6: a hundred slash commands at once on the loopback Discord, which referees Discord's
 * rate limits; prints how soon they were acknowledged and followed up with their pictures, and the 429s
 * JDA ran into. Then the same while the pictures of a hundred earlier requests (four each: a grid to
 * render) are being rendered. Each run starts with a burst to warm the JVM, not reported. Run with
 * {@code ./mvnw -B -q -Pbench verify -pl discord-adapter -am -DskipTests}.
 */
public final class DiscordBurstBench {
  private static final int USERS = 100;
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private DiscordBurstBench() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(Locale.ROOT, "Discord burst benchmark on %d cores, max heap %d MiB, %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"));
    for (Duration latency : List.of(Duration.ofSeconds(2), Duration.ofSeconds(10))) {
      try (DiscordBurst burst = DiscordBurst.start(latency)) {
        burst.fire(USERS, 1, PATIENCE);
        report(USERS + " slash commands at once, provider " + latency.toSeconds() + " s", latency,
            burst.fire(USERS, 1, PATIENCE));
      }
    }
    Duration latency = Duration.ofSeconds(2);
    try (DiscordBurst burst = DiscordBurst.start(latency);
        ExecutorService side = Executors.newSingleThreadExecutor()) {
      burst.fire(USERS, 1, PATIENCE);
      Future<DiscordBurst.Outcome> earlier = side.submit(() -> burst.fire(USERS, 4, PATIENCE));
      Thread.sleep(latency.plusMillis(300));
      report(USERS + " more while " + USERS + " earlier results of 4 pictures are rendered, provider 2 s", latency,
          burst.fire(USERS, 1, PATIENCE));
      report("  (the earlier " + USERS + ", 4 pictures each)", latency, earlier.get());
    }
    System.exit(0);
  }

  private static void report(String scenario, Duration latency, DiscordBurst.Outcome outcome) {
    List<Long> acks = millis(outcome.acknowledged());
    List<Long> pictures = millis(outcome.pictured());
    System.out.printf(Locale.ROOT,
        "%s: acknowledged %d/%d after p50 %d ms, p95 %d ms, max %d ms (%d over 3 s); followed up %d/%d, all"
            + " within %s of dispatch (first %d ms); 429s so far %d%n",
        scenario, acks.size(), USERS, percentile(acks, 50), percentile(acks, 95), percentile(acks, 100),
        acks.stream().filter(ms -> ms > 3_000).count(), pictures.size(), USERS,
        pictures.size() == USERS ? percentile(pictures, 100) + " ms" : "(not all)", percentile(pictures, 0),
        outcome.tooManyRequests());
    if (!outcome.refused().isEmpty()) {
      System.out.println("  refused: " + outcome.refused().subList(0, Math.min(5, outcome.refused().size())));
    }
  }

  private static List<Long> millis(List<Optional<Duration>> times) {
    return times.stream().flatMap(Optional::stream).map(Duration::toMillis).sorted().toList();
  }

  /** The nearest-rank percentile of {@code sorted}; -1 when empty. */
  private static long percentile(List<Long> sorted, int percent) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
