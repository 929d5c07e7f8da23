package io.rolemarket.imagebot.telegram;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.review.HandOff;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.providers.sketch.SketchProvider;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Design review through the real telegrambots code and a loopback Bot API: post, votes, edits, decision, hand-off. */
class TelegramReviewTest {
  private static final long ALICE = 1001;
  private static final long EVE = 1666;
  private static final long ANN = 2001;
  private static final long BOB = 2002;
  private static final long CAT = 2003;
  private static final long LEAD = 2004;
  private static final long GROUP = -100500;

  @TempDir Path dir;
  private final FakeBotApi api = new FakeBotApi();
  private final MockWebServer server = new MockWebServer();
  private final InMemoryStore store = new InMemoryStore();
  private ImageBot bot;
  private TelegramAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(api);
    server.start(InetAddress.getLoopbackAddress(), 0);
    Catalog catalog = Catalog.builtIn();
    bot = ImageBot.builder().clock(TestClocks.FIXED).catalog(catalog).provider(new SketchProvider(catalog)).store(store)
        .reviewRules(ReviewRules.of(Set.of("telegram:" + ANN, "telegram:" + BOB, "telegram:" + CAT),
            Set.of("telegram:" + LEAD)))
        .handOff(HandOff.toFolder(dir.resolve("approved"))).build();
    TelegramSettings settings = new TelegramSettings(FakeBotApi.TOKEN, server.url("/").toString(),
        Duration.ofMillis(1050), Duration.ofMillis(100), Duration.ofMillis(40), Duration.ofMillis(400),
        Duration.ofMillis(800), null).withReviewChat(GROUP);
    adapter = TelegramAdapter.start(bot, store, settings, new OkHttpClient());
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    bot.close();
    server.close();
    assertFalse(api.sawWrongToken());
  }

  /** Generates a picture for Alice and presses its 📤 button; returns the review post once Alice is told. */
  private FakeBotApi.Call generateAndSubmit() throws Exception {
    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    FakeBotApi.Call photo = one(c -> c.method().equals("sendphoto") && c.chatId() == ALICE, 1);
    String review = photo.replyMarkup().replaceAll(".*\"(rv:[A-Za-z0-9]+)\".*", "$1");
    api.userPresses(ALICE, ALICE, review);
    FakeBotApi.Call post = one(c -> c.method().equals("sendphoto") && c.chatId() == GROUP, 1);
    toAlice("to the review group as design #1.");
    return post;
  }

  private FakeBotApi.Call one(Predicate<FakeBotApi.Call> match, int nth) throws InterruptedException {
    List<FakeBotApi.Call> found = api.await(match, nth, 15_000);
    assertTrue(found.size() >= nth, "waited for call " + nth + "; calls: " + api.calls());
    return found.get(nth - 1);
  }

  private FakeBotApi.Call edit(int nth) throws InterruptedException {
    return one(c -> c.method().equals("editmessagecaption") && c.chatId() == GROUP, nth);
  }

  private FakeBotApi.Call toAlice(String containing) throws InterruptedException {
    return one(c -> c.method().equals("sendmessage") && c.chatId() == ALICE && c.text().contains(containing), 1);
  }

  @Test
  void threeReviewers_approve_postEditedEachTime_requesterTold_fileAndSidecarWritten() throws Exception {
    FakeBotApi.Call post = generateAndSubmit();
    assertNull(post.upload(), "the review post reuses Telegram's file_id");
    assertEquals("F1", post.photo());
    assertTrue(post.text().startsWith("🗳 Design #1 · lulu · halloween\nPrompt: "), post.text());
    assertTrue(post.text().contains("Requested by telegram:" + ALICE + " · sketch"), post.text());
    assertTrue(post.replyMarkup().contains("ra:1") && post.replyMarkup().contains("rr:1")
        && post.replyMarkup().contains("rc:1"), post.replyMarkup());

    api.userPresses(GROUP, EVE, "ra:1");
    FakeBotApi.Call refused = one(c -> c.method().equals("answercallbackquery"), 2);
    assertEquals("Only reviewers can vote.", refused.callbackText());
    assertTrue(refused.alert(), "a private alert");

    api.userPresses(GROUP, ANN, "ra:1");
    FakeBotApi.Call first = edit(1);
    assertTrue(first.text().contains("✅ 1 · ❌ 0 · ✏️ 0 — telegram:2001 ✅"), first.text());
    assertTrue(first.replyMarkup().contains("ra:1"), "buttons stay while pending");
    api.userPresses(GROUP, BOB, "rr:1");
    assertTrue(edit(2).text().contains("✅ 1 · ❌ 1 · ✏️ 0 — telegram:2001 ✅, telegram:2002 ❌"));
    api.userPresses(GROUP, CAT, "ra:1");
    FakeBotApi.Call decided = edit(3);
    assertTrue(decided.text().contains("✅ Approved (2 approvals)"), decided.text());
    assertNull(decided.replyMarkup(), "the decision removes the buttons");
    toAlice("Your design #1 (lulu halloween) was approved (2 approvals).");

    Path folder = dir.resolve("approved/lulu/halloween");
    assertTrue(Files.isRegularFile(folder.resolve("1.png")));
    String sidecar = Files.readString(folder.resolve("1.json"));
    assertTrue(sidecar.contains("\"provider\" : \"sketch\"") && sidecar.contains("\"telegram:2003\""), sidecar);

    api.userPresses(GROUP, LEAD, "rr:1");
    FakeBotApi.Call late = one(c -> c.method().equals("answercallbackquery"), 6);
    assertEquals("Design #1 was already decided (approved); your vote changes nothing.", late.callbackText());
    Thread.sleep(300);
    assertEquals(3, api.calls().stream().filter(c -> c.method().equals("editmessagecaption")).count());

    api.userSays(ALICE, ALICE, "/review show 1");
    FakeBotApi.Call shown = one(c -> c.method().equals("sendphoto") && c.chatId() == ALICE, 2);
    assertEquals("F1", shown.photo(), "an approved design is sent again without an upload");
    assertTrue(shown.text().contains("✅ Approved"), shown.text());
    assertNull(shown.replyMarkup());
  }

  @Test
  void leadRejects_postShowsIt_requesterTold_nothingHandedOff() throws Exception {
    generateAndSubmit();
    api.userPresses(GROUP, ANN, "ra:1");
    edit(1);
    api.userPresses(GROUP, LEAD, "rr:1");
    FakeBotApi.Call decided = edit(2);
    assertTrue(decided.text().contains("❌ Rejected (rejected by lead telegram:2004)"), decided.text());
    toAlice("Your design #1 (lulu halloween) was rejected");
    assertFalse(Files.exists(dir.resolve("approved")) && count(dir.resolve("approved")) > 0,
        "a rejected design never reaches the approved folder");
  }

  @Test
  void requestChanges_asksForTheNoteAsAReply_fromThatReviewerOnly() throws Exception {
    generateAndSubmit();
    api.userPresses(GROUP, CAT, "rc:1");
    FakeBotApi.Call question = one(c -> c.method().equals("sendmessage") && c.chatId() == GROUP
        && c.text().startsWith("✏️"), 1);
    assertTrue(question.replyMarkup().contains("force_reply"), question.replyMarkup());
    api.userReplies(GROUP, BOB, question.messageId(), "not my note to give");
    api.userReplies(GROUP, CAT, question.messageId(), "make the hat orange");
    FakeBotApi.Call decided = edit(1);
    assertTrue(decided.text().contains("✏️ Changes requested (1 change request)"), decided.text());
    assertTrue(decided.text().contains("• telegram:2003: make the hat orange"), decided.text());
    toAlice("telegram:2003: make the hat orange");
    assertFalse(decided.text().contains("not my note"));
  }

  private static long count(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
