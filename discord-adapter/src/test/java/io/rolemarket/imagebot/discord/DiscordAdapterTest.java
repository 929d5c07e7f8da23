package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.DeliveryLog;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.providers.sketch.SketchProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import net.dv8tion.jda.api.utils.Compression;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/** Real JDA against a loopback Discord (REST and gateway), with the real core and the Sketch provider behind it. */
class DiscordAdapterTest {
  private static final String CALLBACK = "interactions/\\d+/[^/]+/callback";
  private static final String FOLLOW_UP = "webhooks/\\d+/[^/]+";

  private final FakeDiscord discord = new FakeDiscord();
  private final MockWebServer server = new MockWebServer();
  private final InMemoryStore store = new InMemoryStore();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final OkHttpClient http = new OkHttpClient();
  private PrintStream savedErr;
  private static @Nullable GeneratedImage bigPicture;

  @BeforeEach
  void start() throws Exception {
    savedErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    server.setDispatcher(discord);
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : closeables.reversed()) {
      closeable.close();
    }
    discord.disconnect();
    server.close();
    http.dispatcher().executorService().shutdown();
    System.setErr(savedErr);
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertFalse(logged.contains(FakeDiscord.TOKEN), "the token leaked into the logs");
    assertFalse(discord.sawWrongToken(), "a call came without the bot token");
    assertEquals(List.of(), discord.unexpected(), "calls the fake does not serve");
  }

  private DiscordSettings settings() {
    return DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", null)
        .withCompression(Compression.NONE);
  }

  private DiscordAdapter adapter(DiscordSettings settings) throws Exception {
    return adapter(settings, QuotaPolicy.withDailyLimit(25));
  }

  private DiscordAdapter adapter(DiscordSettings settings, QuotaPolicy quota) throws Exception {
    Catalog catalog = Catalog.builtIn();
    return adapter(settings, ImageBot.builder().clock(FakeDiscord.CLOCK).catalog(catalog).provider(new SketchProvider(catalog)).store(store)
        .quotaPolicy(quota).build());
  }

  private DiscordAdapter adapter(DiscordSettings settings, ImageBot bot) throws Exception {
    closeables.add(bot);
    DiscordAdapter adapter = DiscordAdapter.start(bot, settings, http);
    closeables.add(adapter);
    return adapter;
  }

  @Test
  void connected_startedThenClosed_trueThenFalse() throws Exception {
    DiscordAdapter adapter = adapter(settings());

    assertTrue(adapter.connected(), "the gateway is up once start returns");
    adapter.close();
    assertFalse(adapter.connected(), "a closed adapter is not connected");
  }

  @Test
  void restart_afterACrashMidWork_postsWhatWasMadeAndTellsWhatWasRefunded() throws Exception {
    // The store as a crashed run leaves it: one request's job finished (charged), another's did not (refunded).
    String mia = "discord:" + FakeDiscord.USER_ID;
    java.time.Instant at = FakeDiscord.CLOCK.instant();
    long madeOwed = store.owe(new DeliveryLog.Owed(0, "discord", "dm:" + FakeDiscord.USER_ID, mia, "lulu halloween",
        "/generate lulu halloween", "", at));
    long job = store.open(new JobTicket(mia, "lulu", "halloween", "k", "Lulu at Halloween", "sketch", 0, 1, at));
    store.serveBy(madeOwed, job);
    StoredImage picture = store.put(ScriptedProvider.image(4), "Lulu at Halloween", "sketch");
    store.finish(job, new HistoryEntry(0, mia, "lulu", "halloween", "Lulu at Halloween", "sketch",
        java.math.BigDecimal.ZERO, Duration.ofSeconds(1), false, List.of(picture), at));
    store.owe(new DeliveryLog.Owed(0, "discord", "dm:" + FakeDiscord.USER_ID, mia, "lulu christmas",
        "/generate lulu christmas --n 2", "", at));

    adapter(settings());
    List<FakeDiscord.Call> posted = discord.await(FakeDiscord.path("POST", "channels/\\d+/messages"), 2, 15_000);
    assertEquals(2, posted.size());
    FakeDiscord.Call picturePost = posted.stream().filter(call -> !call.files().isEmpty()).findFirst().orElseThrow();
    assertTrue(picturePost.payload().path("content").asText().startsWith("<@" + FakeDiscord.USER_ID + "> Lulu Pig"),
        picturePost.payload().toString());
    FakeDiscord.Call notice = posted.stream().filter(call -> call.files().isEmpty()).findFirst().orElseThrow();
    String text = notice.payload().path("content").asText();
    assertTrue(text.contains("restarted while making lulu christmas") && text.contains("Nothing was charged"), text);
    assertTrue(notice.payload().toString().contains("Try again"), notice.payload().toString());
    for (int i = 0; i < 50 && !store.owed("discord").isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertEquals(List.of(), store.owed("discord"));
  }

  @Test
  void budgetPassingHalf_theAdminGetsOneDirectMessage() throws Exception {
    store.setRole("discord:" + FakeDiscord.OTHER_USER_ID, io.rolemarket.imagebot.core.Role.ADMIN);
    store.setRole("telegram:5", io.rolemarket.imagebot.core.Role.ADMIN);
    adapter(settings(), ImageBot.builder().clock(FakeDiscord.CLOCK).store(store)
        .provider(io.rolemarket.imagebot.core.testing.ScriptedProvider.named("flux", "0.0012"))
        .monthlyBudget(new java.math.BigDecimal("0.002")).build());

    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000);
    FakeDiscord.Call opened = discord.await(FakeDiscord.path("POST", "users/@me/channels"), 1, 15_000).get(0);
    assertEquals(FakeDiscord.OTHER_USER_ID, opened.payload().path("recipient_id").asText());
    FakeDiscord.Call direct = discord.await(FakeDiscord.path("POST",
        "channels/" + FakeDiscord.DM_CHANNEL_ID + "/messages"), 1, 15_000).get(0);
    assertTrue(direct.payload().path("content").asText().startsWith("⚠️ The image budget for "),
        direct.payload().toString());
    assertTrue(direct.payload().path("content").asText().contains("has passed 50 %: $0.0012 of $0.002 spent"),
        direct.payload().toString());
    Thread.sleep(300);
    assertEquals(1, discord.calls().stream().filter(call -> call.path().endsWith("users/@me/channels")).count(),
        "one admin on Discord, one message");
  }

  @Test
  void generate_userWordsSayEveryone_noMessagePingsAnyone() throws Exception {
    adapter(settings());
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween",
        "extra", "@everyone @here <@&123>"));
    discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000);
    Thread.sleep(500);
    List<FakeDiscord.Call> messages = discord.calls().stream().filter(call -> !call.method().equals("GET")
        && call.payload() != null && call.payload().has("content")).toList();
    assertFalse(messages.isEmpty());
    for (FakeDiscord.Call call : messages) {
      assertEquals("[]", call.payload().path("allowed_mentions").path("parse").toString(),
          call.method() + " " + call.path() + ": " + call.payload());
    }
  }

  @Test
  void start_registersCommandsOnce_thenOnlyWhenChanged() throws Exception {
    DiscordAdapter first = adapter(settings());
    assertTrue(first.registeredCommands());
    assertEquals("rolemarket", first.username());
    first.close();
    closeables.remove(first);

    DiscordAdapter second = adapter(settings());
    assertFalse(second.registeredCommands(), "the same definitions are not sent again");
    assertEquals(1, discord.calls().stream().filter(FakeDiscord.path("PUT", "applications/\\d+/commands")).count());
  }

  @Test
  void generate_defersThenFollowsUpWithADecodableImageAndButtons() throws Exception {
    adapter(settings().withEditInterval(Duration.ZERO));
    String id = discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));

    FakeDiscord.Call ack = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);
    assertEquals(5, ack.payload().path("type").asInt(), "a deferred reply");

    FakeDiscord.Call result = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0);
    assertEquals(1, result.files().size(), result.files().keySet().toString());
    FakeDiscord.Call progress = discord.await(FakeDiscord.path("PATCH", FOLLOW_UP + "/messages/@original"), 1, 3_000)
        .get(0);
    assertTrue(progress.payload().path("content").asText().startsWith("⏳ lulu halloween — "), progress.payload()
        .toString());
    byte[] image = result.files().values().iterator().next();
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image));
    assertNotNull(picture, "the attachment decodes as an image");
    assertTrue(result.payload().path("content").asText().startsWith("Lulu Pig · Halloween"),
        result.payload().toString());
    String components = result.payload().path("components").toString();
    assertTrue(components.contains("Regenerate") && components.contains("Variations")
        && components.contains("Send to review"), components);
    discord.await(FakeDiscord.path("DELETE", FOLLOW_UP + "/messages/@original"), 1, 3_000);
    assertEquals(List.of(result.payload().path("content").asText()),
        discord.messages().stream().map(FakeDiscord.Posted::content).toList(), "the status line made way for the picture");
  }

  @Test
  void crowd_fiftySamePromptUsersAndThirtyCachedRepeats_everyPictureKeepsItsCaption_noStatusLeft() throws Exception {
    discord.delayUpTo(40);
    ScriptedProvider slow = ScriptedProvider.named("scripted", "0").latency(Duration.ofSeconds(3))
        .progressEvery(Duration.ofMillis(100));
    Catalog catalog = Catalog.builtIn();
    adapter(settings().withEditInterval(Duration.ofMillis(300)), ImageBot.builder().clock(FakeDiscord.CLOCK)
        .catalog(catalog).provider(slow).store(store).quotaPolicy(QuotaPolicy.withDailyLimit(25)).build());
    Map<String, Object> prompt = Map.of("character", "lulu", "theme", "halloween");
    for (int user = 0; user < 50; user++) {
      discord.slash(Long.toString(1_500_000_000_000_000_000L + user), "generate", prompt);
    }
    assertEquals(50, discord.await(picture(), 50, 60_000).size(), "every asker gets the picture");
    for (int user = 0; user < 30; user++) {
      discord.slash(Long.toString(1_500_000_000_000_000_000L + user), "generate", prompt);
    }
    assertEquals(80, discord.await(picture(), 80, 60_000).size(), "and every cached repeat");
    discord.awaitQuiet(1_000, 20_000);

    assertEquals(1, slow.calls(), "one provider call for the crowd");
    List<FakeDiscord.Posted> left = discord.messages();
    List<FakeDiscord.Posted> pictures = left.stream().filter(message -> !message.files().isEmpty()).toList();
    assertEquals(80, pictures.size());
    for (FakeDiscord.Posted message : pictures) {
      assertTrue(message.content().startsWith("Lulu Pig · Halloween"), "a caption overwritten: " + message);
    }
    assertEquals(List.of(), left.stream().filter(message -> message.content().contains("⏳")).toList(),
        "status lines left standing");
    long edits = discord.calls().stream().filter(FakeDiscord.path("PATCH", FOLLOW_UP + "/messages/@original")).count();
    assertTrue(edits <= 50 * 5, "status edits a person can read, not dozens per request: " + edits);
    for (FakeDiscord.Call call : discord.calls()) {
      JsonNode message = call.path().endsWith("/callback") ? call.payload().path("data") : call.payload();
      if (!call.method().equals("GET") && !call.method().equals("DELETE") && message.has("content")) {
        assertEquals("[]", message.path("allowed_mentions").path("parse").toString(),
            call.method() + " " + call.path() + ": " + message);
      }
    }
  }

  @Test
  void generate_commonPoolBusy_stillFollowsUpWithThePicture() throws Exception {
    adapter(settings());
    ForkJoinPool common = ForkJoinPool.commonPool();
    CountDownLatch taken = new CountDownLatch(common.getParallelism());
    CountDownLatch release = new CountDownLatch(1);
    try {
      for (int worker = 0; worker < common.getParallelism(); worker++) {
        common.execute(() -> {
          taken.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertTrue(taken.await(10, TimeUnit.SECONDS), "every worker of the JVM's common pool is blocked");
      discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));

      assertEquals(1, discord.await(picture(), 1, 15_000).size(), "the picture came all the same");
    } finally {
      release.countDown();
    }
  }

  private static java.util.function.Predicate<FakeDiscord.Call> picture() {
    return call -> call.method().equals("POST") && call.path().matches(FOLLOW_UP) && !call.files().isEmpty();
  }

  @Test
  void generate_followUpRateLimited_isSentAfterTheWait() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Catalog catalog = Catalog.builtIn();
    adapter(settings(), ImageBot.builder().clock(FakeDiscord.CLOCK).catalog(catalog).provider(new SketchProvider(catalog))
        .store(store).metrics(BotMetrics.on(registry)).build());
    discord.rateLimitNext(FOLLOW_UP);
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));

    List<FakeDiscord.Call> tries = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 15_000);
    assertEquals(2, tries.size(), "the 429 is retried");
    assertEquals(tries.get(0).files().keySet(), tries.get(1).files().keySet());
    assertEquals(1, registry.get("imagebot.platform.rate.limited").tag("platform", "discord").counter().count());
    assertEquals(1, registry.get("imagebot.platform.retry.after").tag("platform", "discord").counter().count(),
        "the Retry-After header's seconds");
  }

  @Test
  void generate_followUpRefused_isPostedInTheChannelInstead() throws Exception {
    adapter(settings());
    discord.unknownWebhookNext(FOLLOW_UP);
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));

    FakeDiscord.Call result = discord.await(FakeDiscord.path("POST", "channels/\\d+/messages"), 1, 15_000).get(0);
    assertTrue(result.payload().path("content").asText().startsWith("<@" + FakeDiscord.USER_ID + "> Lulu Pig"),
        result.payload().toString());
    assertEquals("[]", result.payload().path("allowed_mentions").path("parse").toString(), result.payload().toString());
    assertEquals("[\"" + FakeDiscord.USER_ID + "\"]", result.payload().path("allowed_mentions").path("users").toString(),
        "only the asker is pinged, on purpose");
    assertEquals(1, result.files().size());
  }

  @Test
  void generate_fourImages_sendsTheGridAndTheOriginals() throws Exception {
    adapter(settings());
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween", "count", 4));

    FakeDiscord.Call result = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 20_000).get(0);
    assertEquals(List.of("lulu-halloween-grid.jpg", "lulu-halloween-1.png", "lulu-halloween-2.png",
        "lulu-halloween-3.png", "lulu-halloween-4.png"), List.copyOf(result.files().keySet()));
    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(result.files().get("lulu-halloween-grid.jpg")));
    assertTrue(grid.getWidth() > grid.getHeight() / 2 && grid.getWidth() > 700, "a 2×2 grid: " + grid.getWidth());
  }

  @Test
  void generate_unknownCharacter_isRefusedEphemerallyWithoutDeferring() throws Exception {
    adapter(settings());
    String id = discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulo", "theme", "halloween"));

    FakeDiscord.Call reply = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);
    assertEquals(4, reply.payload().path("type").asInt(), reply.payload().toString());
    assertEquals(64, reply.payload().path("data").path("flags").asInt(), "ephemeral");
    assertTrue(reply.payload().path("data").path("content").asText().contains("lulu"),
        "suggests the near name: " + reply.payload());
  }

  @Test
  void generate_overQuota_afterDeferring_isToldOnlyToTheAsker() throws Exception {
    adapter(settings(), QuotaPolicy.withDailyLimit(1));
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween", "count", 2));

    FakeDiscord.Call told = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0);
    assertEquals(64, told.payload().path("flags").asInt(), "ephemeral: " + told.payload());
    assertTrue(told.payload().path("content").asText().startsWith("Over quota"), told.payload().toString());
    assertEquals(0, told.files().size());
    assertEquals(1, discord.await(FakeDiscord.path("DELETE", FOLLOW_UP + "/messages/@original"), 1, 3_000).size(),
        "the public 'thinking' reply is removed");
    List<FakeDiscord.Posted> left = discord.messages();
    assertEquals(1, left.size(), left.toString());
    assertTrue(left.get(0).ephemeral() && left.get(0).content().startsWith("Over quota"),
        "Discord would have shown a first follow-up publicly in the reply's place: " + left);
  }

  @Test
  void generate_refusedAfterAStatusLine_staysPrivate_andNoStatusIsLeft() throws Exception {
    ScriptedProvider failing = ScriptedProvider.named("scripted", "0").latency(Duration.ofMillis(600))
        .progressEvery(Duration.ofMillis(50)).alwaysFail(new io.rolemarket.imagebot.core.provider.ProviderFailure.ContentRejected("not allowed"));
    Catalog catalog = Catalog.builtIn();
    adapter(settings().withEditInterval(Duration.ofMillis(100)), ImageBot.builder().clock(FakeDiscord.CLOCK)
        .catalog(catalog).provider(failing).store(store).quotaPolicy(QuotaPolicy.withDailyLimit(25)).build());
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));

    discord.await(FakeDiscord.path("DELETE", FOLLOW_UP + "/messages/@original"), 1, 15_000);
    discord.awaitQuiet(500, 5_000);
    assertTrue(discord.calls().stream().anyMatch(FakeDiscord.path("PATCH", FOLLOW_UP + "/messages/@original")),
        "a status line was shown first");
    List<FakeDiscord.Posted> left = discord.messages();
    assertEquals(1, left.size(), left.toString());
    assertTrue(left.get(0).ephemeral(), "the failure is told only to the asker: " + left);
  }

  @Test
  void autocomplete_theme_answersFuzzyChoices() throws Exception {
    adapter(settings());
    String id = discord.autocomplete(FakeDiscord.USER_ID, "theme", "hal");

    FakeDiscord.Call reply = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);
    assertEquals(8, reply.payload().path("type").asInt());
    assertEquals("halloween", reply.payload().path("data").path("choices").get(0).path("value").asText(),
        reply.payload().toString());
  }

  @Test
  void regenerateButton_defersAndDeliversAgain() throws Exception {
    adapter(settings());
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    FakeDiscord.Call first = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0);
    String customId = first.payload().path("components").get(0).path("components").get(0).path("custom_id").asText();
    assertTrue(customId.startsWith("rg:") && customId.length() < 20, customId);

    String id = discord.press(FakeDiscord.USER_ID, customId);
    FakeDiscord.Call ack = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);
    assertEquals(5, ack.payload().path("type").asInt());
    List<FakeDiscord.Call> results = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 15_000);
    assertEquals(2, results.size());
    assertEquals(1, results.get(1).files().size());
  }

  @Test
  void button_pressedBySomeoneElse_isRefusedEphemerally() throws Exception {
    adapter(settings());
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    FakeDiscord.Call first = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0);
    String customId = first.payload().path("components").get(0).path("components").get(1).path("custom_id").asText();

    String id = discord.press(FakeDiscord.OTHER_USER_ID, customId);
    FakeDiscord.Call reply = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);
    assertEquals(64, reply.payload().path("data").path("flags").asInt());
    assertTrue(reply.payload().path("data").path("content").asText().startsWith("Only the person who asked"));
  }

  @Test
  void generate_afterTheTokenLifetime_isPostedInTheChannelMentioningTheUser() throws Exception {
    adapter(settings().withHookLifetime(Duration.ZERO));
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));

    FakeDiscord.Call result = discord.await(FakeDiscord.path("POST", "channels/\\d+/messages"), 1, 15_000).get(0);
    assertTrue(result.payload().path("content").asText().startsWith("<@" + FakeDiscord.USER_ID + "> Lulu Pig"),
        result.payload().toString());
    assertEquals(1, result.files().size());
    assertTrue(discord.calls().stream().noneMatch(FakeDiscord.path("POST", FOLLOW_UP)));
  }

  @Test
  void guild_commandsAreRegisteredInTheGuild_andLateResultsGoToItsChannel() throws Exception {
    discord.inGuild();
    DiscordSettings settings = DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", FakeDiscord.GUILD_ID)
        .uncompressed().withHookLifetime(Duration.ZERO);
    adapter(settings);
    assertEquals(1, discord.calls().stream()
        .filter(FakeDiscord.path("PUT", "applications/\\d+/guilds/" + FakeDiscord.GUILD_ID + "/commands")).count());

    discord.slashInGuild(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    FakeDiscord.Call result = discord.await(
        FakeDiscord.path("POST", "channels/" + FakeDiscord.GUILD_CHANNEL_ID + "/messages"), 1, 15_000).get(0);
    assertTrue(result.payload().path("content").asText().startsWith("<@" + FakeDiscord.USER_ID + "> Lulu Pig"),
        result.payload().toString());
    assertEquals(1, result.files().size());
  }

  @Test
  void guild_resultInTheTeamsLanguage_directMessageAndPrivateRefusalInTheAskers() throws Exception {
    discord.inGuild();
    DiscordSettings settings = DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", FakeDiscord.GUILD_ID).uncompressed();
    Catalog catalog = Catalog.builtIn();
    adapter(settings, ImageBot.builder().clock(FakeDiscord.CLOCK).catalog(catalog)
        .provider(new SketchProvider(catalog)).store(store).quotaPolicy(QuotaPolicy.withDailyLimit(2))
        .teamLanguage(Lang.EN).build());
    store.setLanguage("discord:" + FakeDiscord.USER_ID, Lang.ZH_HK);

    discord.slashInGuild(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    FakeDiscord.Call inChannel = discord.await(call -> call.path().matches(FOLLOW_UP) && !call.files().isEmpty(), 1,
        15_000).get(0);
    assertTrue(inChannel.payload().path("content").asText().startsWith("Lulu Pig · Halloween · "),
        "the channel reads the team's language: " + inChannel.payload());
    assertTrue(inChannel.payload().toString().contains("🔁 Regenerate"), inChannel.payload().toString());

    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "christmas"));
    FakeDiscord.Call direct = discord.await(call -> call.path().matches(FOLLOW_UP) && !call.files().isEmpty(), 2,
        15_000).get(1);
    assertTrue(direct.payload().path("content").asText().startsWith("Lulu Pig · 聖誕節（Christmas） · "),
        "a direct message reads the asker's language: " + direct.payload());
    assertTrue(direct.payload().toString().contains("🔁 重新生成"), direct.payload().toString());

    discord.slashInGuild(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "spring-festival"));
    FakeDiscord.Call refused = discord.await(call -> call.path().matches(FOLLOW_UP)
        && call.payload().path("content").asText().startsWith("超出限額"), 1, 15_000).get(0);
    assertEquals(64, refused.payload().path("flags").asInt(), "only the asker sees it: " + refused.payload());
  }

  @Test
  void guild_resultsOverTheChannelsRateLimit_waitForItsResetWithoutA429() throws Exception {
    discord.inGuild().enforceLimits();
    adapter(DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", FakeDiscord.GUILD_ID)
        .uncompressed().withHookLifetime(Duration.ZERO));
    int users = 7;
    for (int user = 0; user < users; user++) {
      discord.slashInGuild(Long.toString(1_500_000_000_000_000_000L + user), "generate",
          Map.of("character", "lulu", "theme", "halloween"));
    }

    String channel = "channels/" + FakeDiscord.GUILD_CHANNEL_ID + "/messages";
    assertEquals(users, discord.await(FakeDiscord.path("POST", channel), users, 30_000).size());
    assertEquals(0, discord.tooManyRequests(), "JDA paces itself by the headers: " + discord.refused());
  }

  /** A PNG of random pixels over Discord's 10 MiB (it does not compress), made once. */
  private static GeneratedImage overTenMiB() throws Exception {
    synchronized (DiscordAdapterTest.class) {
      if (bigPicture == null) {
        int side = 2000;
        BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(8);
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            picture.setRGB(x, y, random.nextInt(0x1000000));
          }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", out);
        bigPicture = new GeneratedImage(out.toByteArray(), ImageFormat.PNG, side, side, null);
      }
      assertTrue(bigPicture.size() > DiscordSettings.DEFAULT_UPLOAD_LIMIT, "size " + bigPicture.size());
      return bigPicture;
    }
  }

  /** Asks for one picture in the server (boosted to {@code tier}) from a provider whose picture is over 10 MiB. */
  private FakeDiscord.Call bigPictureInServer(int tier) throws Exception {
    discord.inBoostedGuild(tier);
    DiscordSettings settings = DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", FakeDiscord.GUILD_ID).uncompressed();
    adapter(settings, ImageBot.builder().clock(FakeDiscord.CLOCK).provider(ScriptedProvider.named("scripted", "0").fixedImage(overTenMiB()))
        .store(store).build());
    discord.slashInGuild(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    return discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 30_000).get(0);
  }

  @Test
  void guild_boostedToTier2_uploadsAnOriginalOverTenMiBAsItIs() throws Exception {
    FakeDiscord.Call result = bigPictureInServer(2);

    assertEquals(List.of("lulu-halloween.png"), List.copyOf(result.files().keySet()));
    assertArrayEquals(overTenMiB().bytes(), result.files().get("lulu-halloween.png"), "the original, untouched");
  }

  @Test
  void guild_notBoosted_sendsAnOriginalOverTenMiBAsAJpegWithinTheLimit() throws Exception {
    FakeDiscord.Call result = bigPictureInServer(0);

    assertEquals(List.of("lulu-halloween.jpg"), List.copyOf(result.files().keySet()));
    byte[] jpeg = result.files().get("lulu-halloween.jpg");
    assertTrue(jpeg.length <= DiscordSettings.DEFAULT_UPLOAD_LIMIT, "size " + jpeg.length);
    assertNotNull(ImageIO.read(new ByteArrayInputStream(jpeg)), "the attachment decodes as an image");
  }

  @Test
  void shards_twoConfigured_bothIdentify_andInteractionsAreAnswered() throws Exception {
    adapter(settings().withShards(2));
    assertEquals(2, discord.identified());

    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    assertEquals(1, discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0).files().size());
  }

  @Test
  void quota_isAnsweredEphemerally() throws Exception {
    adapter(settings());
    String id = discord.slash(FakeDiscord.USER_ID, "quota", Map.of());

    FakeDiscord.Call reply = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);
    assertEquals(64, reply.payload().path("data").path("flags").asInt());
    assertTrue(reply.payload().path("data").path("content").asText().startsWith("Quota"), reply.payload().toString());
    assertEquals("[]", reply.payload().path("data").path("allowed_mentions").path("parse").toString(),
        "a plain-text reply pings nobody either: " + reply.payload());
  }

  @Test
  void reviewButton_withoutAReviewChannel_saysSoOnlyToTheAsker() throws Exception {
    adapter(settings());
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    FakeDiscord.Call first = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0);
    String customId = first.payload().path("components").get(0).path("components").get(2).path("custom_id").asText();

    discord.press(FakeDiscord.USER_ID, customId);
    List<FakeDiscord.Call> answers = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 5_000);
    assertEquals(2, answers.size());
    assertEquals(64, answers.get(1).payload().path("flags").asInt(), "ephemeral");
    assertEquals(ReviewChannel.NOT_SET_UP, answers.get(1).payload().path("content").asText());
    assertTrue(discord.calls().stream().noneMatch(FakeDiscord.path("POST", "channels/\\d+/messages")));
  }
}
