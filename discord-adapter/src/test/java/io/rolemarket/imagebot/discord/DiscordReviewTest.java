package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.command.ReviewTexts;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.HandOff;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.review.Ruling;
import io.rolemarket.imagebot.core.review.SubmitOutcome;
import io.rolemarket.imagebot.core.review.VoteOutcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
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

/**
 * Design review through real JDA and the loopback Discord: post, votes, edits, modal, decision, hand-off, and
 * browsing with {@code /review}.
 */
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
  void submit_whenTheReviewChannelCannotBeSeen_saysSoInsteadOfClaimingAPost() throws Exception {
    adapter.close();
    adapter = DiscordAdapter.start(bot, settings.withReviewChannel(1_300_000_000_000_000_999L), http);
    discord.slash(FakeDiscord.USER_ID, "generate", Map.of("character", "lulu", "theme", "halloween"));
    FakeDiscord.Call result = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 15_000).get(0);
    String review = result.payload().path("components").get(0).path("components").get(2).path("custom_id").asText();
    discord.press(FakeDiscord.USER_ID, review);

    JsonNode told = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 2, 10_000).get(1).payload();
    assertTrue(told.path("content").asText().contains("as design #1")
        && told.path("content").asText().contains("could not post it in the review channel"), told.toString());
    assertTrue(discord.calls().stream().noneMatch(FakeDiscord.path("POST", POSTS)), "nothing was posted");
  }

  @Test
  void votePress_outsideTheReviewChannel_neverBecomesTheDesignsPost() throws Exception {
    Design design = submittedThroughTheCore("halloween");
    answerTo(discord.press(ANN, "ra:" + design.id()));

    assertEquals(java.util.Optional.empty(), store.post(design.id(), "discord"),
        "a message outside the review channel is not remembered as the post");
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

  /** A picture of lulu in {@code theme} made for the requester and submitted, through the core (no post). */
  private Design submittedThroughTheCore(String theme) {
    UserRef requester = UserRef.of("discord", FakeDiscord.USER_ID, "mia");
    GenerateOutcome made = bot.generate(GenerateRequest.of(requester, "lulu", theme), event -> { });
    long historyId = assertInstanceOf(GenerateOutcome.Generated.class, made).result().historyId();
    return assertInstanceOf(SubmitOutcome.Submitted.class, bot.submitForReview(requester, historyId)).design();
  }

  /** Approves {@code design} with two reviewers' votes, through the core. */
  private void approveThroughTheCore(Design design) {
    bot.voteOnReview(UserRef.of("discord", ANN, "ann"), design.id(), Verdict.APPROVE, "");
    VoteOutcome.Voted voted = assertInstanceOf(VoteOutcome.Voted.class,
        bot.voteOnReview(UserRef.of("discord", BOB, "bob"), design.id(), Verdict.APPROVE, ""));
    assertEquals(Outcome.APPROVED, assertInstanceOf(Ruling.Decides.class, voted.ruling()).outcome());
  }

  /** The text of a private (ephemeral) immediate answer to interaction {@code id}. */
  private String privateAnswer(String id) throws InterruptedException {
    FakeDiscord.Call answer = answerTo(id);
    assertEquals(4, answer.payload().path("type").asInt(), answer.payload().toString());
    assertEquals(64, answer.payload().path("data").path("flags").asInt(), "only to the asker: " + answer.payload());
    return answer.payload().path("data").path("content").asText();
  }

  @Test
  void reviewApproved_listsTheApprovedDesigns_inTheWordsOfEveryPlatform() throws Exception {
    Design halloween = submittedThroughTheCore("halloween");
    Design christmas = submittedThroughTheCore("christmas");
    submittedThroughTheCore("halloween");
    approveThroughTheCore(halloween);
    approveThroughTheCore(christmas);

    String all = privateAnswer(discord.slash(EVE, "review", "approved", Map.of()));
    assertEquals(ReviewTexts.approved(bot.approvedDesigns(null, null, 20)), all);
    assertTrue(all.contains("\n#1  lulu halloween  by discord:" + FakeDiscord.USER_ID)
        && all.contains("\n#2  lulu christmas"), all);
    assertFalse(all.contains("\n#3 "), "a design still waiting is not approved: " + all);

    String christmasOnly = privateAnswer(discord.slash(EVE, "review", "approved",
        Map.of("character", "Lulu", "theme", "christmas")));
    assertTrue(christmasOnly.contains("#2  lulu christmas") && !christmasOnly.contains("\n#1 "), christmasOnly);
    assertEquals("No approved designs yet.",
        privateAnswer(discord.slash(EVE, "review", "approved", Map.of("theme", "beach"))));
  }

  @Test
  void reviewShow_unknownDesign_saysSoOnlyToTheAsker() throws Exception {
    assertEquals("There is no design #99 (or its picture is no longer stored).",
        privateAnswer(discord.slash(EVE, "review", "show", Map.of("design", 99))));
  }

  @Test
  void reviewShow_sendsTheDesignsPictureWithItsVotes_onlyToTheAsker() throws Exception {
    Design design = submittedThroughTheCore("halloween");
    approveThroughTheCore(design);

    String id = discord.slash(EVE, "review", "show", Map.of("design", 1));
    FakeDiscord.Call ack = answerTo(id);
    assertEquals(5, ack.payload().path("type").asInt(), "deferred: " + ack.payload());
    assertEquals(64, ack.payload().path("data").path("flags").asInt(), "only to the asker: " + ack.payload());
    FakeDiscord.Call shown = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 5_000).get(0);
    String caption = shown.payload().path("content").asText();
    assertEquals(ReviewTexts.post(bot.design(1).orElseThrow()), caption);
    assertTrue(caption.startsWith("🗳 Design #1 · lulu · halloween") && caption.contains("✅ Approved"), caption);
    assertEquals(1, shown.files().size());
    assertNotNull(ImageIO.read(new ByteArrayInputStream(shown.files().values().iterator().next())),
        "the attachment decodes as an image");
    assertEquals(0, shown.payload().path("components").size(), "no vote buttons outside the post");
    assertTrue(discord.messages().stream().allMatch(FakeDiscord.Posted::ephemeral), discord.messages().toString());
  }

  @Test
  void reviewPending_byANonReviewer_getsTheListTheOtherPlatformsGive() throws Exception {
    submittedThroughTheCore("halloween");
    approveThroughTheCore(submittedThroughTheCore("christmas"));

    String pending = privateAnswer(discord.slash(EVE, "review", "pending", Map.of()));
    assertEquals(ReviewTexts.pending(bot.pendingReviews(20)), pending);
    assertEquals("Waiting for review:\n#1  lulu halloween  by discord:" + FakeDiscord.USER_ID
        + "  ✅ 0 · ❌ 0 · ✏️ 0", pending);
  }

  @Test
  void reviewSubmit_postsToTheReviewChannel_likeTheSendToReviewButton() throws Exception {
    UserRef requester = UserRef.of("discord", FakeDiscord.USER_ID, "mia");
    GenerateOutcome made = bot.generate(GenerateRequest.of(requester, "lulu", "halloween"), event -> { });
    long historyId = assertInstanceOf(GenerateOutcome.Generated.class, made).result().historyId();

    String id = discord.slash(FakeDiscord.USER_ID, "review", "submit", Map.of("number", (int) historyId));
    assertEquals(64, answerTo(id).payload().path("data").path("flags").asInt(), "acknowledged privately");
    FakeDiscord.Call post = discord.await(FakeDiscord.path("POST", POSTS), 1, 15_000).get(0);
    assertTrue(post.payload().path("content").asText().startsWith("🗳 Design #1 · lulu · halloween"),
        post.payload().toString());
    JsonNode buttons = post.payload().path("components").get(0).path("components");
    assertEquals("ra:1", buttons.get(0).path("custom_id").asText());
    FakeDiscord.Call told = discord.await(FakeDiscord.path("POST", FOLLOW_UP), 1, 5_000).get(0);
    assertTrue(told.payload().path("content").asText().contains("as design #1"), told.payload().toString());
    assertTrue(discord.messages().stream().filter(message -> !message.channelId().equals(FakeDiscord.GUILD_CHANNEL_ID))
        .allMatch(FakeDiscord.Posted::ephemeral), discord.messages().toString());
  }

  @Test
  void reviewApproved_autocompletesTheTheme() throws Exception {
    String id = discord.autocomplete(EVE, "review", "approved", "theme", "hal");

    FakeDiscord.Call reply = answerTo(id);
    assertEquals(8, reply.payload().path("type").asInt());
    assertEquals("halloween", reply.payload().path("data").path("choices").get(0).path("value").asText(),
        reply.payload().toString());
  }

  @Test
  void registeredCommands_carryChineseDescriptionsForChineseClients() throws Exception {
    FakeDiscord.Call put = discord.await(FakeDiscord.path("PUT", "applications/\\d+/commands"), 1, 5_000).get(0);
    JsonNode generate = put.payload().get(0);
    assertEquals("generate", generate.path("name").asText());
    assertEquals("畫一幅角色配主題的圖", generate.path("description_localizations").path("zh-TW").asText(), generate.toString());
    assertEquals("畫一幅角色配主題的圖", generate.path("description_localizations").path("zh-CN").asText());
    assertEquals("畫誰，例如 lulu",
        generate.path("options").get(0).path("description_localizations").path("zh-TW").asText());
  }

  @Test
  void registeredCommands_includeReviewWithItsSubcommands() throws Exception {
    FakeDiscord.Call put = discord.await(FakeDiscord.path("PUT", "applications/\\d+/commands"), 1, 5_000).get(0);
    JsonNode review = null;
    for (JsonNode command : put.payload()) {
      if (command.path("name").asText().equals("review")) {
        review = command;
      }
    }
    assertNotNull(review, put.payload().toString());
    List<String> subcommands = new java.util.ArrayList<>();
    for (JsonNode option : review.path("options")) {
      assertEquals(1, option.path("type").asInt(), "a subcommand: " + option);
      subcommands.add(option.path("name").asText());
    }
    assertEquals(List.of("pending", "approved", "show", "submit"), subcommands);
  }
}
