package io.rolemarket.imagebot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.UpdateInbox;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.data.SqliteStore;
import io.rolemarket.imagebot.providers.sketch.SketchProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook mode with the real telegrambots client against the loopback Bot API and a real SQLite store: each update
 * is stored before Telegram gets its 200, handled once however often it comes, also by another process than the
 * one that received it, and after the death of the consumer that took it.
 */
class TelegramWebhookTest {
  private static final long ALICE = 1001;
  private static final long BOB = 1002;
  private static final String SECRET = "s3cret-Token_1";
  private static final String HOOK_PATH = "/telegram/hook";

  @TempDir Path dir;
  private final FakeBotApi api = new FakeBotApi();
  private final MockWebServer server = new MockWebServer();
  private final TestClock clock = TestClock.at(TestClocks.NOW);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @BeforeEach
  void start() throws Exception {
    savedErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    server.setDispatcher(api);
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : closeables.reversed()) {
      closeable.close();
    }
    server.close();
    http.close();
    System.setErr(savedErr);
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertFalse(logged.contains(FakeBotApi.TOKEN), "the token leaked into the logs:\n" + logged);
    assertFalse(logged.contains(SECRET), "the webhook secret leaked into the logs:\n" + logged);
    assertFalse(api.sawWrongToken());
  }

  @Test
  void webhook_sameUpdatePostedTwiceThenConcurrently_storedAndHandledOnce() throws Exception {
    SqliteStore store = store();
    TelegramAdapter adapter = adapter(store, store);
    String help = api.messageUpdateJson(ALICE, ALICE, "/help");

    assertEquals(200, post(adapter.webhookPort(), help));
    assertEquals(200, post(adapter.webhookPort(), help), "a retried update is acknowledged");
    List<CompletableFuture<HttpResponse<Void>>> retries = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      retries.add(postAsync(adapter.webhookPort(), help));
    }
    for (CompletableFuture<HttpResponse<Void>> retry : retries) {
      assertEquals(200, retry.get(5, TimeUnit.SECONDS).statusCode());
    }
    assertEquals(200, post(adapter.webhookPort(), api.messageUpdateJson(BOB, BOB, "/help")));

    // Bob's update was stored after every copy of Alice's, and the inbox is handed on oldest first.
    api.await(c -> c.method().equals("sendmessage") && c.chatId() == BOB, 1, 5_000);
    assertEquals(1, api.calls().stream().filter(c -> c.method().equals("sendmessage") && c.chatId() == ALICE).count(),
        "Alice's update was handled once");
    assertEquals(List.of(), store.take(WebhookReceiver.PLATFORM, 10, clock.instant().plus(Duration.ofDays(1)),
        Duration.ofSeconds(1)), "every stored update was marked done");
  }

  @Test
  void ingressOnly_updateIsHandledByTheHandlingAdapterOfAnotherProcessOnTheSameStore() throws Exception {
    SqliteStore edgeStore = store();
    SqliteStore leaderStore = store();
    TelegramIngress ingress = TelegramIngress.open(edgeStore, hook(), clock);
    closeables.add(ingress);
    assertTrue(ingress.address().getAddress().isLoopbackAddress());
    ImageBot bot = bot(leaderStore);
    closeables.add(bot);
    TelegramAdapter leader = TelegramAdapter.startHandling(bot, new TelegramAdapterTest.MemoryFileRefs(),
        leaderStore, settings(), new OkHttpClient());
    closeables.add(leader);
    assertEquals(-1, leader.webhookPort(), "the leader listens on no port of its own");

    assertEquals(200, post(ingress.port(), api.messageUpdateJson(ALICE, ALICE, "/help")));

    List<FakeBotApi.Call> answers = api.await(c -> c.method().equals("sendmessage") && c.chatId() == ALICE, 1, 5_000);
    assertEquals(1, answers.size(), "the leader found the update the edge stored, by polling the inbox");
    assertEquals(1, api.calls().stream().filter(c -> c.method().equals("setwebhook")).count(),
        "only the leader talks to the Bot API");
    assertEquals(401, post(ingress.port(), api.messageUpdateJson(ALICE, ALICE, "/help"), "wrong-secret"));
    assertTrue(leader.connected());
  }

  @Test
  void ingress_storeStillWriting_noAnswerUntilTheUpdateIsStored() throws Exception {
    ScriptedInbox inbox = new ScriptedInbox(store());
    inbox.holdPuts();
    TelegramIngress ingress = TelegramIngress.open(inbox, hook(), clock);
    closeables.add(ingress);

    CompletableFuture<HttpResponse<Void>> answer = postAsync(ingress.port(), api.messageUpdateJson(ALICE, ALICE, "/help"));

    assertTrue(inbox.putStarted.await(5, TimeUnit.SECONDS));
    assertThrows(TimeoutException.class, () -> answer.get(300, TimeUnit.MILLISECONDS),
        "answered before the update was stored");
    inbox.releasePuts();
    assertEquals(200, answer.get(5, TimeUnit.SECONDS).statusCode());
    assertEquals(1, inbox.take(WebhookReceiver.PLATFORM, 10, clock.instant(), Duration.ofSeconds(1)).size());
  }

  @Test
  void webhook_storeFails_answers500_andTheUpdateTelegramSendsAgainIsHandledOnce() throws Exception {
    SqliteStore store = store();
    ScriptedInbox inbox = new ScriptedInbox(store);
    inbox.failPuts(1);
    TelegramAdapter adapter = adapter(store, inbox);
    String help = api.messageUpdateJson(ALICE, ALICE, "/help");

    assertEquals(500, post(adapter.webhookPort(), help), "not stored: Telegram must send it again");
    assertEquals(200, post(adapter.webhookPort(), help));
    assertEquals(200, post(adapter.webhookPort(), help));

    api.await(c -> c.method().equals("sendmessage") && c.chatId() == ALICE, 1, 5_000);
    assertEquals(200, post(adapter.webhookPort(), api.messageUpdateJson(BOB, BOB, "/help")));
    api.await(c -> c.method().equals("sendmessage") && c.chatId() == BOB, 1, 5_000);
    assertEquals(1, api.calls().stream().filter(c -> c.method().equals("sendmessage") && c.chatId() == ALICE).count());
    assertTrue(logs.toString(StandardCharsets.UTF_8).contains("answered 500"));
  }

  @Test
  void consumerDiesAfterTakingABatch_theUpdatesAreHandledAfterTheRestartOnceTheClaimRunsOut() throws Exception {
    Path file = dir.resolve("bot.db");
    SqliteStore firstStore = SqliteStore.open(file, clock);
    ScriptedInbox dying = new ScriptedInbox(firstStore);
    dying.holdTakes();
    ImageBot firstBot = bot(firstStore);
    TelegramAdapter first = TelegramAdapter.start(firstBot, new TelegramAdapterTest.MemoryFileRefs(), dying,
        settings(), new OkHttpClient());
    assertEquals(200, post(first.webhookPort(), api.messageUpdateJson(ALICE, ALICE, "/help")));
    assertEquals(200, post(first.webhookPort(), api.messageUpdateJson(BOB, BOB, "/help")));

    dying.claimThenDie();
    assertTrue(dying.claimed.await(5, TimeUnit.SECONDS), "the consumer took the batch");
    first.close();
    firstBot.close();
    firstStore.close();
    assertEquals(0, api.calls().stream().filter(c -> c.method().equals("sendmessage")).count(),
        "the consumer died before handing the batch on");

    SqliteStore store = SqliteStore.open(file, clock);
    closeables.add(store);
    adapter(store, store);
    clock.advance(InboxConsumer.LEASE);

    List<FakeBotApi.Call> answers = api.await(c -> c.method().equals("sendmessage"), 2, 5_000);
    assertEquals(2, answers.size(), "both updates were handled after the restart");
    assertEquals(List.of(ALICE, BOB), answers.stream().map(FakeBotApi.Call::chatId).sorted().toList());
  }

  @Test
  void start_webhookWithoutAnInbox_orHandlingWithoutAWebhook_refused() {
    ImageBot bot = bot(store());
    closeables.add(bot);
    IllegalArgumentException noInbox = assertThrows(IllegalArgumentException.class, () -> TelegramAdapter.start(bot,
        new TelegramAdapterTest.MemoryFileRefs(), settings(), new OkHttpClient()));
    assertTrue(noInbox.getMessage().contains("UpdateInbox"), noInbox.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TelegramAdapter.startHandling(bot,
        new TelegramAdapterTest.MemoryFileRefs(), store(), TelegramSettings.of(FakeBotApi.TOKEN, server.url("/")
            .toString()), new OkHttpClient()));
    assertEquals(List.of(), api.calls(), "refused before calling the Bot API");
  }

  private SqliteStore store() {
    SqliteStore store = SqliteStore.open(dir.resolve("bot.db"), clock);
    closeables.add(store);
    return store;
  }

  private ImageBot bot(BotStore store) {
    Catalog catalog = Catalog.builtIn();
    return ImageBot.builder().clock(clock).catalog(catalog).provider(new SketchProvider(catalog)).store(store).build();
  }

  /** A receiving and handling adapter on its own port, its bot on {@code store}, its updates in {@code inbox}. */
  private TelegramAdapter adapter(BotStore store, UpdateInbox inbox) throws Exception {
    ImageBot bot = bot(store);
    closeables.add(bot);
    TelegramAdapter adapter = TelegramAdapter.start(bot, new TelegramAdapterTest.MemoryFileRefs(), inbox,
        settings(), new OkHttpClient());
    closeables.add(adapter);
    return adapter;
  }

  private TelegramSettings settings() {
    return TelegramSettings.of(FakeBotApi.TOKEN, server.url("/").toString()).withWebhook(hook());
  }

  private static TelegramSettings.Webhook hook() {
    return new TelegramSettings.Webhook("https://bot.example" + HOOK_PATH, SECRET, 0);
  }

  private int post(int port, String body) throws Exception {
    return post(port, body, SECRET);
  }

  private int post(int port, String body, String secret) throws Exception {
    return http.send(request(port, body, secret), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private CompletableFuture<HttpResponse<Void>> postAsync(int port, String body) {
    return http.sendAsync(request(port, body, SECRET), HttpResponse.BodyHandlers.discarding());
  }

  private static HttpRequest request(int port, String body, String secret) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + HOOK_PATH))
        .header("X-Telegram-Bot-Api-Secret-Token", secret).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /**
   * An inbox over a real one that plays a script: puts held until released or failing a number of times, takes
   * answering nothing until told to claim a batch and then die (every later take fails). Safe for concurrent use.
   */
  static final class ScriptedInbox implements UpdateInbox {
    private final UpdateInbox inbox;
    final CountDownLatch putStarted = new CountDownLatch(1);
    final CountDownLatch claimed = new CountDownLatch(1);
    private final CountDownLatch putGate = new CountDownLatch(1);
    private volatile boolean holdingPuts;
    private volatile int failingPuts;
    private volatile boolean holdingTakes;
    private volatile boolean dying;

    ScriptedInbox(UpdateInbox inbox) {
      this.inbox = inbox;
    }

    void holdPuts() {
      holdingPuts = true;
    }

    void releasePuts() {
      putGate.countDown();
    }

    void failPuts(int count) {
      failingPuts = count;
    }

    void holdTakes() {
      holdingTakes = true;
    }

    void claimThenDie() {
      dying = true;
    }

    @Override
    public boolean put(String platform, String eventId, String payload, Instant at) {
      putStarted.countDown();
      if (failingPuts > 0) {
        failingPuts--;
        throw new IllegalStateException("the database is gone");
      }
      if (holdingPuts) {
        try {
          assertTrue(putGate.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return inbox.put(platform, eventId, payload, at);
    }

    @Override
    public List<Inboxed> take(String platform, int max, Instant now, Duration lease) {
      if (dying) {
        if (claimed.getCount() > 0) {
          inbox.take(platform, max, now, lease);
          claimed.countDown();
        }
        throw new IllegalStateException("killed after taking a batch");
      }
      return holdingTakes ? List.of() : inbox.take(platform, max, now, lease);
    }

    @Override
    public void done(String platform, String eventId, Instant at) {
      inbox.done(platform, eventId, at);
    }

    @Override
    public int forgetHandledBefore(Instant before) {
      return inbox.forgetHandledBefore(before);
    }
  }
}
