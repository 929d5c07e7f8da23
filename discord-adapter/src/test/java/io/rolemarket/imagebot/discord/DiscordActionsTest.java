package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.ttapi.FakeTtapiServer;
import io.rolemarket.imagebot.providers.ttapi.MidjourneyProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Midjourney's U1–U4 and V1–V4 buttons through real JDA and the loopback Discord, with the real core behind
 * it: the real TTAPI client against its loopback fake, or a scripted Midjourney where a failure is scripted.
 */
class DiscordActionsTest {
  private static final String FOLLOW_UP = "webhooks/\\d+/[^/]+";
  private static final UserRef MIA = UserRef.of("discord", FakeDiscord.USER_ID, "mia");

  private final FakeDiscord discord = new FakeDiscord();
  private final MockWebServer server = new MockWebServer();
  private final FakeTtapiServer ttapi = new FakeTtapiServer();
  private final InMemoryStore store = new InMemoryStore();
  private final OkHttpClient http = new OkHttpClient();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(discord);
    server.start(InetAddress.getLoopbackAddress(), 0);
    store.register(MIA);
    store.setRole(MIA.key(), Role.PRO);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (AutoCloseable closeable : closeables.reversed()) {
        closeable.close();
      }
      discord.disconnect();
      server.close();
      http.dispatcher().executorService().shutdown();
      assertFalse(discord.sawWrongToken(), "a call came without the bot token");
      assertEquals(List.of(), discord.unexpected(), "calls the fake does not serve");
      assertEquals(List.of(), ttapi.problems(), "calls TTAPI would refuse");
      assertEquals(0, store.heldReservations(), "reservations left held");
    } finally {
      ttapi.close();
    }
  }

  /** The real TTAPI client aimed at its loopback fake. */
  private MidjourneyProvider ttapiMidjourney() {
    return new MidjourneyProvider(http, new ObjectMapper(), new Endpoint(ttapi.url(), FakeProviderServer.KEY,
        "TTAPI_API_KEY", Duration.ofSeconds(2), 1024 * 1024), "fast",
        new JobWait(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());
  }

  /** Starts the adapter on a bot whose only provider is {@code midjourney}; pros get {@code daily} images a day. */
  private void adapter(ImageProvider midjourney, int daily) throws Exception {
    adapter(midjourney, daily, Duration.ofMillis(1500));
  }

  /** The same, showing progress after {@code editInterval}. */
  private void adapter(ImageProvider midjourney, int daily, Duration editInterval) throws Exception {
    ImageBot bot = ImageBot.builder().clock(FakeDiscord.CLOCK).provider(midjourney).store(store)
        .quotaPolicy(new QuotaPolicy(new QuotaLimits(daily, 300), new QuotaLimits(daily, 1500))).build();
    closeables.add(bot);
    DiscordSettings settings = DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", null).uncompressed()
        .withEditInterval(editInterval);
    closeables.add(DiscordAdapter.start(bot, settings, http));
  }

  /** Asks for a Midjourney grid of four and returns its result message. */
  private FakeDiscord.Call midjourneyGrid() throws Exception {
    discord.slash(FakeDiscord.USER_ID, "generate",
        Map.of("character", "lulu", "theme", "halloween", "count", 4, "provider", "midjourney"));
    return discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0);
  }

  /** Presses {@code label} under {@code message} and returns the next follow-up, the {@code nth} in all. */
  private FakeDiscord.Call press(FakeDiscord.Call message, String label, int nth) throws Exception {
    discord.press(FakeDiscord.USER_ID, button(message, label));
    List<FakeDiscord.Call> followUps = discord.await(FakeDiscord.path("POST", FOLLOW_UP), nth, 15_000);
    assertEquals(nth, followUps.size(), "follow-ups: " + followUps.size());
    return followUps.get(nth - 1);
  }

  /** The custom id of the button labelled {@code label} in {@code message}. */
  private static String button(FakeDiscord.Call message, String label) {
    for (JsonNode row : message.payload().path("components")) {
      for (JsonNode button : row.path("components")) {
        if (button.path("label").asText().equals(label)) {
          return button.path("custom_id").asText();
        }
      }
    }
    throw new AssertionError("no button " + label + " in " + message.payload().path("components"));
  }

  private static List<String> labels(JsonNode row) {
    List<String> labels = new ArrayList<>();
    row.path("components").forEach(button -> labels.add(button.path("label").asText()));
    return labels;
  }

  @Test
  void midjourneyResult_carriesUpscaleAndVariationRows() throws Exception {
    adapter(ttapiMidjourney(), 25);

    JsonNode rows = midjourneyGrid().payload().path("components");

    assertEquals(3, rows.size(), rows.toString());
    assertEquals(List.of("🔁 Regenerate", "🎲 Variations", "📤 Send to review"), labels(rows.get(0)));
    assertEquals(List.of("U1", "U2", "U3", "U4"), labels(rows.get(1)));
    assertEquals(List.of("V1", "V2", "V3", "V4"), labels(rows.get(2)));
    assertTrue(rows.get(1).path("components").get(1).path("custom_id").asText().startsWith("xU2:"), rows.toString());
  }

  @Test
  void upscaleButton_defersThenFollowsUpWithTheUpscaledPicture_chargedAsItsOwnJob() throws Exception {
    adapter(ttapiMidjourney(), 25);
    FakeDiscord.Call grid = midjourneyGrid();

    String id = discord.press(FakeDiscord.USER_ID, button(grid, "U2"));
    FakeDiscord.Call ack = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);
    assertEquals(5, ack.payload().path("type").asInt(), "a deferred reply");
    FakeDiscord.Call upscaled = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 15_000).get(1);

    assertEquals(1, upscaled.files().size(), upscaled.files().keySet().toString());
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(upscaled.files().values().iterator().next()));
    assertNotNull(picture, "the attachment decodes as an image");
    assertEquals(ttapi.imageWidth() * 2, picture.getWidth(), "TTAPI's upscale, not a quarter of the grid");
    assertTrue(upscaled.payload().path("content").asText().startsWith("Lulu Pig · Halloween · Midjourney (TTAPI)"),
        upscaled.payload().toString());
    assertEquals(List.of("mj-1:upsample2"), ttapi.actions());
    assertEquals(4 + 1, store.usage(MIA.key(), FakeDiscord.CLOCK.instant()).today(), "the upscale is charged one image");
    List<HistoryEntry> history = store.recent(MIA.key(), 10);
    assertEquals(2, history.size(), "the upscale is its own history entry");
    assertEquals(1, history.get(0).images().size());
    InMemoryStore.Job job = store.jobs().getLast();
    assertEquals("action:midjourney/mj-1/U2", job.cacheKey());
    assertEquals("succeeded", job.state());
  }

  @Test
  void upscaleButton_showsProgressInTheDeferredReply_thenRemovesIt() throws Exception {
    adapter(ttapiMidjourney(), 25, Duration.ZERO);
    FakeDiscord.Call grid = midjourneyGrid();

    discord.press(FakeDiscord.USER_ID, button(grid, "U2"));

    assertEquals(1, discord.await(call -> call.method().equals("PATCH")
        && call.payload().path("content").asText().startsWith("⏳ lulu halloween U2 — "), 1, 15_000).size(),
        discord.calls().toString());
    discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 15_000);
    discord.await(FakeDiscord.path("DELETE", FOLLOW_UP + "/messages/@original"), 2, 5_000);
    List<FakeDiscord.Posted> left = discord.messages();
    assertEquals(2, left.size(), "the grid and the upscale, no status line: " + left);
    for (FakeDiscord.Posted message : left) {
      assertTrue(message.content().startsWith("Lulu Pig · Halloween") && !message.files().isEmpty(), left.toString());
    }
  }

  @Test
  void upscaleResult_offersNoUpscaleOrVariationRows() throws Exception {
    adapter(ttapiMidjourney(), 25);

    JsonNode rows = press(midjourneyGrid(), "U1", 2).payload().path("components");

    assertEquals(1, rows.size(), rows.toString());
    assertEquals(List.of("🔁 Regenerate", "🎲 Variations", "📤 Send to review"), labels(rows.get(0)));
  }

  @Test
  void variationButton_resultOffersTheRowsAgain_actingOnItsOwnJob() throws Exception {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    adapter(midjourney, 25);

    FakeDiscord.Call varied = press(midjourneyGrid(), "V3", 2);
    assertEquals(5, varied.files().size(), "a grid and four originals: " + varied.files().keySet());
    JsonNode rows = varied.payload().path("components");
    assertEquals(List.of("U1", "U2", "U3", "U4"), labels(rows.get(1)));
    assertEquals(List.of("V1", "V2", "V3", "V4"), labels(rows.get(2)));
    press(varied, "U4", 3);

    assertEquals(List.of("job-1/V3", "job-2/U4"), midjourney.acted(), "the U4 acts on the variation's own job");
    assertEquals(4 + 4 + 1, store.usage(MIA.key(), FakeDiscord.CLOCK.instant()).today());
  }

  @Test
  void resend_midjourneyGrid_sendsTheGridAndOriginalsAgain_free_withItsUpscaleRows_andU2ActsOnTheGridsJob()
      throws Exception {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    adapter(midjourney, 25);
    FakeDiscord.Call grid = midjourneyGrid();
    long number = store.recent(MIA.key(), 1).get(0).id();

    discord.slash(FakeDiscord.USER_ID, "resend", Map.of("number", (int) number));
    List<FakeDiscord.Call> followUps = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 15_000);

    assertEquals(2, followUps.size());
    FakeDiscord.Call again = followUps.get(1);
    assertEquals(grid.files().keySet(), again.files().keySet(), "the grid and the four originals");
    JsonNode rows = again.payload().path("components");
    assertEquals(3, rows.size(), "history keeps the grid's Midjourney job: " + rows);
    assertEquals(List.of("🔁 Regenerate", "🎲 Variations", "📤 Send to review"), labels(rows.get(0)));
    assertEquals(List.of("U1", "U2", "U3", "U4"), labels(rows.get(1)));
    assertEquals(1, midjourney.generations());
    assertEquals(4, store.usage(MIA.key(), FakeDiscord.CLOCK.instant()).today(), "the resend is free");

    FakeDiscord.Call upscaled = press(again, "U2", 3);

    assertEquals(1, upscaled.files().size(), "one upscaled picture: " + upscaled.files().keySet());
    assertEquals(List.of("job-1/U2"), midjourney.acted());
    assertEquals(4 + 1, store.usage(MIA.key(), FakeDiscord.CLOCK.instant()).today(), "the action is charged");
  }

  @Test
  void cancel_whileAnUpscaleRuns_stopsIt_refundsIt_andTheReplySaysCancelled() throws Exception {
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    adapter(midjourney, 25);
    FakeDiscord.Call grid = midjourneyGrid();
    midjourney.holdActions();
    discord.press(FakeDiscord.USER_ID, button(grid, "U2"));
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (midjourney.acted().isEmpty() && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertEquals(List.of("job-1/U2"), midjourney.acted(), "the upscale reached the provider");

    String cancel = discord.slash(FakeDiscord.USER_ID, "cancel", Map.of());
    FakeDiscord.Call told = discord.await(FakeDiscord.path("POST", "interactions/" + cancel + "/.*"), 1, 5_000).get(0);

    assertEquals(64, told.payload().path("data").path("flags").asInt(), "ephemeral");
    assertEquals(1, discord.await(call -> call.method().equals("PATCH")
        && call.payload().path("content").asText().startsWith("⏹")
        && call.payload().path("content").asText().endsWith("Cancelled. Nothing was charged."), 1, 15_000).size(),
        discord.calls().toString());
    assertEquals(4, store.usage(MIA.key(), FakeDiscord.CLOCK.instant()).today(), "the grid is charged, the upscale refunded");
    assertEquals(0, store.heldReservations(), "no reservation left held");
  }

  @Test
  void providerAction_providerFails_isToldEphemerallyAndRefunded() throws Exception {
    adapter(ScriptedActionableProvider.named("midjourney", "0.02")
        .thenFailActions(new ProviderFailure.Transient("Midjourney (TTAPI) job failed: Job Timeout", null)), 25);

    FakeDiscord.Call told = press(midjourneyGrid(), "U3", 2);

    assertEquals(64, told.payload().path("flags").asInt(), "ephemeral: " + told.payload());
    String line = told.payload().path("content").asText();
    assertTrue(line.startsWith("U3 did not work") && line.endsWith("Nothing was charged."), line);
    assertEquals(0, told.files().size());
    assertEquals(4, store.usage(MIA.key(), FakeDiscord.CLOCK.instant()).today(), "the failed U3 was refunded");
  }

  @Test
  void providerAction_overQuota_isToldEphemerallyAndNothingRuns() throws Exception {
    adapter(ttapiMidjourney(), 4);

    FakeDiscord.Call told = press(midjourneyGrid(), "V1", 2);

    assertEquals(64, told.payload().path("flags").asInt(), "ephemeral: " + told.payload());
    assertTrue(told.payload().path("content").asText().startsWith("Over quota"), told.payload().toString());
    assertEquals(List.of(), ttapi.actions());
    assertEquals(4, store.usage(MIA.key(), FakeDiscord.CLOCK.instant()).today());
  }

  @Test
  void providerAction_pressedBySomeoneElse_isRefusedEphemerally() throws Exception {
    adapter(ttapiMidjourney(), 25);
    FakeDiscord.Call grid = midjourneyGrid();

    String id = discord.press(FakeDiscord.OTHER_USER_ID, button(grid, "U2"));
    FakeDiscord.Call reply = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);

    assertEquals(64, reply.payload().path("data").path("flags").asInt());
    assertTrue(reply.payload().path("data").path("content").asText().startsWith("Only the person who asked"));
    assertEquals(List.of(), ttapi.actions());
  }

  @Test
  void providerAction_unknownToken_saysTheRequestExpired() throws Exception {
    adapter(ttapiMidjourney(), 25);

    String id = discord.press(FakeDiscord.USER_ID, "xU2:NoSuchToken");
    FakeDiscord.Call reply = discord.await(FakeDiscord.path("POST", "interactions/" + id + "/.*"), 1, 3_000).get(0);

    assertEquals(64, reply.payload().path("data").path("flags").asInt());
    assertTrue(reply.payload().path("data").path("content").asText().startsWith("This button has expired"),
        reply.payload().toString());
  }
}
