package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.review.HandOff;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.providers.sketch.SketchProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Design review through real JDA and the loopback Discord: post, votes, edits, modal, decision, hand-off. */
class DiscordReviewTest {
  private static final String ANN = "1400000000000000011";
  private static final String BOB = "1400000000000000012";
  private static final String CAT = "1400000000000000013";
  private static final String EVE = "1400000000000000066";
  private static final String FOLLOW_UP = "webhooks/\\d+/[^/]+";
  private static final String POSTS = "channels/" + FakeDiscord.GUILD_CHANNEL_ID + "/messages";
  private static final String EDITS = POSTS + "/\\d+";
  private static final String DIRECT = "channels/" + FakeDiscord.DM_CHANNEL_ID + "/messages";

  @TempDir Path dir;
  private final FakeDiscord discord = new FakeDiscord().inGuild();
  private final MockWebServer server = new MockWebServer();
  private final InMemoryStore store = new InMemoryStore();
  private final OkHttpClient http = new OkHttpClient();
  private ImageBot bot;
  private DiscordAdapter adapter;
  private DiscordSettings settings;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(discord);
    server.start(InetAddress.getLoopbackAddress(), 0);
    Catalog catalog = Catalog.builtIn();
    bot = ImageBot.builder().clock(FakeDiscord.CLOCK).catalog(catalog).provider(new SketchProvider(catalog)).store(store)
        .reviewRules(ReviewRules.of(Set.of("discord:" + ANN, "discord:" + BOB, "discord:" + CAT), Set.of()))
        .handOff(HandOff.toFolder(dir.resolve("approved"))).build();
    settings = DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", null)
        .uncompressed().withReviewChannel(Long.parseLong(FakeDiscord.GUILD_CHANNEL_ID));
    adapter = DiscordAdapter.start(bot, settings, http);
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    bot.close();
    discord.disconnect();
    server.close();
    http.dispatcher().executorService().shutdown();
    assertFalse(discord.sawWrongToken(), "a call came without the bot token");
    assertEquals(List.of(), discord.unexpected(), "calls the fake does not serve");
  }

  /** Generates a picture for the requester and presses its 📤 button; returns the review post. */
  private FakeDiscord.Call generateAndSubmit() throws Exception {
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    FakeDiscord.Call result = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0);
    String review = result.payload().path("components").get(0).path("components").get(2).path("custom_id").asText();
    assertTrue(review.startsWith("rv:"), review);
    discord.press(FakeDiscord.USER_ID, review);
    FakeDiscord.Call post = discord.await(FakeDiscord.path("POST", POSTS), 1, 15_000).get(0);
    List<FakeDiscord.Call> answers = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 5_000);
    assertEquals(2, answers.size(), "the requester is told where it went");
    JsonNode told = answers.get(1).payload();
    assertEquals(64, told.path("flags").asInt(), "privately: " + told);
    assertTrue(told.path("content").asText().contains("as design #1"), told.toString());
    return post;
  }

  private FakeDiscord.Call answerTo(String interactionId) throws InterruptedException {
    return discord.await(FakeDiscord.path("POST", "interactions/" + interactionId + "/.*"), 1, 5_000).get(0);
  }

  @Test
  void submit_postsTheDesignWithItsCaptionPictureAndVoteButtons() throws Exception {
    FakeDiscord.Call post = generateAndSubmit();

    String caption = post.payload().path("content").asText();
    assertTrue(caption.startsWith("🗳 Design #1 · lulu · halloween"), caption);
    assertTrue(caption.contains("Prompt: ") && caption.contains("Requested by discord:" + FakeDiscord.USER_ID)
        && caption.contains("sketch") && caption.contains("$"), caption);
    assertEquals(1, post.files().size());
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(post.files().values().iterator().next()));
    assertNotNull(picture, "the attachment decodes as an image");
    JsonNode buttons = post.payload().path("components").get(0).path("components");
    assertEquals(List.of("ra:1", "rr:1", "rc:1"), Stream.of(0, 1, 2)
        .map(i -> buttons.get(i).path("custom_id").asText()).toList());
    assertEquals(List.of("✅ Approve", "❌ Reject", "✏️ Request changes"), Stream.of(0, 1, 2)
        .map(i -> buttons.get(i).path("label").asText()).toList());
  }

  @Test
  void threeVotes_editThePostEachTime_approve_tellTheRequester_andHandOff() throws Exception {
    generateAndSubmit();

    answerTo(discord.pressInGuild(ANN, "ra:1", "1"));
    FakeDiscord.Call first = discord.await(FakeDiscord.path("PATCH", EDITS), 1, 5_000).get(0);
    assertTrue(first.payload().path("content").asText().contains("✅ 1 · ❌ 0 · ✏️ 0 — discord:" + ANN + " ✅"),
        first.payload().toString());
    assertEquals(1, first.payload().path("components").size(), "still open: the buttons stay");

    FakeDiscord.Call counted = answerTo(discord.pressInGuild(BOB, "rr:1", "1"));
    assertEquals(64, counted.payload().path("data").path("flags").asInt());
    assertTrue(counted.payload().path("data").path("content").asText().startsWith("Vote counted on design #1"),
        counted.payload().toString());
    FakeDiscord.Call second = discord.await(FakeDiscord.path("PATCH", EDITS), 2, 5_000).get(1);
    assertTrue(second.payload().path("content").asText().contains("✅ 1 · ❌ 1 · ✏️ 0"), second.payload().toString());

    answerTo(discord.pressInGuild(CAT, "ra:1", "1"));
    FakeDiscord.Call decided = discord.await(FakeDiscord.path("PATCH", EDITS), 3, 5_000).get(2);
    String caption = decided.payload().path("content").asText();
    assertTrue(caption.contains("✅ 2 · ❌ 1 · ✏️ 0") && caption.contains("✅ Approved (2 approvals)"), caption);
    assertTrue(caption.contains("discord:" + ANN) && caption.contains("discord:" + BOB)
        && caption.contains("discord:" + CAT), caption);
    assertEquals(0, decided.payload().path("components").size(), "the buttons go: " + decided.payload());
    assertEquals(first.path(), decided.path(), "the same post is edited");

    FakeDiscord.Call told = discord.await(FakeDiscord.path("POST", DIRECT), 1, 5_000).get(0);
    assertTrue(told.payload().path("content").asText().startsWith("Your design #1 (lulu halloween) was approved"),
        told.payload().toString());

    Path folder = dir.resolve("approved").resolve("lulu").resolve("halloween");
    assertTrue(Files.exists(folder.resolve("1.json")), "the sidecar is written");
    JsonNode sidecar = new ObjectMapper().readTree(folder.resolve("1.json").toFile());
    assertEquals("approved", sidecar.path("outcome").asText());
    assertEquals(3, sidecar.path("votes").size());
    assertEquals("discord:" + FakeDiscord.USER_ID, sidecar.path("requester").asText());
    String file = sidecar.path("files").get(0).asText();
    assertNotNull(ImageIO.read(folder.resolve(file).toFile()), "the handed-off picture decodes");
  }

  @Test
  void nonReviewerVote_isRefusedPrivately_andChangesNothing() throws Exception {
    generateAndSubmit();

    FakeDiscord.Call reply = answerTo(discord.pressInGuild(EVE, "ra:1", "1"));
    assertEquals(64, reply.payload().path("data").path("flags").asInt(), "ephemeral");
    assertEquals("Only reviewers can vote.", reply.payload().path("data").path("content").asText());
    FakeDiscord.Call modal = answerTo(discord.pressInGuild(EVE, "rc:1", "1"));
    assertEquals("Only reviewers can vote.", modal.payload().path("data").path("content").asText());

    Thread.sleep(300);
    assertTrue(discord.calls().stream().noneMatch(FakeDiscord.path("PATCH", EDITS)), "the post is not edited");
    assertEquals(0, bot.design(1).orElseThrow().tally().votes().size());
  }

  @Test
  void requestChanges_opensAModal_andItsNoteSendsTheDesignBack() throws Exception {
    generateAndSubmit();

    FakeDiscord.Call opened = answerTo(discord.pressInGuild(ANN, "rc:1", "1"));
    assertEquals(9, opened.payload().path("type").asInt(), "a modal: " + opened.payload());
    assertEquals("rn:1", opened.payload().path("data").path("custom_id").asText());

    FakeDiscord.Call reply = answerTo(discord.submitModalInGuild(ANN, "rn:1", "note", "make the hat orange"));
    assertTrue(reply.payload().path("data").path("content").asText().contains("sent back with change requests"),
        reply.payload().toString());
    FakeDiscord.Call decided = discord.await(FakeDiscord.path("PATCH", EDITS), 1, 5_000).get(0);
    String caption = decided.payload().path("content").asText();
    assertTrue(caption.contains("✏️ Changes requested") && caption.contains("make the hat orange"), caption);
    assertEquals(0, decided.payload().path("components").size());
    FakeDiscord.Call told = discord.await(FakeDiscord.path("POST", DIRECT), 1, 5_000).get(0);
    assertTrue(told.payload().path("content").asText().contains("make the hat orange"), told.payload().toString());
    assertFalse(Files.exists(dir.resolve("approved")), "nothing is handed off");
  }

  @Test
  void voteButtons_keepWorkingAfterARestart() throws Exception {
    generateAndSubmit();
    adapter.close();
    adapter = DiscordAdapter.start(bot, settings, http);

    FakeDiscord.Call reply = answerTo(discord.pressInGuild(ANN, "ra:1", "1"));
    assertTrue(reply.payload().path("data").path("content").asText().startsWith("Vote counted on design #1"),
        reply.payload().toString());
    FakeDiscord.Call edit = discord.await(FakeDiscord.path("PATCH", EDITS), 1, 5_000).get(0);
    assertTrue(edit.payload().path("content").asText().contains("✅ 1 · ❌ 0 · ✏️ 0"), edit.payload().toString());
  }

  @Test
  void aVoteAfterTheDecision_changesNothing_andSaysSo() throws Exception {
    generateAndSubmit();
    answerTo(discord.pressInGuild(ANN, "rr:1", "1"));
    answerTo(discord.pressInGuild(BOB, "rr:1", "1"));
    discord.await(FakeDiscord.path("PATCH", EDITS), 2, 5_000);

    FakeDiscord.Call late = answerTo(discord.pressInGuild(CAT, "ra:1", "1"));
    assertTrue(late.payload().path("data").path("content").asText().contains("was already decided (rejected)"),
        late.payload().toString());
    Thread.sleep(300);
    assertEquals(2, discord.calls().stream().filter(FakeDiscord.path("PATCH", EDITS)).count());
    assertFalse(Files.exists(dir.resolve("approved")), "a rejected design is never handed off");
  }

  @Test
  void decision_whenTheRequesterTakesNoDirectMessages_mentionsThemInTheReviewChannel() throws Exception {
    generateAndSubmit();
    discord.unknownWebhookNext("users/@me/channels");
    answerTo(discord.pressInGuild(ANN, "rr:1", "1"));
    answerTo(discord.pressInGuild(BOB, "rr:1", "1"));

    FakeDiscord.Call told = discord.await(FakeDiscord.path("POST", POSTS), 2, 5_000).get(1);
    assertTrue(told.payload().path("content").asText()
        .startsWith("<@" + FakeDiscord.USER_ID + "> Your design #1 (lulu halloween) was rejected"),
        told.payload().toString());
  }
}
