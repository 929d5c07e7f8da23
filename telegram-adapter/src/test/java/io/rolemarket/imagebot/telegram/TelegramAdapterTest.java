package io.rolemarket.imagebot.telegram;

import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.DeliveryLog;
import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.web.WebSettings;
import java.net.URI;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.store.FileRefs;
import io.rolemarket.imagebot.core.store.EventLog;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.providers.sketch.SketchProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real telegrambots code against a loopback Bot API, with the real core behind it. */
class TelegramAdapterTest {
  private static final long ALICE = 1001;
  private static final long BOB = 1002;

  private final FakeBotApi api = new FakeBotApi();
  private final MockWebServer server = new MockWebServer();
  private final InMemoryStore store = new InMemoryStore();
  private final FileRefs refs = new MemoryFileRefs();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream savedErr;

  /** FileRefs in memory. */
  static final class MemoryFileRefs implements FileRefs {
    private final Map<String, String> ids = new ConcurrentHashMap<>();

    @Override
    public Optional<String> fileId(String platform, String sha256) {
      return Optional.ofNullable(ids.get(platform + "/" + sha256));
    }

    @Override
    public void rememberFileId(String platform, String sha256, String fileId) {
      ids.put(platform + "/" + sha256, fileId);
    }
  }

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
    System.setErr(savedErr);
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertFalse(logged.contains(FakeBotApi.TOKEN), "the token leaked into the logs:\n" + logged);
    assertFalse(api.sawWrongToken());
  }

  private TelegramAdapter adapter(ImageBot bot, TelegramSettings settings) throws Exception {
    closeables.add(bot);
    OkHttpClient http = new OkHttpClient();
    TelegramAdapter adapter = TelegramAdapter.start(bot, refs, store, settings, http);
    closeables.add(adapter);
    return adapter;
  }

  private static TelegramSettings fastEdits(String url) {
    return new TelegramSettings(FakeBotApi.TOKEN, url, Duration.ofMillis(1050), Duration.ofMillis(3100),
        Duration.ofMillis(40), Duration.ofMillis(400), Duration.ofMillis(800), null);
  }

  private ImageBot sketchBot() {
    return sketchBot(BotMetrics.none());
  }

  private ImageBot sketchBot(BotMetrics metrics) {
    Catalog catalog = Catalog.builtIn();
    return ImageBot.builder().clock(TestClocks.FIXED).catalog(catalog).provider(new SketchProvider(catalog)).store(store)
        .metrics(metrics).build();
  }

  private String url() {
    return server.url("/").toString();
  }

  @Test
  void warmUp_readsAndWritesTelegramsTypesWithoutCallingIt() {
    assertTrue(TelegramAdapter.warmUp());
    assertEquals(0, api.calls().size() + api.polls(), "no call to Telegram");
  }

  @Test
  void connected_startedThenClosed_trueThenFalse() throws Exception {
    TelegramAdapter adapter = adapter(sketchBot(), TelegramSettings.of(FakeBotApi.TOKEN, url()));

    assertTrue(adapter.connected(), "polling runs once start returns");
    adapter.close();
    assertFalse(adapter.connected(), "a closed adapter is not connected");
  }

  @Test
  void start_registersTheCommandMenuInEnglishAndForChineseClients() throws Exception {
    adapter(sketchBot(), TelegramSettings.of(FakeBotApi.TOKEN, url()));

    List<com.fasterxml.jackson.databind.JsonNode> menus = api.commandLists();
    assertEquals(2, menus.size(), menus.toString());
    assertTrue(menus.get(0).path("language_code").isMissingNode(), "English is every client's default");
    assertEquals("generate", menus.get(0).path("commands").get(0).path("command").asText());
    assertEquals("Make a picture: /generate lulu halloween",
        menus.get(0).path("commands").get(0).path("description").asText());
    assertEquals("zh", menus.get(1).path("language_code").asText());
    assertEquals("generate", menus.get(1).path("commands").get(0).path("command").asText(), "names stay English");
    assertEquals("畫一幅圖：/generate lulu 萬聖節", menus.get(1).path("commands").get(0).path("description").asText());
    assertEquals(menus.get(0).path("commands").size(), menus.get(1).path("commands").size());
  }

  @Test
  void chineseClient_answeredInChineseUntilLangEn_thenInEnglishKeptInTheStore() throws Exception {
    adapter(sketchBot(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userLanguage(ALICE, "zh-hant");

    api.userSays(ALICE, ALICE, "/quota");
    assertTrue(api.await(c -> c.method().equals("sendmessage"), 1, 15_000).get(0).text().startsWith("限額"));
    api.userSays(ALICE, ALICE, "/lang en");
    assertEquals("I will answer you in English.",
        api.await(c -> c.method().equals("sendmessage"), 2, 15_000).get(1).text());
    api.userSays(ALICE, ALICE, "/quota");
    assertTrue(api.await(c -> c.method().equals("sendmessage"), 3, 15_000).get(2).text().startsWith("Quota ("));
    assertEquals(Optional.of(io.rolemarket.imagebot.core.i18n.Lang.EN), store.language("telegram:" + ALICE));
  }

  @Test
  void generate_deliversADecodablePhoto_thenTheRepeatSendsItsFileId() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TelegramAdapter adapter = adapter(sketchBot(BotMetrics.on(registry)), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    assertEquals("RoleMarketBot", adapter.username());

    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    FakeBotApi.Call first = api.await(c -> c.method().equals("sendphoto"), 1, 15_000).get(0);
    assertNotNull(first.upload(), "the first answer uploads the picture");
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(first.upload()));
    assertTrue(picture.getWidth() >= 512, "decodes at " + picture.getWidth());
    assertTrue(first.text().startsWith("Lulu Pig · Halloween · Sketch (offline demo)"), first.text());
    assertTrue(first.replyMarkup().contains("Regenerate"), first.replyMarkup());

    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    FakeBotApi.Call second = api.await(c -> c.method().equals("sendphoto"), 2, 15_000).get(1);
    assertNull(second.upload(), "a repeat uploads no bytes");
    assertEquals("F1", second.photo());
    assertTrue(second.text().contains("from cache"), second.text());
    // Counted once Telegram has answered the send, which the fake recorded just before.
    Counter fileIds = registry.counter("imagebot.cache.answers", "tier", "telegram_file_id");
    for (long deadline = System.nanoTime() + 15_000_000_000L; fileIds.count() < 1 && System.nanoTime() < deadline; ) {
      Thread.sleep(5);
    }
    assertEquals(1, fileIds.count(), "the repeat is counted as answered from Telegram's copy");
    assertEquals(1, registry.counter("imagebot.cache.answers", "tier", "memory").count());

  }

  @Test
  void budgetPassingHalf_eachAdminGetsOneDirectMessage_othersNone() throws Exception {
    store.setRole("telegram:" + BOB, io.rolemarket.imagebot.core.Role.ADMIN);
    store.setRole("discord:77", io.rolemarket.imagebot.core.Role.ADMIN);
    Catalog catalog = Catalog.builtIn();
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).catalog(catalog).store(store)
        .provider(io.rolemarket.imagebot.core.testing.ScriptedProvider.named("flux", "0.0012"))
        .monthlyBudget(new BigDecimal("0.002")).build();
    adapter(bot, TelegramSettings.of(FakeBotApi.TOKEN, url()));

    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    FakeBotApi.Call warning = api.await(c -> c.method().equals("sendmessage") && c.chatId() == BOB, 1, 15_000).get(0);
    assertEquals("⚠️ The image budget for November 2026 has passed 50 %: $0.0012 of $0.002 spent. /stats shows the "
        + "spend.", warning.text());
    api.await(c -> c.method().equals("sendphoto"), 1, 15_000);
    api.userSays(ALICE, ALICE, "/generate lulu christmas");
    api.await(c -> c.method().equals("sendmessage") && c.chatId() == BOB, 2, 15_000);
    List<String> toBob = api.calls().stream().filter(c -> c.chatId() == BOB).map(FakeBotApi.Call::text).toList();
    assertEquals(2, toBob.size(), "50 %, then used up (nothing left fits): " + toBob);
    assertTrue(toBob.get(1).contains("is used up"), toBob.get(1));
    assertTrue(api.calls().stream().filter(c -> c.chatId() == ALICE).noneMatch(c -> c.text().contains("⚠️")),
        "the asker is no admin");
  }

  @Test
  void generate_sameUpdateTwiceInOneAnswer_onePictureOneCallOneCharge() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(300));
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(), TelegramSettings.of(FakeBotApi.TOKEN, url()));

    api.userSaysTwice(ALICE, ALICE, "/generate lulu halloween --fresh");
    api.userSays(ALICE, ALICE, "/quota");
    api.await(c -> c.method().equals("sendmessage") && c.text().contains("left today"), 1, 15_000);
    api.await(c -> c.method().equals("sendphoto"), 1, 15_000);
    Thread.sleep(1500);
    assertEquals(1, api.calls().stream().filter(c -> c.method().equals("sendphoto")).count(), "one picture");
    assertEquals(1, flux.calls(), "one provider call");
    assertEquals(1, store.usage("telegram:" + ALICE, TestClocks.NOW).today(),
        "one charge");
  }

  @Test
  void flood_oneUserSends200Generates_othersAreServedAndTheFlooderIsChargedOnlyForWhatTheyGet() throws Exception {
    // Before: another user's /quota got no answer within 60 s, and the flooding user was charged 15 pictures
    // and received none.
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofSeconds(2));
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    for (int i = 0; i < 200; i++) {
      api.userSays(ALICE, ALICE, "/generate lulu halloween flood" + i);
    }
    Thread.sleep(300);
    long asked = System.nanoTime();
    api.userSays(BOB, BOB, "/quota");
    api.userSays(BOB, BOB, "/generate lulu christmas");
    FakeBotApi.Call quota = api.await(c -> c.chatId() == BOB && c.method().equals("sendmessage")
        && c.text().contains("left today"), 1, 10_000).get(0);
    long quotaMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
    assertTrue(quotaMillis < 2_000, "Bob's /quota took " + quotaMillis + " ms");
    api.await(c -> c.chatId() == BOB && c.method().equals("sendphoto"), 1, 15_000);

    // The warning is the last thing Alice's commands queue; then every admitted picture is delivered (each
    // chat gets one message a second).
    api.await(c -> c.chatId() == ALICE && c.text() != null && c.text().contains("faster than I can take"), 1,
        30_000);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end && (store.heldReservations() > 0 || api.calls().stream().filter(
        c -> c.chatId() == ALICE && c.method().equals("sendphoto")).count()
        < store.usage("telegram:" + ALICE, TestClocks.NOW).today())) {
      Thread.sleep(100);
    }
    Thread.sleep(1_500);
    List<FakeBotApi.Call> toAlice = api.calls().stream().filter(c -> c.chatId() == ALICE).toList();
    long photos = toAlice.stream().filter(c -> c.method().equals("sendphoto")).count();
    long lines = toAlice.stream().filter(c -> c.method().equals("sendmessage")).count();
    assertTrue(photos >= 1 && photos <= 8, photos + " pictures for the flood's first commands");
    assertTrue(lines <= 8, "the flooder got " + lines + " lines, not one per command");
    assertTrue(flux.calls() <= 9, flux.calls() + " provider calls for a flood");
    assertEquals(photos, store.usage("telegram:" + ALICE, TestClocks.NOW).today(),
        () -> "charged exactly for the pictures delivered; Alice got " + toAlice.stream()
            .map(c -> c.method() + ":" + c.text()).toList() + ", flux calls " + flux.calls());
    assertEquals(0, store.heldReservations());
  }

  @Test
  void restart_afterACrashMidWork_deliversWhatWasMadeAndTellsWhatWasRefunded() throws Exception {
    // Before: after a SIGKILL mid-work all users heard nothing and status lines stayed on "⏳" for ever.
    // The store as a crashed run leaves it (and as the SQLite store's start-up reconciliation settles it):
    // Alice's job had made its picture (finished and charged), Bob's had not (refunded).
    UserRef alice = UserRef.of("telegram", Long.toString(ALICE), "alice");
    long aliceOwed = store.owe(new DeliveryLog.Owed(0, "telegram", Long.toString(ALICE), alice.key(),
        "lulu halloween", "/generate lulu halloween --ar 16:9", "", TestClocks.NOW));
    store.showStatus(aliceOwed, "77");
    Reservation.Held held = (Reservation.Held) store.reserve(alice.key(), 1, new QuotaLimits(10, 100), TestClocks.NOW);
    long job = store.open(new JobTicket(alice.key(), "lulu", "halloween", "k", "Lulu at Halloween", "flux",
        held.id(), 1, TestClocks.NOW));
    store.serveBy(aliceOwed, job);
    StoredImage picture = store.put(ScriptedProvider.image(3), "Lulu at Halloween", "flux");
    store.finish(job, new HistoryEntry(0, alice.key(), "lulu", "halloween", "Lulu at Halloween", "flux",
        new java.math.BigDecimal("0.0012"), Duration.ofSeconds(9), false, List.of(picture), TestClocks.NOW));
    long bobOwed = store.owe(new DeliveryLog.Owed(0, "telegram", Long.toString(BOB), "telegram:" + BOB,
        "lulu christmas", "/generate lulu christmas", "", TestClocks.NOW));
    store.showStatus(bobOwed, "78");

    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));

    FakeBotApi.Call photo = api.await(c -> c.chatId() == ALICE && c.method().equals("sendphoto"), 1, 15_000).get(0);
    assertTrue(photo.text().startsWith("Lulu Pig · Halloween"), photo.text());
    assertTrue(photo.replyMarkup().contains("Regenerate"), photo.replyMarkup());
    FakeBotApi.Call told = api.await(c -> c.chatId() == BOB && c.method().equals("sendmessage"), 1, 15_000).get(0);
    assertTrue(told.text().contains("restarted while making lulu christmas") && told.text().contains("Nothing was "
        + "charged"), told.text());
    assertTrue(told.replyMarkup().contains("Try again"), told.replyMarkup());
    List<FakeBotApi.Call> deleted = api.await(c -> c.method().equals("deletemessage"), 2, 15_000);
    assertEquals(2, deleted.size(), "both frozen status lines are cleared");
    for (int i = 0; i < 50 && !store.owed("telegram").isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertEquals(List.of(), store.owed("telegram"), "nothing is owed any more");
    assertEquals(0, flux.calls());

    // 🔁 under the notice asks again, with the request's own options.
    String data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(told.replyMarkup())
        .path("inline_keyboard").get(0).get(0).path("callback_data").asText();
    api.userPresses(BOB, BOB, data);
    api.await(c -> c.chatId() == BOB && c.method().equals("sendphoto"), 1, 15_000);
    assertEquals(1, flux.calls());
    assertTrue(flux.requests().get(0).prompt().toLowerCase().contains("christmas"));
  }

  @Test
  void generate_chatBlockedTheBotMeanwhile_pictureRefundedNotRetriedForEver() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(1500))
        .typically(Duration.ofSeconds(10));
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    api.await(c -> c.chatId() == ALICE && c.method().equals("sendmessage"), 1, 10_000);
    api.userBlocksTheBot(ALICE);
    api.await(c -> c.chatId() == ALICE && c.method().equals("sendphoto"), 1, 15_000);
    for (int i = 0; i < 50 && store.usage("telegram:" + ALICE, TestClocks.NOW).today() > 0; i++) {
      Thread.sleep(100);
    }
    assertEquals(1, flux.calls());
    assertEquals(0, store.usage("telegram:" + ALICE, TestClocks.NOW).today(), "nobody saw it: quota given back");
    Thread.sleep(1500);
    assertEquals(1, api.calls().stream().filter(c -> c.method().equals("sendphoto")).count(), "not sent again");
  }

  @Test
  void forgedPresses_onesOwnResult_changeNothingAndGetOneLine() throws Exception {
    // A client chooses its callback data: a non-reviewer's forged vote must not make the bot remember their
    // message as the design's review post, and a forged U1 on a FLUX result is refused, not an error.
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    FakeBotApi.Call photo = api.await(c -> c.method().equals("sendphoto"), 1, 15_000).get(0);
    String token = photo.replyMarkup().replaceAll(".*\"rg:([A-Za-z0-9]+)\".*", "$1");

    api.userPresses(ALICE, ALICE, "ra:1");
    api.await(c -> c.method().equals("answercallbackquery"), 1, 5_000);
    assertEquals(Optional.empty(), store.post(1, "telegram"), "no review post remembered from a forged press");
    api.userPresses(ALICE, ALICE, "xU1:" + token);
    FakeBotApi.Call refused = api.await(c -> c.chatId() == ALICE && c.method().equals("sendmessage")
        && c.text().contains("U1"), 1, 10_000).get(0);
    assertTrue(refused.text().contains("offers no U1") && refused.text().contains("Nothing was charged"),
        refused.text());
    Thread.sleep(300);
    assertTrue(api.calls().stream().noneMatch(c -> c.text() != null && c.text().contains("could not send")));
    assertEquals(1, flux.calls());
    List<String> answers = api.calls().stream().filter(c -> c.method().equals("answercallbackquery"))
        .map(FakeBotApi.Call::callbackText).toList();
    assertEquals("Only reviewers can vote.", answers.get(0));
  }

  @Test
  void updateWithoutAChat_isIgnoredQuietly() throws Exception {
    adapter(sketchBot(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.queueRaw("{\"update_id\": " + api.takeUpdateId() + ", \"channel_post\": {\"message_id\": 5, \"date\": 1700000000, "
        + "\"chat\": {\"id\": -1009, \"type\": \"channel\"}, \"text\": \"/generate lulu halloween\"}}");
    api.queueRaw("{\"update_id\": " + api.takeUpdateId() + ", \"inline_query\": {\"id\": \"q1\", \"from\": {\"id\": 5, "
        + "\"is_bot\": false, \"first_name\": \"Eve\"}, \"query\": \"lulu\", \"offset\": \"\"}}");
    api.userSays(ALICE, ALICE, "/help");
    api.await(c -> c.chatId() == ALICE && c.method().equals("sendmessage"), 1, 10_000);
    Thread.sleep(300);
    assertEquals(1, api.calls().stream().filter(c -> c.method().startsWith("send")).count(), "only /help answered");
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertFalse(logged.contains("ERROR") || logged.contains("NullPointerException"), logged);
  }

  @Test
  void generate_whileRunning_isOwedAndSettledOnceDelivered() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(2500));
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(), fastEdits(url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween --ar 16:9");
    FakeBotApi.Call statusLine = api.await(c -> c.chatId() == ALICE && c.method().equals("sendmessage")
        && c.text().startsWith("⏳"), 1, 10_000).get(0);
    Thread.sleep(300);
    List<DeliveryLog.Left> owed = store.owed("telegram");
    assertEquals(1, owed.size(), "owed while it runs");
    assertEquals("/generate lulu halloween --ar 16:9", owed.get(0).owed().command());
    assertEquals(Integer.toString(statusLine.messageId()), owed.get(0).owed().statusRef());
    api.await(c -> c.chatId() == ALICE && c.method().equals("sendphoto"), 1, 15_000);
    Thread.sleep(300);
    assertEquals(List.of(), store.owed("telegram"), "settled once delivered");
  }

  /**
   * A leader killed after Telegram took a picture but before its owed answer was settled leaves the answer owed, and
   * the next leader sends it again: the settling comes the moment Telegram confirms the photo, before anything else
   * is written (here the new file_id, held back until the check is done).
   */
  @Test
  void generate_answerIsSettledTheMomentTelegramTakesThePhoto() throws Exception {
    CountDownLatch remembering = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FileRefs heldBack = new FileRefs() {
      @Override
      public Optional<String> fileId(String platform, String sha256) {
        return Optional.empty();
      }

      @Override
      public void rememberFileId(String platform, String sha256, String fileId) {
        remembering.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).provider(ScriptedProvider.named("flux", "0.0012"))
        .store(store).build();
    closeables.add(bot);
    closeables.add(TelegramAdapter.start(bot, heldBack, store, TelegramSettings.of(FakeBotApi.TOKEN, url()),
        new OkHttpClient()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    try {
      assertTrue(remembering.await(15, TimeUnit.SECONDS), "the photo was sent");
      assertEquals(1, api.calls().stream().filter(c -> c.method().equals("sendphoto")).count());
      assertEquals(List.of(), store.owed("telegram"), "settled while the file_id is still being written");
    } finally {
      release.countDown();
    }
  }

  @Test
  void generate_updateRepeatedAfterARestart_isNotHandledAgain() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    TelegramAdapter first = adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    String update = api.messageUpdateJson(ALICE, ALICE, "/generate lulu halloween --fresh");
    api.queueRaw(update);
    api.await(c -> c.method().equals("sendphoto"), 1, 15_000);
    first.close();

    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.queueRaw(update);
    api.userSays(ALICE, ALICE, "/quota");
    api.await(c -> c.method().equals("sendmessage") && c.text().contains("left today"), 1, 15_000);
    assertEquals(1, api.calls().stream().filter(c -> c.method().equals("sendphoto")).count());
    assertEquals(1, flux.calls());
  }

  @Test
  void generate_updateTakenByAnEdgeThatStoppedBeforeHandlingIt_isHandledByTheNextOnce() throws Exception {
    // What the scale run lost (issue 20): an edge wrote the updates of a getUpdates answer as seen and was killed
    // before its lanes handled them; no answer was owed, and the next edge dropped Telegram's repeat as seen.
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    String update = api.messageUpdateJson(ALICE, ALICE, "/generate lulu halloween");
    String updateId = Integer.toString(api.nextUpdateId() - 1);
    store.received("telegram", List.of(new EventLog.Received(updateId, update)), TestClocks.NOW); // then SIGKILL

    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.queueRaw(update); // never confirmed by the dead edge: Telegram hands it out again
    api.await(c -> c.method().equals("sendphoto"), 1, 15_000);
    api.userSays(ALICE, ALICE, "/quota");
    api.await(c -> c.method().equals("sendmessage") && c.text().contains("left today"), 1, 15_000);

    assertEquals(1, api.calls().stream().filter(c -> c.method().equals("sendphoto")).count(), "delivered once");
    assertEquals(1, flux.calls());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!store.unhandled("telegram").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of(), store.unhandled("telegram"), "every update handled, the /quota too");
  }

  @Test
  void quickWork_showsNoStatusLine_butWorkRunningPastItsExpectedTime_does() throws Exception {
    // The provider is known to answer in about a second: a status line would only hold the picture back.
    ScriptedProvider quick = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(1500));
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(quick).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    api.await(c -> c.chatId() == ALICE && c.method().equals("sendphoto"), 1, 15_000);
    assertEquals(List.of(), api.calls().stream().filter(c -> c.chatId() == ALICE && !c.method().equals("sendphoto")
        && !c.method().equals("getupdates")).map(FakeBotApi.Call::method).toList(), "nothing but the picture");

    // The same provider taking four seconds this time: the user hears that it is still being made.
    quick.latency(Duration.ofMillis(4000));
    api.userSays(BOB, BOB, "/generate lulu christmas");
    api.await(c -> c.chatId() == BOB && c.method().equals("sendphoto"), 1, 15_000);
    List<FakeBotApi.Call> bobs = api.calls().stream().filter(c -> c.chatId() == BOB).toList();
    assertTrue(bobs.stream().anyMatch(c -> c.method().equals("sendmessage") && c.text().startsWith("⏳")),
        bobs.toString());
  }

  @Test
  void noStatusChange_inTheSecondBeforeTheExpectedAnswer() throws Exception {
    ScriptedProvider slow = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(5000))
        .typically(Duration.ofSeconds(5)).progressEvery(Duration.ofMillis(50));
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(slow).store(store).build(), fastEdits(url()));

    api.userSays(ALICE, ALICE, "/generate lulu christmas");
    FakeBotApi.Call photo = api.await(c -> c.method().equals("sendphoto"), 1, 15_000).get(0);

    List<FakeBotApi.Call> status = api.calls().stream().filter(c -> c.method().equals("sendmessage")
        || c.method().equals("editmessagetext")).toList();
    assertTrue(status.size() >= 2, "the status showed and changed while the picture was made: " + status.size());
    for (FakeBotApi.Call call : status) {
      assertTrue(photo.atNanos() - call.atNanos() >= TimeUnit.MILLISECONDS.toNanos(1000), call.method() + " "
          + Duration.ofNanos(photo.atNanos() - call.atNanos()).toMillis() + " ms before the picture");
    }
  }

  @Test
  void slowProvider_statusMessageEditedAtACoalescedPace() throws Exception {
    ScriptedProvider slow = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofMillis(6000))
        .typically(Duration.ofSeconds(6)).progressEvery(Duration.ofMillis(50));
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).provider(slow).store(store).build();
    adapter(bot, fastEdits(url()));

    api.userSays(ALICE, ALICE, "/generate lulu christmas");
    api.await(c -> c.method().equals("sendphoto"), 1, 15_000);

    List<FakeBotApi.Call> edits = api.calls().stream().filter(c -> c.method().equals("editmessagetext")).toList();
    assertTrue(edits.size() >= 2, "edited " + edits.size() + " times");
    assertTrue(edits.size() <= 8, "120 progress reports became " + edits.size() + " edits");
    for (int i = 1; i < edits.size(); i++) {
      long gap = Duration.ofNanos(edits.get(i).atNanos() - edits.get(i - 1).atNanos()).toMillis();
      assertTrue(gap >= 390, "edits " + gap + " ms apart");
    }
    assertTrue(edits.stream().anyMatch(c -> c.text().contains("flux")), edits.toString());
    assertTrue(api.calls().stream().anyMatch(c -> c.method().equals("sendmessage") && c.text().startsWith("⏳ lulu")));
    api.await(c -> c.method().equals("deletemessage"), 1, 5_000);
  }

  @Test
  void buttons_ownerRegenerates_othersAreToldNo_expiredSaysSo() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    FakeBotApi.Call photo = api.await(c -> c.method().equals("sendphoto"), 1, 15_000).get(0);
    String regenerate = photo.replyMarkup().replaceAll(".*\"(rg:[A-Za-z0-9]+)\".*", "$1");
    assertTrue(regenerate.startsWith("rg:"), photo.replyMarkup());

    api.userPresses(ALICE, BOB, regenerate);
    api.await(c -> c.method().equals("answercallbackquery"), 1, 5_000);
    api.userPresses(ALICE, ALICE, "rg:NoSuchToken");
    api.await(c -> c.method().equals("answercallbackquery"), 2, 5_000);
    api.userPresses(ALICE, ALICE, regenerate);
    api.await(c -> c.method().equals("sendphoto"), 2, 15_000);

    List<String> answers = api.calls().stream().filter(c -> c.method().equals("answercallbackquery"))
        .map(FakeBotApi.Call::callbackText).toList();
    assertEquals(List.of("Only the person who asked can use these buttons.",
        "This button has expired — send /generate again.", "Regenerating…"), answers);
    assertEquals(2, flux.calls(), "regenerate skips the cache");
  }

  @Test
  void buttons_underAResentPicture_keepTheOriginalOptions_andWorkAfterARestart() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ImageBot first = ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build();
    TelegramAdapter running = adapter(first, TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween pumpkins --ar 3:4 --seed 7");
    api.await(c -> c.method().equals("sendphoto"), 1, 15_000);
    api.userSays(ALICE, ALICE, "/resend " + store.recent("telegram:" + ALICE, 1).get(0).id());
    FakeBotApi.Call resent = api.await(c -> c.method().equals("sendphoto"), 2, 15_000).get(1);
    String regenerate = resent.replyMarkup().replaceAll(".*\"(rg:[A-Za-z0-9]+)\".*", "$1");

    running.close();
    first.close();
    closeables.remove(running);
    closeables.remove(first);
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(flux).store(store).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userPresses(ALICE, ALICE, regenerate);
    api.await(c -> c.method().equals("sendphoto"), 3, 15_000);

    assertEquals("Regenerating…", api.calls().stream().filter(c -> c.method().equals("answercallbackquery"))
        .map(FakeBotApi.Call::callbackText).findFirst().orElseThrow(), "the button works after the restart");
    assertEquals(2, flux.calls());
    var again = flux.requests().get(1);
    assertEquals(io.rolemarket.imagebot.core.provider.AspectRatio.PORTRAIT, again.aspectRatio(),
        "🔁 under the resent picture asks for the same shape");
    assertEquals(Long.valueOf(7), again.seed());
    assertTrue(again.prompt().contains("pumpkins"), again.prompt());
  }

  @Test
  void midjourneyResult_uvButtons_ownerUpscalesAndVaries_othersAreToldNo() throws Exception {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    UserRef alice = UserRef.of("telegram", Long.toString(ALICE), "alice");
    store.register(alice);
    store.setRole(alice.key(), Role.PRO);
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(midjourney).store(store).build(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween --n 4 --provider midjourney");
    FakeBotApi.Call grid = api.await(c -> c.method().equals("sendphoto"), 1, 15_000).get(0);
    for (String name : List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4")) {
      assertTrue(grid.replyMarkup().contains("\"" + name + "\""), grid.replyMarkup());
    }
    assertFalse(grid.replyMarkup().contains("REROLL"), grid.replyMarkup());
    String upscale = grid.replyMarkup().replaceAll(".*\"(xU2:[A-Za-z0-9]+)\".*", "$1");
    String vary = grid.replyMarkup().replaceAll(".*\"(xV1:[A-Za-z0-9]+)\".*", "$1");
    assertTrue(upscale.startsWith("xU2:") && upscale.length() <= 64, upscale);

    api.userPresses(ALICE, BOB, upscale);
    api.await(c -> c.method().equals("answercallbackquery"), 1, 5_000);
    api.userPresses(ALICE, ALICE, upscale);
    FakeBotApi.Call upscaled = api.await(c -> c.method().equals("sendphoto"), 2, 15_000).get(1);
    BufferedImage one = ImageIO.read(new ByteArrayInputStream(upscaled.upload()));
    assertEquals(64, one.getWidth(), "one picture, not a grid");
    assertTrue(upscaled.text().startsWith("Lulu Pig · Halloween · Scripted midjourney"), upscaled.text());
    assertTrue(upscaled.replyMarkup().contains("Regenerate"), upscaled.replyMarkup());
    assertFalse(upscaled.replyMarkup().contains("xU1:"), "an upscale offers no U/V: " + upscaled.replyMarkup());

    api.userPresses(ALICE, ALICE, vary);
    FakeBotApi.Call varied = api.await(c -> c.method().equals("sendphoto"), 3, 15_000).get(2);
    assertTrue(ImageIO.read(new ByteArrayInputStream(varied.upload())).getWidth() > 64, "four pictures as a grid");
    assertTrue(varied.replyMarkup().contains("xV4:"), varied.replyMarkup());

    List<String> answers = api.calls().stream().filter(c -> c.method().equals("answercallbackquery"))
        .map(FakeBotApi.Call::callbackText).toList();
    assertEquals(List.of("Only the person who asked can use these buttons.", "U2…", "V1…"), answers);
    assertEquals(List.of("job-1/U2", "job-1/V1"), midjourney.acted());
    // a quick action shows no status line: its picture is not held a second behind a line about itself
    assertFalse(api.calls().stream().anyMatch(c -> c.method().equals("sendmessage") && c.text().contains("U2")),
        "a status line that would only delay the picture");
    assertEquals(4 + 1 + 4, store.usage(alice.key(), TestClocks.NOW).today());
  }

  @Test
  void resend_midjourneyGrid_showsTheUvRowsAndU2UpscalesItsJob() throws Exception {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    UserRef alice = UserRef.of("telegram", Long.toString(ALICE), "alice");
    store.register(alice);
    store.setRole(alice.key(), Role.PRO);
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(midjourney).store(store).build(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween --n 4 --provider midjourney");
    api.await(c -> c.method().equals("sendphoto"), 1, 15_000);
    long gridEntry = store.recent(alice.key(), 1).get(0).id();

    api.userSays(ALICE, ALICE, "/resend " + gridEntry);
    FakeBotApi.Call resent = api.await(c -> c.method().equals("sendphoto"), 2, 15_000).get(1);

    for (String name : List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4")) {
      assertTrue(resent.replyMarkup().contains("\"" + name + "\""), resent.replyMarkup());
    }
    String upscale = resent.replyMarkup().replaceAll(".*\"(xU2:[A-Za-z0-9]+)\".*", "$1");
    assertTrue(upscale.startsWith("xU2:"), upscale);
    api.userPresses(ALICE, ALICE, upscale);
    FakeBotApi.Call upscaled = api.await(c -> c.method().equals("sendphoto"), 3, 15_000).get(2);
    assertEquals(64, ImageIO.read(new ByteArrayInputStream(upscaled.upload())).getWidth(), "one picture");
    assertEquals(List.of("job-1/U2"), midjourney.acted());
    assertEquals(4 + 1, store.usage(alice.key(), TestClocks.NOW).today(), "the resend is free, U2 is not");

    api.userSays(ALICE, ALICE, "/resend " + store.recent(alice.key(), 1).get(0).id());
    FakeBotApi.Call upscaleAgain = api.await(c -> c.method().equals("sendphoto"), 4, 15_000).get(3);
    assertTrue(upscaleAgain.replyMarkup().contains("Regenerate"), upscaleAgain.replyMarkup());
    assertFalse(upscaleAgain.replyMarkup().contains("xU1:"), "an upscale offers no U/V: " + upscaleAgain.replyMarkup());
  }

  @Test
  void midjourneyAction_providerFails_oneLineAndRefunded() throws Exception {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02")
        .thenFailActions(new ProviderFailure.Transient("Midjourney (TTAPI) job failed: Job Timeout", null));
    UserRef alice = UserRef.of("telegram", Long.toString(ALICE), "alice");
    store.register(alice);
    store.setRole(alice.key(), Role.PRO);
    adapter(ImageBot.builder().clock(TestClocks.FIXED).provider(midjourney).store(store).build(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userSays(ALICE, ALICE, "/generate lulu halloween --n 4 --provider midjourney");
    FakeBotApi.Call grid = api.await(c -> c.method().equals("sendphoto"), 1, 15_000).get(0);
    String upscale = grid.replyMarkup().replaceAll(".*\"(xU3:[A-Za-z0-9]+)\".*", "$1");

    api.userPresses(ALICE, ALICE, upscale);
    FakeBotApi.Call line = api.await(c -> c.method().equals("sendmessage") && c.text().startsWith("U3 did not work"),
        1, 15_000).get(0);

    assertTrue(line.text().endsWith("Nothing was charged."), line.text());
    assertEquals(4, store.usage(alice.key(), TestClocks.NOW).today(), "the failed U3 was refunded");
    assertEquals(0, store.heldReservations());
  }

  @Test
  void rateLimited_waitsRetryAfterAndResends() throws Exception {
    adapter(sketchBot(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.failNext("sendmessage", 1);
    api.userSays(ALICE, ALICE, "/help");
    List<FakeBotApi.Call> sends = api.await(c -> c.method().equals("sendmessage"), 2, 10_000);
    assertEquals(2, sends.size());
    long gap = Duration.ofNanos(sends.get(1).atNanos() - sends.get(0).atNanos()).toMillis();
    assertTrue(gap >= 1000, "resent after " + gap + " ms");
    assertTrue(sends.get(1).text().startsWith("I draw the RoleMarket characters"));
  }

  @Test
  void groups_commandsForUsOnly_badInputGetsOneLine() throws Exception {
    adapter(sketchBot(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    long group = -5000;
    api.userSays(group, ALICE, "just chatting about lulu");
    api.userSays(group, ALICE, "/help@SomeOtherBot");
    api.userSays(group, ALICE, "/generate@RoleMarketBot lullu halloween");
    api.userSays(group, BOB, "/frobnicate");
    List<FakeBotApi.Call> sends = api.await(c -> c.method().equals("sendmessage") && c.chatId() == group, 2, 10_000);
    Thread.sleep(500);
    List<String> texts = api.calls().stream().filter(c -> c.method().equals("sendmessage")).map(FakeBotApi.Call::text)
        .toList();
    assertEquals(List.of("no character 'lullu' — did you mean lulu?", "I don't know /frobnicate. Try /help."), texts,
        sends.toString());
  }

  @Test
  void web_inAGroup_linkGoesToTheAsker_privately_andTheGroupIsToldSo() throws Exception {
    Catalog catalog = Catalog.builtIn();
    adapter(ImageBot.builder().clock(TestClocks.FIXED).catalog(catalog).provider(new SketchProvider(catalog))
        .store(store).web(WebSettings.of(URI.create("https://library.example.test/"))).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    long group = -5000;

    api.userSays(group, ALICE, "/web");

    List<FakeBotApi.Call> sends = api.await(c -> c.method().equals("sendmessage"), 2, 10_000);
    FakeBotApi.Call link = sends.stream().filter(c -> c.chatId() == ALICE).findFirst().orElseThrow();
    FakeBotApi.Call told = sends.stream().filter(c -> c.chatId() == group).findFirst().orElseThrow();
    assertTrue(link.text().contains("https://library.example.test/signin/"), link.text());
    assertEquals("I sent you a sign-in link in a private message. If none arrived, start a chat with me and send /web "
        + "there.", told.text());
    assertFalse(told.text().contains("/signin/"), "never the link in the group");
  }

  @Test
  void groups_answeredInTheTeamsLanguage_privateChatsInTheUsers() throws Exception {
    Catalog catalog = Catalog.builtIn();
    adapter(ImageBot.builder().clock(TestClocks.FIXED).catalog(catalog).provider(new SketchProvider(catalog))
        .store(store).teamLanguage(io.rolemarket.imagebot.core.i18n.Lang.ZH_HK).build(),
        TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.userLanguage(ALICE, "en");
    long group = -5000;

    api.userSays(group, ALICE, "/generate@RoleMarketBot lulu halloween");
    FakeBotApi.Call inGroup = api.await(c -> c.method().equals("sendphoto") && c.chatId() == group, 1, 15_000)
        .get(0);
    assertTrue(inGroup.text().startsWith("Lulu Pig · 萬聖節（Halloween） · "), inGroup.text());
    assertTrue(inGroup.replyMarkup().contains("重新生成"), inGroup.replyMarkup());
    api.userSays(ALICE, ALICE, "/generate lulu christmas");
    FakeBotApi.Call inPrivate = api.await(c -> c.method().equals("sendphoto") && c.chatId() == ALICE, 1, 15_000)
        .get(0);
    assertTrue(inPrivate.text().startsWith("Lulu Pig · Christmas · "), inPrivate.text());
    assertTrue(inPrivate.replyMarkup().contains("Regenerate"), inPrivate.replyMarkup());
  }

  @Test
  void manyChats_perChatAndGlobalLimitsHold() throws Exception {
    adapter(sketchBot(), TelegramSettings.of(FakeBotApi.TOKEN, url()));
    for (int round = 0; round < 4; round++) {
      for (long chat = 1; chat <= 50; chat++) {
        api.userSays(chat, chat, "/quota");
      }
    }
    List<FakeBotApi.Call> sends = api.await(c -> c.method().equals("sendmessage"), 200, 30_000);
    assertEquals(200, sends.size());
    Map<Long, List<Long>> byChat = new HashMap<>();
    for (FakeBotApi.Call call : sends) {
      byChat.computeIfAbsent(call.chatId(), id -> new ArrayList<>()).add(call.atNanos());
    }
    assertEquals(50, byChat.size());
    for (List<Long> times : byChat.values()) {
      for (int i = 1; i < times.size(); i++) {
        assertTrue(times.get(i) - times.get(i - 1) >= Duration.ofMillis(1000).toNanos(), "two messages to one chat "
            + Duration.ofNanos(times.get(i) - times.get(i - 1)).toMillis() + " ms apart");
      }
    }
    List<Long> all = sends.stream().map(FakeBotApi.Call::atNanos).sorted().toList();
    for (int i = 30; i < all.size(); i++) {
      assertTrue(all.get(i) - all.get(i - 30) >= Duration.ofMillis(990).toNanos(), "31 messages within a second");
    }
  }

  @Test
  void webhook_rightSecretHandledOnce_wrongOrMissingSecretRefused() throws Exception {
    TelegramSettings settings = TelegramSettings.of(FakeBotApi.TOKEN, url())
        .withWebhook(new TelegramSettings.Webhook("https://bot.example/telegram/hook", "s3cret-Token_1", 0));
    TelegramAdapter adapter = adapter(sketchBot(), settings);
    assertTrue(adapter.webhookAddress().getAddress().isLoopbackAddress(), "listens on loopback unless told otherwise");
    FakeBotApi.Call setWebhook = api.await(c -> c.method().equals("setwebhook"), 1, 5_000).get(0);
    assertEquals("https://bot.example/telegram/hook", setWebhook.text());
    assertEquals("s3cret-Token_1", setWebhook.photo());

    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI hook = java.net.URI.create("http://127.0.0.1:" + adapter.webhookPort() + "/telegram/hook");
    String update = api.messageUpdateJson(ALICE, ALICE, "/help");
    java.util.function.BiFunction<String, String, Integer> post = (secret, body) -> {
      var request = java.net.http.HttpRequest.newBuilder(hook)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
      if (secret != null) {
        request.header("X-Telegram-Bot-Api-Secret-Token", secret);
      }
      try {
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    assertEquals(401, post.apply(null, update));
    assertEquals(401, post.apply("s3cret-Token_2", update));
    assertEquals(200, post.apply("s3cret-Token_1", update));
    assertEquals(200, post.apply("s3cret-Token_1", update), "a retried update is acknowledged");
    assertEquals(400, post.apply("s3cret-Token_1", "{not json"));

    // Bob's update was stored after Alice's, and the inbox is handled oldest first.
    assertEquals(200, post.apply("s3cret-Token_1", api.messageUpdateJson(BOB, BOB, "/help")));
    api.await(c -> c.method().equals("sendmessage") && c.chatId() == BOB, 1, 5_000);
    assertEquals(1, api.calls().stream().filter(c -> c.method().equals("sendmessage") && c.chatId() == ALICE).count(),
        "only the verified update was handled, and only once");
    assertTrue(logs.toString(StandardCharsets.UTF_8).contains("refused a webhook call without the right secret"));
  }

  @Test
  void cancel_stopsAPictureInProgress_andNothingIsCharged() throws Exception {
    ScriptedProvider slow = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofSeconds(20))
        .progressEvery(Duration.ofMillis(100));
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).provider(slow).store(store).build();
    adapter(bot, TelegramSettings.of(FakeBotApi.TOKEN, url()));

    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    api.await(c -> c.method().equals("sendmessage") && c.text().startsWith("⏳ lulu halloween"), 1, 10_000);
    api.userSays(ALICE, ALICE, "/cancel");

    List<FakeBotApi.Call> said = api.await(c -> c.method().equals("sendmessage")
        && c.text().startsWith("Cancelled"), 1, 10_000);
    assertEquals("Cancelled. Nothing was charged.", said.get(0).text());
    // The answer to /cancel and the cancelled picture's line race each other to the chat: both arrive.
    assertEquals(1, api.await(c -> "Stopping your picture in progress…".equals(c.text()), 1, 10_000).size());
    assertTrue(api.calls().stream().noneMatch(c -> c.method().equals("sendphoto")));
    assertEquals(0, bot.quota(io.rolemarket.imagebot.core.UserRef.of("telegram", Long.toString(ALICE), "x"))
        .used().today());

    api.userSays(ALICE, ALICE, "/cancel");
    api.await(c -> "Nothing of yours is in progress.".equals(c.text()), 1, 10_000);
  }

  @Test
  void cancel_whileThePictureIsBeingDelivered_doesNotStopIt_andItIsCharged() throws Exception {
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).provider(ScriptedProvider.named("flux", "0.0012"))
        .store(store).build();
    adapter(bot, TelegramSettings.of(FakeBotApi.TOKEN, url()));
    api.failNext("sendphoto", 2);

    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    api.await(c -> c.method().equals("sendphoto"), 1, 10_000);
    api.userSays(ALICE, ALICE, "/cancel");

    api.await(c -> "Nothing of yours is in progress.".equals(c.text()), 1, 10_000);
    assertEquals(2, api.await(c -> c.method().equals("sendphoto"), 2, 10_000).size(),
        "the picture waiting out a 429 is still sent");
    assertTrue(api.calls().stream().noneMatch(c -> c.text() != null && c.text().startsWith("Cancelled")));
    assertEquals(1, bot.quota(io.rolemarket.imagebot.core.UserRef.of("telegram", Long.toString(ALICE), "x"))
        .used().today(), "a delivered picture is charged");
  }
}
