package io.rolemarket.imagebot.app.bench;

import io.rolemarket.imagebot.providers.hf.FakeHuggingFaceServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.telegram.FakeBotApi;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mockwebserver3.MockWebServer;

/**
 * The jar tried as a hostile world would, against loopback Telegram and Hugging Face fakes (the scenarios
 * of the reliability issue): a provider outage and its end, a 429 storm, a flooding user, a repeated update,
 * a SIGKILL mid-work and a restart, a provider that hangs. Prints what users received and what the database
 * holds. Run with {@code ./mvnw -B -q -Phostile verify -pl app -am -DskipTests} (see BENCHMARKS.md); about
 * seven minutes, most of it the hanging provider's deadline. Names after the jar's path (outage, storm, flood,
 * repeat, kill, hang) run only those scenarios.
 */
public final class HostileBench {
  private static final String JVM_OPTIONS = "-XX:+UseSerialGC -Xms16m -Xmx96m -Xss512k -XX:MaxMetaspaceSize=96m "
      + "-XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";

  private HostileBench() {}

  /** One bot process (restartable on the same data) with its two fakes. */
  private static final class Bot implements AutoCloseable {
    final Path jar;
    final Path work;
    final FakeBotApi api = new FakeBotApi();
    final MockWebServer telegram = new MockWebServer();
    final FakeHuggingFaceServer huggingFace = new FakeHuggingFaceServer();
    Process process;

    Bot(Path jar) throws IOException {
      this.jar = jar;
      this.work = Files.createTempDirectory("hostile");
      telegram.setDispatcher(api);
      telegram.setServerSocketFactory(FakeBotApi.noDelayServerSockets());
      telegram.start(InetAddress.getLoopbackAddress(), 0);
    }

    Bot launch() throws IOException, InterruptedException {
      ProcessBuilder builder =
          BotLaunch.of(jar, work, JVM_OPTIONS, telegram.url("/").toString(), huggingFace.url().toString());
      int pollsBefore = api.polls();
      process = builder.start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (api.polls() == pollsBefore) {
        if (System.nanoTime() > end || !process.isAlive()) {
          throw new IllegalStateException("the bot did not start polling; see " + work.resolve("bot.log"));
        }
        Thread.sleep(10);
      }
      return this;
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    List<FakeBotApi.Call> to(long chat, Predicate<FakeBotApi.Call> match) {
      return api.calls().stream().filter(c -> c.chatId() == chat).filter(match).toList();
    }

    long photos(long chat) {
      return to(chat, c -> c.method().equals("sendphoto") && c.messageId() > 0).size();
    }

    /** Images charged to {@code user} (committed reservations), and reservations still held, from the database. */
    long[] charges(String userKey) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("var/imagebot.db"));
          Statement statement = c.createStatement();
          ResultSet charged = statement.executeQuery("SELECT COALESCE(SUM(charged), 0) FROM reservations WHERE "
              + "state = 'committed'" + (userKey == null ? "" : " AND user_key = '" + userKey + "'"))) {
        charged.next();
        long images = charged.getLong(1);
        try (ResultSet held = statement.executeQuery("SELECT COUNT(*) FROM reservations WHERE state = 'held'")) {
          held.next();
          return new long[] {images, held.getLong(1)};
        }
      }
    }

    @Override
    public void close() throws Exception {
      if (process != null && process.isAlive()) {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      huggingFace.close();
      telegram.close();
    }
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "target/imagebot.jar").toAbsolutePath();
    List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
    if (only.isEmpty() || only.contains("outage")) {
      outage(jar);
    }
    if (only.isEmpty() || only.contains("storm")) {
      storm(jar);
    }
    if (only.isEmpty() || only.contains("flood")) {
      flood(jar);
    }
    if (only.isEmpty() || only.contains("repeat")) {
      repeatedUpdate(jar);
    }
    if (only.isEmpty() || only.contains("kill")) {
      killed(jar);
    }
    if (only.isEmpty() || only.contains("hang")) {
      hanging(jar);
    }
  }

  private static void outage(Path jar) throws Exception {
    try (Bot bot = new Bot(jar)) {
      for (int i = 0; i < 10; i++) {
        bot.huggingFace.then(new FakeHuggingFaceServer.Status(503, "Service Unavailable"));
      }
      bot.launch();
      long start = System.nanoTime();
      bot.api.userSays(1, 1, "/generate lulu halloween outage one");
      bot.api.await(c -> c.chatId() == 1 && c.method().equals("sendmessage") && !c.text().startsWith("⏳"), 1, 60_000);
      bot.api.userSays(2, 2, "/generate lulu halloween outage two");
      bot.api.await(c -> c.chatId() == 2 && c.method().equals("sendmessage") && !c.text().startsWith("⏳"), 1, 60_000);
      bot.api.userSays(9, 9, "/providers");
      String providers = bot.api.await(c -> c.chatId() == 9 && c.method().equals("sendmessage"), 1, 10_000)
          .get(0).text();
      int callsBefore = bot.huggingFace.calls().size();
      long opened = System.nanoTime();
      String recovering = "";
      for (int asked = 2; recovering.isEmpty() && System.nanoTime() - opened < TimeUnit.SECONDS.toNanos(60); asked++) {
        Thread.sleep(1000);
        bot.api.userSays(9, 9, "/providers");
        String line = firstProvider(bot.api.await(c -> c.chatId() == 9 && c.method().equals("sendmessage"), asked,
            10_000).get(asked - 1).text());
        recovering = line.contains("recovering") ? line : "";
      }
      long halfOpenAfter = (System.nanoTime() - start) / 1_000_000_000L;
      bot.api.userSays(3, 3, "/generate lulu halloween outage three");
      boolean third = !bot.api.await(c -> c.chatId() == 3 && c.method().equals("sendphoto"), 1, 30_000).isEmpty();
      sleepUntil(start, Duration.ofSeconds(100));
      bot.api.userSays(4, 4, "/generate lulu halloween outage four");
      boolean fourth = !bot.api.await(c -> c.chatId() == 4 && c.method().equals("sendphoto"), 1, 30_000).isEmpty();
      int providersAsked = (int) bot.api.calls().stream().filter(c -> c.chatId() == 9).count();
      bot.api.userSays(9, 9, "/providers");
      String after = bot.api.await(c -> c.chatId() == 9 && c.method().equals("sendmessage"), providersAsked + 1,
          10_000).get(providersAsked).text();
      System.out.printf(Locale.ROOT, "outage: HF 10 x 503 then healthy; /providers during it: %s; half-open at "
          + "+%d s: %s; request then: %s, at +100 s: %s; HF calls after the outage: %d; /providers after: %s%n",
          firstProvider(providers), halfOpenAfter, recovering, third ? "picture" : "no picture",
          fourth ? "picture" : "no picture", bot.huggingFace.calls().size() - callsBefore, firstProvider(after));
    }
  }

  private static void storm(Path jar) throws Exception {
    try (Bot bot = new Bot(jar)) {
      bot.api.storm(0.4, 1, 3, 42);
      bot.launch();
      long start = System.nanoTime();
      for (int user = 1; user <= 20; user++) {
        bot.api.userSays(user, user, "/generate lulu halloween storm " + user);
      }
      bot.api.await(c -> c.method().equals("sendphoto") && c.messageId() > 0, 20, 120_000);
      long wall = (System.nanoTime() - start) / 1_000_000;
      Thread.sleep(2000);
      long delivered = 0;
      for (int user = 1; user <= 20; user++) {
        delivered += bot.photos(user) > 0 ? 1 : 0;
      }
      long[] charges = bot.charges(null);
      long couldNotSend = bot.api.calls().stream().filter(c -> c.text() != null
          && c.text().contains("could not send")).count();
      System.out.printf(Locale.ROOT, "429 storm: 40%% of sends refused with retry_after 1-3 s, 20 users: %d of 20 "
          + "delivered in %d ms; images charged %d, held %d; 'could not send' lines %d; 429s %d, retries before "
          + "retry_after %d%n", delivered, wall, charges[0], charges[1], couldNotSend, bot.api.stormRefusals(),
          bot.api.earlyRetries());
    }
  }

  private static void flood(Path jar) throws Exception {
    try (Bot bot = new Bot(jar)) {
      for (int i = 0; i < 1000; i++) {
        bot.huggingFace.then(new FakeScenario.SlowBody(Duration.ofSeconds(2)));
      }
      bot.launch();
      Thread flooder = Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 1000; i++) {
          bot.api.userSays(1, 1, "/generate lulu halloween flood " + i);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      Thread.sleep(1000);
      int quotaId = bot.api.nextUpdateId();
      bot.api.userSays(2, 2, "/quota");
      List<FakeBotApi.Call> quota = bot.api.await(c -> c.chatId() == 2 && c.method().equals("sendmessage"), 1, 60_000);
      String quotaTime = quota.isEmpty() ? "no answer within 60 s" : String.format(Locale.ROOT, "%.0f ms",
          (quota.get(0).atNanos() - bot.api.handedOutAt(quotaId)) / 1e6);
      bot.api.userSays(2, 2, "/generate lulu christmas");
      boolean otherPicture = !bot.api.await(c -> c.chatId() == 2 && c.method().equals("sendphoto"), 1, 60_000)
          .isEmpty();
      flooder.join();
      Thread.sleep(20_000);
      long[] charged = bot.charges("telegram:1");
      System.out.printf(Locale.ROOT, "flood: one user sends 200 /generate a second for 5 s: another user's /quota "
          + "%s, their /generate %s; the flooder got %d pictures and %d lines, was charged %d images; HF calls %d%n",
          quotaTime, otherPicture ? "delivered" : "not delivered", bot.photos(1),
          bot.to(1, c -> c.method().equals("sendmessage") && !c.text().startsWith("⏳")).size(), charged[0],
          bot.huggingFace.calls().size());
    }
  }

  private static void repeatedUpdate(Path jar) throws Exception {
    try (Bot bot = new Bot(jar)) {
      bot.launch();
      bot.api.userSaysTwice(1, 1, "/generate lulu halloween --fresh");
      bot.api.await(c -> c.chatId() == 1 && c.method().equals("sendphoto"), 1, 30_000);
      Thread.sleep(5000);
      System.out.printf(Locale.ROOT, "repeated update: the same update twice in one getUpdates answer (--fresh): "
          + "%d pictures, %d HF calls, %d images charged%n", bot.photos(1), bot.huggingFace.calls().size(),
          bot.charges("telegram:1")[0]);
    }
  }

  private static void killed(Path jar) throws Exception {
    try (Bot bot = new Bot(jar)) {
      for (int i = 0; i < 30; i++) {
        bot.huggingFace.then(new FakeScenario.SlowBody(Duration.ofSeconds(3)));
      }
      bot.launch();
      for (int user = 1; user <= 30; user++) {
        bot.api.userSays(user, user, "/generate lulu halloween killed " + user);
      }
      Thread.sleep(1500);
      bot.kill();
      long statusLines = bot.api.calls().stream().filter(c -> c.method().equals("sendmessage")
          && c.text() != null && c.text().startsWith("⏳")).count();
      bot.launch();
      Thread.sleep(20_000);
      int heard = 0;
      int pictures = 0;
      for (int user = 1; user <= 30; user++) {
        long photos = bot.photos(user);
        pictures += photos > 0 ? 1 : 0;
        heard += photos > 0 || !bot.to(user, c -> c.method().equals("sendmessage") && c.text() != null
            && c.text().contains("restarted")).isEmpty() ? 1 : 0;
      }
      long deleted = bot.api.calls().stream().filter(c -> c.method().equals("deletemessage")).count();
      long[] charges = bot.charges(null);
      System.out.printf(Locale.ROOT, "SIGKILL 1.5 s into 30 generations, then restart: %d of 30 users heard something "
          + "(%d got their picture); status lines shown before the kill %d, deletions %d; images charged %d, "
          + "reservations held %d%n", heard, pictures, statusLines, deleted, charges[0], charges[1]);
    }
  }

  private static void hanging(Path jar) throws Exception {
    try (Bot bot = new Bot(jar)) {
      for (int i = 0; i < 20; i++) {
        bot.huggingFace.then(new FakeScenario.SlowBody(Duration.ofMinutes(20)));
      }
      bot.launch();
      int id = bot.api.nextUpdateId();
      bot.api.userSays(1, 1, "/generate lulu halloween hanging");
      List<FakeBotApi.Call> line = bot.api.await(c -> c.chatId() == 1 && c.method().equals("sendmessage")
          && c.text() != null && !c.text().startsWith("⏳"), 1, 700_000);
      System.out.printf(Locale.ROOT, "hanging provider: %s%n", line.isEmpty() ? "no line within 700 s"
          : String.format(Locale.ROOT, "one line after %.1f s: %s", (line.get(0).atNanos() - bot.api.handedOutAt(id))
              / 1e9, line.get(0).text()));
    }
  }

  private static String firstProvider(String providers) {
    Map<String, String> lines = new HashMap<>();
    for (String line : providers.split("\n")) {
      if (line.contains(" flux ")) {
        lines.put("flux", line);
      }
    }
    return lines.getOrDefault("flux", providers.split("\n").length > 1 ? providers.split("\n")[1] : providers);
  }

  private static void sleepUntil(long start, Duration offset) throws InterruptedException {
    long wait = start + offset.toNanos() - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }
}
