package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /resend}, {@code /cancel} and {@code /help} through real JDA and the loopback Discord, with the real core. */
class DiscordCommandsTest {
  private static final String FOLLOW_UP = "webhooks/\\d+/[^/]+";
  private static final UserRef MIA = UserRef.of("discord", FakeDiscord.USER_ID, "mia");

  private final FakeDiscord discord = new FakeDiscord();
  private final MockWebServer server = new MockWebServer();
  private final InMemoryStore store = new InMemoryStore();
  private final OkHttpClient http = new OkHttpClient();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
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
    assertFalse(discord.sawWrongToken(), "a call came without the bot token");
    assertEquals(List.of(), discord.unexpected(), "calls the fake does not serve");
    assertEquals(0, store.heldReservations(), "reservations left held");
  }

  /** Starts the adapter on a bot whose only provider is {@code provider}. */
  private ImageBot adapter(ScriptedProvider provider) throws Exception {
    return adapter(provider, settings());
  }

  private ImageBot adapter(ScriptedProvider provider, DiscordSettings settings) throws Exception {
    ImageBot bot = ImageBot.builder().clock(FakeDiscord.CLOCK).provider(provider).store(store).build();
    closeables.add(bot);
    closeables.add(DiscordAdapter.start(bot, settings, http));
    return bot;
  }

  private DiscordSettings settings() {
    return DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", null).uncompressed();
  }

  /** The immediate answer to interaction {@code id}. */
  private FakeDiscord.Call reply(String id) throws Exception {
    List<FakeDiscord.Call> replies = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 5_000);
    assertEquals(1, replies.size(), "no answer to interaction " + id);
    return replies.get(0);
  }

  /** Mia's generation of lulu at halloween, delivered; returns its history number. */
  private long generated() throws Exception {
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    assertEquals(1, discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).size());
    return store.recent(MIA.key(), 1).get(0).id();
  }

  @Test
  void resend_earlierPicture_followsUpWithItAgain_withoutAProviderCallOrCharge() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
    ImageBot bot = adapter(flux);
    long number = generated();

    String id = discord.slash(FakeDiscord.USER_ID, "resend", Map.of("number", (int) number));

    assertEquals(5, reply(id).payload().path("type").asInt(), "a deferred reply");
    List<FakeDiscord.Call> followUps = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 15_000);
    assertEquals(2, followUps.size());
    FakeDiscord.Call again = followUps.get(1);
    assertEquals(List.of("lulu-halloween.png"), List.copyOf(again.files().keySet()));
    assertNotNull(ImageIO.read(new ByteArrayInputStream(again.files().get("lulu-halloween.png"))),
        "the attachment decodes as an image");
    assertTrue(again.payload().path("content").asText().startsWith("Lulu Pig · Halloween · Scripted flux"),
        again.payload().toString());
    assertTrue(again.payload().path("content").asText().contains("(free)"), again.payload().toString());
    JsonNode rows = again.payload().path("components");
    assertEquals(1, rows.size(), "no upscale or variation rows: " + rows);
    assertTrue(rows.toString().contains("Regenerate") && rows.toString().contains("Send to review"), rows.toString());
    assertEquals(1, flux.calls(), "no new provider call");
    assertEquals(1, bot.quota(MIA).used().today(), "nothing charged for the resend");
  }

  @Test
  void resend_unknownNumber_isRefusedOnlyToTheAsker() throws Exception {
    adapter(ScriptedProvider.named("flux", "0.0012"));

    FakeDiscord.Call reply = reply(discord.slash(FakeDiscord.USER_ID, "resend", Map.of("number", 999)));

    assertEquals(4, reply.payload().path("type").asInt(), reply.payload().toString());
    assertEquals(64, reply.payload().path("data").path("flags").asInt(), "ephemeral");
    assertEquals(BotTexts.nothingToResend(Lang.EN, 999), reply.payload().path("data").path("content").asText());
    assertTrue(discord.calls().stream().noneMatch(FakeDiscord.path("POST", FOLLOW_UP)));
  }

  @Test
  void resend_someoneElsesPicture_isRefusedOnlyToTheAsker() throws Exception {
    adapter(ScriptedProvider.named("flux", "0.0012"));
    long number = generated();

    FakeDiscord.Call reply = reply(discord.slash(FakeDiscord.OTHER_USER_ID, "resend", Map.of("number", (int) number)));

    assertEquals(64, reply.payload().path("data").path("flags").asInt(), "ephemeral");
    assertEquals(BotTexts.nothingToResend(Lang.EN, number), reply.payload().path("data").path("content").asText());
    assertEquals(1, discord.calls().stream().filter(FakeDiscord.path("POST", FOLLOW_UP)).count(),
        "only Mia's own result");
  }

  @Test
  void cancel_duringASlowGeneration_stopsIt_refunds_andTheReplySaysCancelled() throws Exception {
    ScriptedProvider slow = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofHours(1));
    ImageBot bot = adapter(slow);
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    awaitProviderCall(slow);

    FakeDiscord.Call told = reply(discord.slash(FakeDiscord.USER_ID, "cancel", Map.of()));

    assertEquals(64, told.payload().path("data").path("flags").asInt(), "ephemeral");
    assertEquals(BotTexts.cancelling(Lang.EN, 1), told.payload().path("data").path("content").asText());
    String line = InteractionListener.cancelled(Lang.EN, "lulu halloween");
    assertEquals(1, discord.await(call -> call.method().equals("PATCH") && call.path().endsWith("/messages/@original")
        && call.payload().path("content").asText().equals(line), 1, 15_000).size(), discord.calls().toString());
    assertEquals("⏹ lulu halloween — Cancelled. Nothing was charged.", line);
    assertEquals(line, discord.calls().stream().filter(FakeDiscord.path("PATCH", FOLLOW_UP + "/messages/@original"))
        .toList().getLast().payload().path("content").asText(), "the reply's last state");
    assertTrue(discord.calls().stream().noneMatch(FakeDiscord.path("POST", FOLLOW_UP)), "no picture, no error line");
    assertEquals(0, bot.quota(MIA).used().today(), "refunded");
    assertEquals(1, slow.calls());

    FakeDiscord.Call again = reply(discord.slash(FakeDiscord.USER_ID, "cancel", Map.of()));
    assertEquals(BotTexts.cancelling(Lang.EN, 0), again.payload().path("data").path("content").asText());
  }

  @Test
  void cancel_bySomeoneElse_leavesTheGenerationRunning() throws Exception {
    ScriptedProvider slow = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofHours(1));
    adapter(slow);
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    awaitProviderCall(slow);

    FakeDiscord.Call told = reply(discord.slash(FakeDiscord.OTHER_USER_ID, "cancel", Map.of()));
    assertEquals(BotTexts.cancelling(Lang.EN, 0), told.payload().path("data").path("content").asText());

    FakeDiscord.Call mine = reply(discord.slash(FakeDiscord.USER_ID, "cancel", Map.of()));
    assertEquals(BotTexts.cancelling(Lang.EN, 1), mine.payload().path("data").path("content").asText(), "still running");
    assertEquals(1, discord.await(call -> call.method().equals("PATCH")
        && call.payload().path("content").asText().startsWith("⏹"), 1, 15_000).size());
  }

  @Test
  void cancel_afterTheTokenLifetime_saysCancelledInTheChannelMentioningTheAsker() throws Exception {
    ScriptedProvider slow = ScriptedProvider.named("flux", "0.0012").latency(Duration.ofHours(1));
    ImageBot bot = adapter(slow, settings().withHookLifetime(Duration.ZERO));
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    awaitProviderCall(slow);

    reply(discord.slash(FakeDiscord.USER_ID, "cancel", Map.of()));

    FakeDiscord.Call said = discord.await(FakeDiscord.path("POST", "channels/\\d+/messages"), 1, 15_000).get(0);
    assertEquals("<@" + FakeDiscord.USER_ID + "> " + InteractionListener.cancelled(Lang.EN, "lulu halloween"),
        said.payload().path("content").asText());
    assertEquals(0, bot.quota(MIA).used().today(), "refunded");
  }

  @Test
  void help_listsDiscordsSlashCommandsOnly() throws Exception {
    adapter(ScriptedProvider.named("flux", "0.0012"));

    FakeDiscord.Call reply = reply(discord.slash(FakeDiscord.USER_ID, "help", Map.of()));

    assertEquals(64, reply.payload().path("data").path("flags").asInt(), "ephemeral");
    String help = reply.payload().path("data").path("content").asText();
    assertTrue(help.contains("/generate character:lulu theme:halloween") && help.contains("/cancel")
        && help.contains("/resend") && help.contains("📤"), help);
    assertFalse(help.contains("/review submit") || help.contains("--n") || help.contains("<number>"), help);
  }

  @Test
  void history_beforeTheFirstPicture_suggestsTheSlashForm() throws Exception {
    adapter(ScriptedProvider.named("flux", "0.0012"));

    FakeDiscord.Call reply = reply(discord.slash(FakeDiscord.USER_ID, "history", Map.of()));

    assertEquals("No pictures yet. Try /generate character:lulu theme:halloween.",
        reply.payload().path("data").path("content").asText());
  }

  /** Waits until the generation has reached {@code provider}: cancelling earlier would test the queue instead. */
  private static void awaitProviderCall(ScriptedProvider provider) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (provider.calls() == 0 && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertEquals(1, provider.calls(), "the generation reached the provider");
  }
}
