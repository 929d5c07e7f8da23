package io.rolemarket.imagebot.app.bench;

import io.rolemarket.imagebot.providers.hf.FakeHuggingFaceServer;
import io.rolemarket.imagebot.providers.runpod.FakeRunPodServer;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.telegram.FakeBotApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * Issue 20's scale run: the bot as several processes on one PostgreSQL database, started from the jar against the
 * loopback Telegram and Hugging Face fakes, with its leader and one worker killed (SIGKILL) in the middle; then the
 * same requests against one process (PostgreSQL, then SQLite) on the same machine. Run with
 * {@code ./mvnw -B -q -Pscale verify -pl app -am -DskipTests} (see BENCHMARKS.md).
 *
 * <p>The cluster: an embedded PostgreSQL of its own (default settings: fsync on), edge A (leads), edge B (stands by),
 * workers W1–W3, all sharing one blob directory. {@code scale.requests} (1,000) {@code /generate} updates over
 * {@code scale.prompts} (200) prompts, each prompt asked by five different users at shuffled times, one user and
 * chat per request, fed at {@code scale.rate} a second (50) through the fake Bot API, which keeps each update until a
 * poller confirms it (as Telegram does, so updates the killed leader took and never confirmed go to the standby
 * again). The fake provider answers after {@code scale.latencyMs} (3,000; FLUX really takes about 10 s):
 * Hugging Face's FLUX.1-dev, one call a picture, or with {@code scale.provider=runpod} RunPod's worker-sdxl, whose jobs
 * are submitted, then polled, and outlive the worker that submitted them. When
 * {@code scale.killAt} (40 %) of the requests are fed, edge A and worker W1 are killed with SIGKILL (1 or more: never).
 *
 * <p>Afterwards it prints: the time from the kill to the standby's "Leading" line and to its first {@code getUpdates};
 * what each request's chat received (exactly one picture, or a line saying the request was lost in the restart, or
 * nothing, or more than one); provider calls per prompt at the fake and jobs per cache key in the database;
 * reservations, budget holds, work, flights and owed answers by state; pictures per second. {@code scale.only}
 * ({@code cluster,pg,sqlite}) runs a subset; {@code scale.workers} sets every process's {@code IMAGEBOT_WORKERS}.
 */
public final class ScaleRunBench {
  private static final String JVM_OPTIONS = "-XX:+UseSerialGC -Xms16m -Xmx96m -Xss512k -XX:MaxMetaspaceSize=96m "
      + "-XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "
      + "-XX:+ExitOnOutOfMemoryError";
  private static final Pattern MOTIF = Pattern.compile("motif(\\d+)");
  private static final int REQUESTS = Integer.getInteger("scale.requests", 1000);
  private static final int PROMPTS = Integer.getInteger("scale.prompts", 200);
  private static final int RATE = Integer.getInteger("scale.rate", 50);
  private static final Duration LATENCY = Duration.ofMillis(Integer.getInteger("scale.latencyMs", 3000));
  private static final double KILL_AT = Double.parseDouble(System.getProperty("scale.killAt", "0.4"));
  /** {@code IMAGEBOT_WORKERS} of every process (requests a worker runs at once), empty for the bot's default (16). */
  private static final String WORKERS = System.getProperty("scale.workers", "");
  /** {@code scale.provider}: {@code flux} (Hugging Face, one call a picture; the default) or {@code runpod} (jobs). */
  private static final boolean RUNPOD = System.getProperty("scale.provider", "flux").equals("runpod");
  /** How long after the last request is fed the run waits for the last answer. */
  private static final Duration DRAIN = Duration.ofSeconds(Integer.getInteger("scale.drainSeconds", 240));
  private static final List<String> summary = new ArrayList<>();

  private ScaleRunBench() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "target/imagebot.jar").toAbsolutePath();
    Set<String> only = Set.of(System.getProperty("scale.only", "cluster,pg,sqlite").split(","));
    System.out.printf(Locale.ROOT, "scale run: %d requests over %d prompts at %d a second, provider %s %d ms, "
        + "IMAGEBOT_WORKERS %s, load average %s%n", REQUESTS, PROMPTS, RATE, RUNPOD ? "runpod" : "flux", LATENCY.toMillis(),
        WORKERS.isBlank() ? "default" : WORKERS, loadAverage());
    if (only.contains("cluster")) {
      try (EmbeddedPostgres pg = postgres()) {
        cluster(jar, database(pg, "scale"));
      }
    }
    if (only.contains("pg")) {
      try (EmbeddedPostgres pg = postgres()) {
        single(jar, database(pg, "single"));
      }
    }
    if (only.contains("sqlite")) {
      single(jar, null);
    }
    System.out.println();
    System.out.println("summary:");
    summary.forEach(line -> System.out.println("  " + line));
  }

  /** One bot process, its output copied to {@code bot.log} in its directory with the times of marked lines. */
  private static final class Node implements AutoCloseable {
    final String name;
    final Process process;
    final Map<String, Long> marks = new ConcurrentHashMap<>();

    Node(String name, Path jar, Path dir, Map<String, String> env) throws IOException {
      this.name = name;
      Files.createDirectories(dir);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of(JVM_OPTIONS.split(" ")));
      command.add("-Xlog:gc:file=gc.log"); // in the process's directory, beside bot.log
      command.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      builder.environment().keySet().removeIf(key -> key.endsWith("_TOKEN") || key.startsWith("IMAGEBOT_"));
      builder.environment().putAll(env);
      process = builder.start();
      PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve("bot.log")), true);
      Thread.ofPlatform().daemon().name("log-" + name).start(() -> {
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); log) {
          for (String line; (line = lines.readLine()) != null; ) {
            long at = System.nanoTime();
            for (String mark : List.of("Leading:", "Standing by:", "Telegram: polling", "worker: running",
                "stopping:")) {
              if (line.contains(mark)) {
                marks.putIfAbsent(mark, at);
              }
            }
            log.println(line);
          }
        } catch (IOException e) {
          // the process is gone
        }
      });
    }

    long awaitMark(String mark, Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (!marks.containsKey(mark)) {
        if (System.nanoTime() > end || !process.isAlive()) {
          throw new IllegalStateException(name + " did not print \"" + mark + "\" (alive: " + process.isAlive() + ")");
        }
        Thread.sleep(5);
      }
      return marks.get(mark);
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  /** The fakes of one run. */
  private static final class Fakes implements AutoCloseable {
    final FakeBotApi api = new FakeBotApi();
    final MockWebServer telegram = new MockWebServer();
    /**
     * The provider: Hugging Face's FLUX.1-dev, answering each call after {@link #LATENCY} ({@code scale.provider=flux},
     * the default), or RunPod's worker-sdxl, whose jobs run {@link #LATENCY} after a quick {@code run} call and are
     * polled ({@code runpod}): a job outlives the worker that submitted it.
     */
    final FakeProviderServer provider = RUNPOD ? new FakeRunPodServer().runsFor(LATENCY)
        : new FakeHuggingFaceServer().latency(LATENCY);

    Fakes() throws IOException {
      api.enforceLimits();
      api.keepUntilConfirmed();
      telegram.setDispatcher(api);
      telegram.setServerSocketFactory(FakeBotApi.noDelayServerSockets());
      telegram.start(InetAddress.getLoopbackAddress(), 0);
    }

    Map<String, String> env() {
      Map<String, String> env = new HashMap<>();
      env.put("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN);
      env.put("TELEGRAM_API_URL", telegram.url("/").toString());
      if (RUNPOD) {
        env.put("RUNPOD_API_KEY", FakeProviderServer.KEY);
        env.put("RUNPOD_BASE_URL", provider.url().resolve("/v2/").toString());
        env.put("RUNPOD_ENDPOINT_ID", FakeRunPodServer.ENDPOINT_ID);
      } else {
        env.put("HF_TOKEN", FakeProviderServer.KEY);
        env.put("HF_BASE_URL", provider.url().toString());
        env.put("HF_HUB_URL", provider.url().toString());
      }
      env.put("IMAGEBOT_QUOTA_DAILY", "1000");
      env.put("IMAGEBOT_BUDGET_USD", "10000");
      env.put("IMAGEBOT_LOG_LEVEL", "INFO");
      if (!WORKERS.isBlank()) {
        env.put("IMAGEBOT_WORKERS", WORKERS);
      }
      return env;
    }

    @Override
    public void close() throws IOException {
      provider.close();
      telegram.close();
    }
  }

  /** The requests: prompt of each, in the order they are fed (each prompt five times, shuffled, seeded). */
  private static int[] schedule() {
    List<Integer> prompts = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      prompts.add(i % PROMPTS);
    }
    Collections.shuffle(prompts, new Random(20));
    return prompts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String text(int prompt) {
    return "/generate lulu halloween motif" + prompt;
  }

  /** Feeds the requests at {@link #RATE}; runs {@code atKill} once {@link #KILL_AT} of them are fed. */
  private static long feed(FakeBotApi api, int[] prompts, @Nullable Runnable atKill) throws InterruptedException {
    long start = System.nanoTime();
    int killAt = (int) (REQUESTS * KILL_AT);
    for (int i = 0; i < prompts.length; i++) {
      long due = start + TimeUnit.SECONDS.toNanos(1) * i / RATE;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (i == killAt && atKill != null) {
        atKill.run();
      }
      long chat = i + 1;
      api.userSays(chat, chat, text(prompts[i]));
    }
    return start;
  }

  private static void cluster(Path jar, String url) throws Exception {
    System.out.printf(Locale.ROOT, "%n[cluster: edge A, standby edge B, workers W1-W3 on PostgreSQL]%n");
    Path work = Files.createTempDirectory("scalerun");
    try (Fakes fakes = new Fakes()) {
      Map<String, String> env = fakes.env();
      env.put("IMAGEBOT_DB_URL", url);
      env.put("IMAGEBOT_BLOBS", work.resolve("blobs").toString());
      List<Node> nodes = new ArrayList<>();
      try {
        Node a = start(nodes, "A", jar, work, env, "edge");
        a.awaitMark("Leading:", Duration.ofSeconds(90)); // the first process also migrates the schema
        a.awaitMark("Telegram: polling", Duration.ofSeconds(60));
        Node b = start(nodes, "B", jar, work, env, "edge");
        List<Node> workers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
          workers.add(start(nodes, "W" + i, jar, work, env, "worker"));
        }
        b.awaitMark("Standing by:", Duration.ofSeconds(90));
        for (Node worker : workers) {
          worker.awaitMark("worker: running", Duration.ofSeconds(90));
        }
        System.out.printf(Locale.ROOT, "  all five processes up; load average %s%n", loadAverage());
        int[] prompts = schedule();
        long[] killed = new long[1];
        java.util.concurrent.atomic.AtomicLong firstPoll = new java.util.concurrent.atomic.AtomicLong();
        long start = feed(fakes.api, prompts, () -> {
          killed[0] = System.nanoTime();
          int polls = fakes.api.polls();
          a.process.destroyForcibly();
          workers.get(0).process.destroyForcibly();
          // the next getUpdates to reach the fake is the new leader's
          Thread.ofVirtual().start(() -> {
            while (fakes.api.polls() == polls && System.nanoTime() - killed[0] < TimeUnit.SECONDS.toNanos(60)) {
              LockSupport.parkNanos(200_000);
            }
            firstPoll.set(System.nanoTime());
          });
        });
        long fed = System.nanoTime();
        if (killed[0] != 0) { // -Dscale.killAt=1 or more: no kill
          long leading = b.awaitMark("Leading:", Duration.ofSeconds(60));
          long polling = b.awaitMark("Telegram: polling", Duration.ofSeconds(60));
          while (firstPoll.get() == 0) {
            Thread.sleep(10);
          }
          System.out.printf(Locale.ROOT, "  SIGKILL to A and W1 after %d requests, %.1f s into the feed; B printed "
              + "\"Leading\" %d ms later, \"polling\" %d ms later, its first getUpdates reached the fake %d ms later; "
              + "all fed after %.1f s%n", (int) (REQUESTS * KILL_AT), (killed[0] - start) / 1e9,
              (leading - killed[0]) / 1_000_000, (polling - killed[0]) / 1_000_000, (firstPoll.get() - killed[0]) / 1_000_000,
              (fed - start) / 1e9);
          summary.add(String.format(Locale.ROOT, "cluster: standby led %d ms after the SIGKILL (first getUpdates at %d "
              + "ms)", (leading - killed[0]) / 1_000_000, (firstPoll.get() - killed[0]) / 1_000_000));
        }
        Answers answers = drain(fakes, prompts, start);
        answers.print(killed[0] != 0 ? "cluster" : "cluster without a kill", start);
        telegramCalls(fakes.api);
        // what the dead processes left is settled within a lease and a reaper's round
        Thread.sleep(16_000);
        providerCalls(fakes);
        database(url);
        System.out.printf(Locale.ROOT, "  updates handed out again (taken by the dead leader, not confirmed): %d%n",
            fakes.api.handedOutAgain());
        for (Node node : nodes) {
          System.out.printf(Locale.ROOT, "  %s: %s%n", node.name, node.process.isAlive() ? "alive"
              : "exited " + node.process.exitValue());
        }
      } finally {
        for (Node node : nodes.reversed()) {
          node.close();
        }
        System.out.println("  logs in " + work);
      }
    }
  }

  /** The same requests against one process: PostgreSQL ({@code url}) with role all, or SQLite when null. */
  private static void single(Path jar, @Nullable String url) throws Exception {
    String name = url == null ? "one process on SQLite" : "one process (role all) on PostgreSQL";
    System.out.printf(Locale.ROOT, "%n[%s]%n", name);
    Path work = Files.createTempDirectory("scalerun-single");
    try (Fakes fakes = new Fakes()) {
      Map<String, String> env = fakes.env();
      if (url != null) {
        env.put("IMAGEBOT_DB_URL", url);
        env.put("IMAGEBOT_BLOBS", work.resolve("blobs").toString());
        env.put("IMAGEBOT_ROLE", "all");
      }
      try (Node bot = new Node("one", jar, work.resolve("one"), env)) {
        bot.awaitMark("Telegram: polling", Duration.ofSeconds(90));
        int[] prompts = schedule();
        long start = feed(fakes.api, prompts, null);
        Answers answers = drain(fakes, prompts, start);
        answers.print(url == null ? "sqlite" : "pg", start);
        telegramCalls(fakes.api);
        providerCalls(fakes);
        if (url != null) {
          Thread.sleep(2000);
          database(url);
        }
      } finally {
        System.out.println("  logs in " + work);
      }
    }
  }

  private static Node start(List<Node> nodes, String name, Path jar, Path work, Map<String, String> env, String role)
      throws IOException {
    Map<String, String> own = new HashMap<>(env);
    own.put("IMAGEBOT_ROLE", role);
    Node node = new Node(name, jar, work.resolve(name), own);
    nodes.add(node);
    return node;
  }

  /** What each request's chat received. */
  private record Answers(Map<Long, Integer> photos, Map<Long, Integer> lost, Map<Long, List<String>> other,
      List<Long> photoTimes, long lastAnswer) {

    int exactlyOnce() {
      int once = 0;
      for (long chat = 1; chat <= REQUESTS; chat++) {
        if (photos.getOrDefault(chat, 0) + lost.getOrDefault(chat, 0) == 1) {
          once++;
        }
      }
      return once;
    }

    void print(String run, long start) {
      int pictures = 0;
      int told = 0;
      List<String> missing = new ArrayList<>();
      List<String> twice = new ArrayList<>();
      for (long chat = 1; chat <= REQUESTS; chat++) {
        int p = photos.getOrDefault(chat, 0);
        int l = lost.getOrDefault(chat, 0);
        pictures += Math.min(p, 1);
        told += p == 0 && l > 0 ? 1 : 0;
        if (p + l == 0) {
          missing.add(chat + " " + other.getOrDefault(chat, List.of()));
        } else if (p + l > 1) {
          twice.add(chat + " (" + p + " pictures, " + l + " restart lines)");
        }
      }
      List<Long> times = photoTimes.stream().sorted().toList();
      double wall = times.isEmpty() ? 0 : (times.get(times.size() - 1) - start) / 1e9;
      double rate = wall == 0 ? 0 : times.size() / wall;
      System.out.printf(Locale.ROOT, "  %d of %d requests answered exactly once: %d with their picture, %d told the "
          + "restart lost it; %d with nothing, %d answered more than once; %d photos in all, the last %.1f s after "
          + "the first request: %.1f pictures a second%n", exactlyOnce(), REQUESTS, pictures, told, missing.size(),
          twice.size(), times.size(), wall, rate);
      if (!times.isEmpty()) {
        System.out.printf(Locale.ROOT, "  photos delivered by 10 s: %d, 20 s: %d, 30 s: %d, 60 s: %d%n",
            count(times, start, 10), count(times, start, 20), count(times, start, 30), count(times, start, 60));
      }
      missing.stream().limit(20).forEach(line -> System.out.println("    nothing: chat " + line));
      twice.stream().limit(20).forEach(line -> System.out.println("    more than once: chat " + line));
      summary.add(String.format(Locale.ROOT, "%s: %d/%d exactly once (%d pictures, %d restart lines), %d nothing, "
          + "%d more than once; %.1f pictures/s (%d photos in %.1f s)", run, exactlyOnce(), REQUESTS, pictures, told,
          missing.size(), twice.size(), rate, times.size(), wall));
    }

    private static long count(List<Long> times, long start, int seconds) {
      return times.stream().filter(at -> at - start <= TimeUnit.SECONDS.toNanos(seconds)).count();
    }
  }

  /** Waits until every request's chat got a picture or a restart line, or {@link #DRAIN} after the feed, plus 5 s. */
  private static Answers drain(Fakes fakes, int[] prompts, long start) throws InterruptedException {
    long end = System.nanoTime() + DRAIN.toNanos();
    Answers answers = answers(fakes.api);
    while (System.nanoTime() < end && answers.exactlyOnce() + missingNone(answers) < REQUESTS) {
      Thread.sleep(500);
      answers = answers(fakes.api);
    }
    Thread.sleep(5000); // a second answer to the same request would come now
    return answers(fakes.api);
  }

  private static int missingNone(Answers answers) {
    int more = 0;
    for (long chat = 1; chat <= REQUESTS; chat++) {
      more += answers.photos().getOrDefault(chat, 0) + answers.lost().getOrDefault(chat, 0) > 1 ? 1 : 0;
    }
    return more;
  }

  private static Answers answers(FakeBotApi api) {
    Map<Long, Integer> photos = new HashMap<>();
    Map<Long, Integer> lost = new HashMap<>();
    Map<Long, List<String>> other = new HashMap<>();
    List<Long> times = new ArrayList<>();
    long last = 0;
    for (FakeBotApi.Call call : api.calls()) {
      if (call.chatId() < 1 || call.chatId() > REQUESTS || call.messageId() == 0) {
        continue; // not a request's chat, or refused (429)
      }
      if (call.method().equals("sendphoto")) {
        photos.merge(call.chatId(), 1, Integer::sum);
        times.add(call.atNanos());
        last = Math.max(last, call.atNanos());
      } else if (call.method().equals("sendmessage") && call.text() != null && call.text().contains("restarted")) {
        lost.merge(call.chatId(), 1, Integer::sum);
        last = Math.max(last, call.atNanos());
      } else if (call.method().startsWith("send") && !call.method().equals("sendchataction")) {
        other.computeIfAbsent(call.chatId(), c -> new ArrayList<>()).add(call.method() + ": "
            + String.valueOf(call.text()).lines().findFirst().orElse(""));
      }
    }
    return new Answers(photos, lost, other, times, last);
  }

  /** What the bot sent Telegram, by method: the pictures share the 30-a-second budget with status lines. */
  private static void telegramCalls(FakeBotApi api) {
    Map<String, Long> methods = new TreeMap<>();
    for (FakeBotApi.Call call : api.calls()) {
      if (call.chatId() >= 1 && call.chatId() <= REQUESTS) {
        methods.merge(call.method(), 1L, Long::sum);
      }
    }
    System.out.printf(Locale.ROOT, "  Telegram calls to the requests' chats: %s; 429 answers: %d%n", methods,
        api.tooManyRequests());
  }

  /** Provider calls per prompt (generation calls: RunPod's status polls and cancels are not), as the fake saw them. */
  private static void providerCalls(Fakes fakes) {
    Map<Integer, Integer> perPrompt = new TreeMap<>();
    int unknown = 0;
    for (RecordedRequest call : fakes.provider.calls()) {
      if (!call.getMethod().equals("POST") || (RUNPOD && !call.getUrl().encodedPath().endsWith("/run"))) {
        continue;
      }
      String body = call.getBody() == null ? "" : call.getBody().utf8();
      Matcher motif = MOTIF.matcher(body);
      if (motif.find()) {
        perPrompt.merge(Integer.parseInt(motif.group(1)), 1, Integer::sum);
      } else {
        unknown++;
      }
    }
    Map<Integer, Integer> histogram = new TreeMap<>();
    perPrompt.values().forEach(calls -> histogram.merge(calls, 1, Integer::sum));
    List<Integer> repeated = perPrompt.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
        .toList();
    System.out.printf(Locale.ROOT, "  provider calls at the fake: %d for %d prompts (prompts by calls: %s)%s; "
        + "at most %d at once%s%n", perPrompt.values().stream().mapToInt(Integer::intValue).sum(), perPrompt.size(),
        histogram, unknown > 0 ? ", " + unknown + " without a prompt" : "", fakes.provider.peakConcurrent(),
        repeated.isEmpty() ? "" : "; called more than once: motif " + repeated);
    summary.add("provider calls per prompt: " + histogram + (repeated.isEmpty() ? "" : " (more than once: " + repeated
        + ")"));
  }

  /** The ledgers after the run: nothing held, nothing running. */
  private static void database(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement statement = c.createStatement()) {
      Map<String, String> figures = new LinkedHashMap<>();
      figures.put("reservations", grouped(statement, "SELECT state, COUNT(*) FROM reservations GROUP BY state"));
      figures.put("committed reservations without a succeeded job", grouped(statement, "SELECT 'rows', COUNT(*) "
          + "FROM reservations r WHERE state = 'committed' AND NOT EXISTS (SELECT 1 FROM jobs j WHERE "
          + "j.reservation_id = r.id AND j.state = 'succeeded')"));
      figures.put("budget holds", grouped(statement, "SELECT state, COUNT(*) FROM budget_holds GROUP BY state"));
      figures.put("jobs", grouped(statement, "SELECT state, COUNT(*) FROM jobs GROUP BY state"));
      figures.put("failed jobs booked with a lost call's price", grouped(statement, "SELECT 'jobs', COUNT(*) "
          + "FROM jobs WHERE state = 'failed' AND cost_micros > 0"));
      figures.put("jobs per cache key", grouped(statement, "SELECT n || ' job(s)', COUNT(*) FROM (SELECT cache_key, "
          + "COUNT(*) AS n FROM jobs GROUP BY cache_key) k GROUP BY n"));
      figures.put("succeeded jobs per cache key", grouped(statement, "SELECT n || ' job(s)', COUNT(*) FROM (SELECT "
          + "cache_key, COUNT(*) AS n FROM jobs WHERE state = 'succeeded' GROUP BY cache_key) k GROUP BY n"));
      figures.put("work", grouped(statement, "SELECT state || ' (attempts ' || attempts || ')', COUNT(*) FROM work "
          + "GROUP BY state, attempts"));
      figures.put("owed answers", grouped(statement, "SELECT state, COUNT(*) FROM owed_deliveries GROUP BY state"));
      figures.put("flights", grouped(statement, "SELECT 'rows', COUNT(*) FROM flights"));
      figures.put("processes", grouped(statement, "SELECT role, COUNT(*) FROM processes GROUP BY role"));
      figures.forEach((what, rows) -> System.out.printf(Locale.ROOT, "  %s: %s%n", what, rows));
      summary.add("database: reservations " + figures.get("reservations") + "; budget holds "
          + figures.get("budget holds") + "; work " + figures.get("work") + "; jobs per cache key "
          + figures.get("jobs per cache key"));
    }
  }

  private static String grouped(Statement statement, String sql) throws SQLException {
    Map<String, Long> rows = new TreeMap<>();
    try (ResultSet row = statement.executeQuery(sql)) {
      while (row.next()) {
        rows.put(row.getString(1), row.getLong(2));
      }
    }
    return rows.toString();
  }

  private static EmbeddedPostgres postgres() throws IOException {
    return EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
  }

  private static String database(EmbeddedPostgres pg, String name) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement statement = c.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "?";
    }
  }
}
