package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.RequestIds;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.telegram.FakeBotApi;
import io.rolemarket.imagebot.telegram.TelegramAdapter;
import io.rolemarket.imagebot.telegram.TelegramSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One request id from the adapter through the core to the provider call and the delivery: two Telegram users ask
 * at once through the real telegrambots client and a loopback Bot API, and every log line of each request's work,
 * on whichever thread it ran, carries that request's id ({@code tg-<update id>}) and no other.
 */
class RequestIdLogTest {
  private final FakeBotApi api = new FakeBotApi();
  private final MockWebServer server = new MockWebServer();
  private final InMemoryStore store = new InMemoryStore();
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger ours = (Logger) LoggerFactory.getLogger("io.rolemarket");
  private Level before;
  private ImageBot bot;
  private TelegramAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(api);
    server.start(InetAddress.getLoopbackAddress(), 0);
    before = ours.getLevel();
    ours.setLevel(Level.INFO);
    lines.start();
    ours.addAppender(lines);
  }

  @AfterEach
  void stop() throws Exception {
    if (adapter != null) {
      adapter.close();
    }
    if (bot != null) {
      bot.close();
    }
    server.close();
    ours.detachAppender(lines);
    ours.setLevel(before);
  }

  @Test
  void twoUsersAtOnce_eachRequestsLinesCarryItsOwnId_fromReceiptToDelivery() throws Exception {
    // The provider runs on the router's threads; what it sees is what a provider client's log lines would carry.
    List<String> seenByProvider = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.003").latency(Duration.ofMillis(300));
    ImageProvider watched = new ImageProvider() {
      @Override
      public ProviderInfo info() {
        return flux.info();
      }

      @Override
      public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
        seenByProvider.add(String.valueOf(RequestIds.current()));
        return flux.generate(request, progress);
      }
    };
    bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(watched).build();
    adapter = TelegramAdapter.start(bot, store, TelegramSettings.of(FakeBotApi.TOKEN, server.url("/").toString()),
        new OkHttpClient());

    api.userSays(3001, 3001, "/generate lulu halloween");
    api.userSays(3002, 3002, "/generate lulu christmas --n 2");
    api.await(call -> call.method().equals("sendphoto"), 2, 15_000);
    waitForLine("delivered history entry", 2);

    Map<String, Set<String>> stagesById = new TreeMap<>();
    for (ILoggingEvent line : List.copyOf(lines.list)) {
      String id = line.getMDCPropertyMap().get(RequestIds.KEY);
      String stage = stage(line.getFormattedMessage());
      if (stage != null) {
        assertTrue(id != null && id.startsWith("tg-"), "a request's line without its id: " + line);
        stagesById.computeIfAbsent(id, key -> new TreeSet<>()).add(stage);
      }
    }
    assertEquals(2, stagesById.size(), stagesById.toString());
    for (Set<String> stages : stagesById.values()) {
      assertEquals(Set.of("received", "job opened", "provider answered", "job done", "delivered"), stages);
    }
    assertEquals(new TreeSet<>(stagesById.keySet()), new TreeSet<>(seenByProvider),
        "the provider calls ran as the requests that made them, the split ones too");
    assertEquals(3, seenByProvider.size(), "one call for the first, two for --n 2");
  }

  private static String stage(String message) {
    if (message.startsWith("/generate from telegram:")) {
      return "received";
    } else if (message.matches("job \\d+: lulu \\w+ for .*")) {
      return "job opened";
    } else if (message.startsWith("flux answered in")) {
      return "provider answered";
    } else if (message.matches("job \\d+: \\d picture\\(s\\) by flux in .*")) {
      return "job done";
    } else if (message.startsWith("delivered history entry")) {
      return "delivered";
    }
    return null;
  }

  private void waitForLine(String start, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (List.copyOf(lines.list).stream().filter(line -> line.getFormattedMessage().startsWith(start)).count() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + count + " lines starting '" + start + "' in " + lines.list);
      }
      Thread.sleep(20);
    }
  }
}
