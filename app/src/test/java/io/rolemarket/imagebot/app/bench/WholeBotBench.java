package io.rolemarket.imagebot.app.bench;

import io.rolemarket.imagebot.providers.hf.FakeHuggingFaceServer;
import io.rolemarket.imagebot.telegram.FakeBotApi;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;

/**
 * The whole bot as a process, measured against loopback Telegram and Hugging Face fakes: run with
 * {@code ./mvnw -B -q -Pbench verify -pl app -am -DskipTests} (see BENCHMARKS.md). The fake Bot API
 * referees Telegram's limits (429 for a second message to a chat within a second, or a 31st message
 * within a second). The bot runs with the JVM options of {@code ./imagebot}.
 */
public final class WholeBotBench {
  private static final String JVM_OPTIONS = "-XX:+UseSerialGC -Xms16m -Xmx96m -Xss512k -XX:MaxMetaspaceSize=96m "
      + "-XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+ExitOnOutOfMemoryError";

  private WholeBotBench() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "target/imagebot.jar").toAbsolutePath();
    Path work = Files.createTempDirectory("wholebot");
    FakeBotApi api = new FakeBotApi();
    api.enforceLimits();
    try (MockWebServer telegram = new MockWebServer(); FakeHuggingFaceServer huggingFace = new FakeHuggingFaceServer()) {
      telegram.setDispatcher(api);
      telegram.setServerSocketFactory(FakeBotApi.noDelayServerSockets());
      telegram.start(InetAddress.getLoopbackAddress(), 0);
      ProcessBuilder builder =
          BotLaunch.of(jar, work, JVM_OPTIONS, telegram.url("/").toString(), huggingFace.url().toString());
      long launched = System.nanoTime();
      Process bot = builder.start();
      try {
        waitForPolling(api);
        long ready = System.nanoTime();
        System.out.printf(Locale.ROOT, "bot ready (polling) %d ms after launch, RSS %d MiB%n",
            (ready - launched) / 1_000_000, rssKib(bot.pid(), "VmRSS") >> 10);

        int users = 100;
        long start = System.nanoTime();
        for (int user = 1; user <= users; user++) {
          api.userSays(user, user, "/generate lulu halloween variant " + user);
        }
        List<FakeBotApi.Call> photos = api.await(c -> c.method().equals("sendphoto"), users, 120_000);
        long wall = (System.nanoTime() - start) / 1_000_000;
        long messages = api.calls().stream().filter(c -> !c.method().equals("answercallbackquery")
            && !c.method().equals("sendchataction")).count();
        System.out.printf(Locale.ROOT, "100 users, 100 different prompts at once: %d photos delivered in %d ms; "
            + "%d messages sent in all (limit allows 30/s: at least %d ms); 429 answers: %d; HF calls: %d%n",
            photos.size(), wall, messages, messages * 1000 / 30, api.tooManyRequests(), huggingFace.calls().size());

        long[] sent = photos.stream().mapToLong(FakeBotApi.Call::atNanos).sorted().toArray();
        long[] gaps = new long[sent.length - 1];
        for (int i = 1; i < sent.length; i++) {
          gaps[i - 1] = sent[i] - sent[i - 1];
        }
        Arrays.sort(gaps);
        System.out.printf(Locale.ROOT, "  first photo %d ms after the burst, last %d ms; gap between photos p50 %.1f ms, "
            + "max %.1f ms%n", (sent[0] - start) / 1_000_000, (sent[sent.length - 1] - start) / 1_000_000,
            gaps[gaps.length / 2] / 1e6, gaps[gaps.length - 1] / 1e6);

        int providerCalls = huggingFace.calls().size();
        int uploadsBefore = (int) api.calls().stream().filter(c -> c.upload() != null).count();
        long[] latencies = new long[20];
        for (int i = 0; i < latencies.length; i++) {
          long chat = 1 + i;
          int updateId = api.nextUpdateId();
          int before = photos(api, chat);
          api.userSays(chat, chat, "/generate lulu halloween variant " + chat);
          while (photos(api, chat) == before) {
            Thread.sleep(1);
          }
          FakeBotApi.Call answer = api.calls().stream()
              .filter(c -> c.method().equals("sendphoto") && c.chatId() == chat).reduce((a, b) -> b).orElseThrow();
          latencies[i] = (answer.atNanos() - api.handedOutAt(updateId)) / 1000;
          Thread.sleep(1100);
        }
        Arrays.sort(latencies);
        int uploadsAfter = (int) api.calls().stream().filter(c -> c.upload() != null).count();
        System.out.printf(Locale.ROOT, "repeated prompts (20): extra provider calls %d, extra uploads %d; update handed "
            + "out -> photo sent: p50 %.1f ms, max %.1f ms%n", huggingFace.calls().size() - providerCalls,
            uploadsAfter - uploadsBefore, latencies[10] / 1000.0, latencies[19] / 1000.0);
        System.out.printf(Locale.ROOT, "bot process peak RSS (VmHWM): %d MiB; 429 answers in all: %d%n",
            rssKib(bot.pid(), "VmHWM") >> 10, api.tooManyRequests());
      } finally {
        bot.destroy();
        bot.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static void waitForPolling(FakeBotApi api) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (api.polls() == 0) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("the bot did not start polling");
      }
      Thread.sleep(10);
    }
  }

  private static int photos(FakeBotApi api, long chat) {
    return (int) api.calls().stream().filter(c -> c.method().equals("sendphoto") && c.chatId() == chat).count();
  }

  private static long rssKib(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
