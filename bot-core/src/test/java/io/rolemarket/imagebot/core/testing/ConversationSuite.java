package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.web.WebSettings;
import io.rolemarket.imagebot.core.web.WebSignIn;
import java.net.URI;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversation, written once and run on every front-end, as {@link StoreContract} runs on every store: a
 * subclass per front-end (the console, Telegram on the fake Bot API, Discord on the fake gateway) supplies a
 * {@link FrontEnd}, a thin driver that types commands, presses buttons and reads back what a user saw as
 * platform-neutral {@link Answer}s. Each scenario asserts what the user sees and what is charged. What a
 * front-end cannot do is said once, in its {@link Capabilities}; those scenarios are skipped there with the
 * reason, and the platform's own way is named in it. Runs one test at a time.
 */
public abstract class ConversationSuite {
  /** How long any answer may take on a loaded machine. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** How long the buttons work in these scenarios. */
  protected static final Duration BUTTON_LIFETIME = Duration.ofHours(1);

  /** The people who talk to the bot: {@link #BOB} reviews designs; nobody is an admin. */
  public enum Person { ALICE, BOB }

  /** A button under an answer: its id (callback data, custom id) and its label. */
  public record Button(String id, String label) {}

  /**
   * One thing a user saw, as it stands now.
   *
   * @param id the front-end's own id for it, unique within a test
   * @param text its words (a picture's caption)
   * @param pictures how many image files it carries
   * @param buttons its buttons, row after row
   * @param privately whether only the user sees it
   */
  public record Answer(String id, String text, int pictures, List<Button> buttons, boolean privately) {
    /** Copies the buttons. */
    public Answer {
      buttons = List.copyOf(buttons);
    }

    /** The button labelled {@code label}. */
    public Button button(String label) {
      return buttons.stream().filter(button -> button.label().equals(label)).findFirst()
          .orElseThrow(() -> new AssertionError("no button " + label + " under " + this));
    }

    /** The labels of its buttons, in order. */
    public List<String> labels() {
      return buttons.stream().map(Button::label).toList();
    }
  }

  /** Something a front-end may lack. */
  public enum Capability {
    /** Buttons under results (🔁 🎲 📤, U/V). */
    BUTTONS,
    /** {@code /cancel} read while a picture is being made. */
    CANCEL_WHILE_GENERATING,
    /** The bot's clock can be moved on (to pass the buttons' lifetime). */
    MOVABLE_CLOCK,
    /** {@code /review submit|approve|…} typed as commands. */
    REVIEW_COMMANDS
  }

  /**
   * What a front-end can do, said in one place.
   *
   * @param picturesForFour how many image files a result of four pictures arrives as
   * @param missing what it cannot do, each with why and how the platform does it instead
   */
  public record Capabilities(int picturesForFour, Map<Capability, String> missing) {
    /** Copies the map. */
    public Capabilities {
      missing = Map.copyOf(missing);
    }

    boolean has(Capability capability) {
      return !missing.containsKey(capability);
    }
  }

  /**
   * What the scenarios are run against: a store that outlives restarts and a way to build the bot over it.
   *
   * @param store the store every bot of a test shares
   * @param newBot a new bot over {@code store} (the driver owns and closes what it builds)
   */
  public record Bots(InMemoryStore store, Supplier<ImageBot> newBot) {}

  /**
   * A front-end driven as its users drive it. Drivers stay thin: the waiting is the suite's. Used by one test
   * thread; {@link #answers} may be read while the bot works.
   */
  public interface FrontEnd extends AutoCloseable {
    /** What it can do. */
    Capabilities capabilities();

    /** The key the core knows {@code person} by here ({@code telegram:1001}). */
    String userKey(Person person);

    /** Starts the adapter on a bot from {@code bots}. */
    void start(Bots bots) throws Exception;

    /** {@code person} types {@code command} (Discord: the slash command with the same options). */
    void send(Person person, String command) throws Exception;

    /** {@code person} presses the button {@code buttonId}. */
    void press(Person person, String buttonId) throws Exception;

    /** Everything {@code person} has been shown so far, oldest first, as it stands now (progress lines left out). */
    List<Answer> answers(Person person);

    /** A new bot and adapter over the same store, as after a restart of the process. */
    void restart() throws Exception;

    /**
     * Every text the bot showed {@code person} so far, progress lines and each version of an edited message
     * included, for the check that a conversation stays in its language; by default the words of {@link #answers}.
     */
    default List<String> said(Person person) {
      return answers(person).stream().map(Answer::text).toList();
    }
  }

  /** A new front-end for one test, not started yet. */
  protected abstract FrontEnd frontEnd() throws Exception;

  private final InMemoryStore store = new InMemoryStore();
  private final Set<String> taken = new HashSet<>();
  private FrontEnd frontEnd;
  private Clock clock;
  private @Nullable TestClock movableClock;
  private @Nullable ImageBot bot;
  /** What scores pictures in the bots {@link #start} builds (none: the consistency check is off). */
  private @Nullable FakePictureEmbedder embedder;
  /** The catalog of the bots {@link #start} builds. */
  private Catalog catalog = Catalog.builtIn();
  /** The providers of the bots {@link #start} builds. */
  private final List<ProviderInfo> providers = new java.util.ArrayList<>();
  /** Set by a scenario that switches a person back to English, which the zh-HK run then does not hold against it. */
  private boolean englishOnPurpose;
  @TempDir Path files;

  @BeforeEach
  void openFrontEnd() throws Exception {
    frontEnd = frontEnd();
    movableClock = frontEnd.capabilities().has(Capability.MOVABLE_CLOCK) ? TestClock.at(TestClocks.NOW) : null;
    clock = movableClock != null ? movableClock : Clock.systemUTC();
  }

  @AfterEach
  void closeFrontEnd() throws Exception {
    try {
      if (language() != Lang.EN && !englishOnPurpose) {
        for (Person person : Person.values()) {
          frontEnd.answers(person).forEach(answer -> answer.labels().forEach(
              label -> EnglishLeaks.assertNone(label, allowedEnglish())));
          frontEnd.said(person).forEach(text -> EnglishLeaks.assertNone(text, allowedEnglish()));
        }
      }
    } finally {
      frontEnd.close();
    }
  }

  /**
   * The language the whole conversation is held in: both people and the team speak it. English here; a subclass
   * per front-end runs every scenario again in Traditional Chinese, where no English sentence may reach a user.
   */
  protected Lang language() {
    return Lang.EN;
  }

  // Scenarios

  @Test
  void generate_showsThePictureWithItsCaptionAndButtons_chargedOnce() throws Exception {
    ScriptedProvider flux = start(flux(), 10);

    send(Person.ALICE, "/generate lulu halloween");

    Answer picture = awaitPicture(Person.ALICE);
    assertTrue(picture.text().startsWith(luluHalloween() + " · Scripted flux"), picture.text());
    assertEquals(1, picture.pictures());
    if (can(Capability.BUTTONS)) {
      assertEquals(List.of(t("button.regenerate"), t("button.variations"), t("button.sendToReview")), picture.labels());
    }
    assertEquals(1, flux.calls());
    assertEquals(1, charged(Person.ALICE));
  }

  @Test
  void generate_samePromptAgain_answeredFromTheCache_noProviderCall() throws Exception {
    ScriptedProvider flux = start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    awaitPicture(Person.ALICE);

    send(Person.ALICE, "/generate lulu halloween");

    Answer again = awaitPicture(Person.ALICE);
    assertTrue(again.text().contains(t("caption.fromCache")), again.text());
    assertEquals(1, flux.calls(), "the cache answered");
    assertEquals(1, charged(Person.ALICE), "a cache hit is free");
  }

  @Test
  void generate_overQuota_refusedInOneLine_nothingCharged() throws Exception {
    ScriptedProvider flux = start(flux(), 1);
    send(Person.ALICE, "/generate lulu halloween");
    awaitPicture(Person.ALICE);

    send(Person.ALICE, "/generate lulu christmas");

    Answer refused = awaitAnswer(Person.ALICE,
        answer -> answer.text().startsWith(before("refusal.overQuota", 1, "0", "daily")));
    assertTrue(refused.text().startsWith(before("refusal.overQuota", 1, "0", "daily")), refused.text());
    assertTrue(refused.privately(), "only the asker sees a refusal");
    assertEquals(0, refused.pictures());
    assertEquals(1, flux.calls());
    assertEquals(1, charged(Person.ALICE));
  }

  @Test
  void generate_unknownCharacter_suggestsTheName_nothingCharged() throws Exception {
    ScriptedProvider flux = start(flux(), 10);

    send(Person.ALICE, "/generate lullu halloween");

    Answer refused = awaitAnswer(Person.ALICE, answer -> answer.text().contains("lullu"));
    assertEquals(t("refusal.unknownCharacterNear", "lullu", "lulu"), refused.text());
    assertTrue(refused.privately(), "only the asker sees a refusal");
    assertEquals(0, flux.calls());
    assertEquals(0, charged(Person.ALICE));
  }

  @Test
  void generate_fourPictures_allDelivered_fourCharged() throws Exception {
    ScriptedProvider flux = start(ScriptedProvider.of(new ProviderInfo("flux", "Scripted flux", "flux-model", 4,
        EnumSet.allOf(AspectRatio.class), true, true, false, new BigDecimal("0.0012"), Duration.ofSeconds(1), 4,
        Set.of())), 10);

    send(Person.ALICE, "/generate lulu halloween --n 4");

    Answer pictures = awaitPicture(Person.ALICE);
    assertEquals(frontEnd.capabilities().picturesForFour(), pictures.pictures(), pictures.toString());
    assertEquals(4, flux.requests().stream().mapToInt(request -> request.count()).sum(), "four asked for");
    assertEquals(4, charged(Person.ALICE));
  }

  @Test
  void buttons_regenerateAndVary_eachMakeANewPicture_regenerateAsksTheProviderAgain() throws Exception {
    need(Capability.BUTTONS);
    ScriptedProvider flux = start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    Answer first = awaitPicture(Person.ALICE);

    press(Person.ALICE, first.button(t("button.regenerate")));
    Answer regenerated = awaitPicture(Person.ALICE);
    assertEquals(2, flux.calls(), "🔁 skips the cache");
    assertTrue(regenerated.text().startsWith(luluHalloween()), regenerated.text());
    assertTrue(!regenerated.text().contains(t("caption.fromCache")), regenerated.text());

    press(Person.ALICE, first.button(t("button.variations")));
    Answer varied = awaitPicture(Person.ALICE);
    assertTrue(varied.text().startsWith(luluHalloween()), varied.text());
    assertEquals(3, flux.calls(), "🎲 asks for a new seed");
    assertEquals(3, charged(Person.ALICE));
  }

  @Test
  void buttons_underAResentPicture_keepTheOriginalOptions() throws Exception {
    need(Capability.BUTTONS);
    ScriptedProvider flux = start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween pumpkins --ar 3:4");
    awaitPicture(Person.ALICE);
    long number = store.recent(frontEnd.userKey(Person.ALICE), 1).get(0).id();

    send(Person.ALICE, "/resend " + number);
    Answer resent = awaitPicture(Person.ALICE);
    assertEquals(1, charged(Person.ALICE), "a resend is free");
    press(Person.ALICE, resent.button(t("button.regenerate")));
    awaitPicture(Person.ALICE);
    press(Person.ALICE, resent.button(t("button.variations")));
    awaitPicture(Person.ALICE);

    assertEquals(3, flux.calls());
    for (var again : flux.requests().subList(1, 3)) {
      assertEquals(AspectRatio.PORTRAIT, again.aspectRatio(), "the same shape as the original");
      assertTrue(again.prompt().contains("pumpkins"), again.prompt());
    }
    assertEquals(3, charged(Person.ALICE));
  }

  @Test
  void cancel_nothingRunning_saysSo() throws Exception {
    start(flux(), 10);

    send(Person.ALICE, "/cancel");

    Answer told = awaitAnswer(Person.ALICE, answer -> answer.text().equals(BotTexts.cancelling(language(), 0)));
    assertTrue(told.privately());
  }

  @Test
  void cancel_whileGenerating_userToldAndNothingCharged() throws Exception {
    need(Capability.CANCEL_WHILE_GENERATING);
    ScriptedProvider slow = start(flux().latency(Duration.ofSeconds(20)), 10);
    send(Person.ALICE, "/generate lulu halloween");
    await("the provider is asked", () -> slow.calls() == 1);

    send(Person.ALICE, "/cancel");

    awaitAnswer(Person.ALICE, answer -> answer.text().equals(BotTexts.cancelling(language(), 1)));
    awaitAnswer(Person.ALICE, answer -> answer.text().endsWith(t("failed.cancelled")));
    await("the reservation is released", () -> store.heldReservations() == 0);
    assertEquals(0, charged(Person.ALICE));
    assertTrue(frontEnd.answers(Person.ALICE).stream().noneMatch(answer -> answer.pictures() > 0), "no picture");
  }

  @Test
  void buttons_pressedBySomeoneElse_refused_noProviderCall() throws Exception {
    need(Capability.BUTTONS);
    ScriptedProvider flux = start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    Answer picture = awaitPicture(Person.ALICE);

    press(Person.BOB, picture.button(t("button.regenerate")));

    Answer refused = awaitAnswer(Person.BOB, answer -> answer.text().equals(t("button.notYours")));
    assertTrue(refused.privately(), "only the presser is told");
    assertEquals(1, flux.calls());
    assertEquals(0, charged(Person.BOB));
    assertEquals(1, charged(Person.ALICE));
  }

  @Test
  void buttons_afterARestart_stillWork() throws Exception {
    need(Capability.BUTTONS);
    ScriptedProvider flux = start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    Answer picture = awaitPicture(Person.ALICE);

    frontEnd.restart();
    press(Person.ALICE, picture.button(t("button.regenerate")));

    awaitPicture(Person.ALICE);
    assertEquals(2, flux.calls());
    assertEquals(2, charged(Person.ALICE));
  }

  @Test
  void resend_afterARestart_sendsThePictureAgain_free() throws Exception {
    ScriptedProvider flux = start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    awaitPicture(Person.ALICE);
    long number = store.recent(frontEnd.userKey(Person.ALICE), 1).get(0).id();

    frontEnd.restart();
    send(Person.ALICE, "/resend " + number);

    Answer again = awaitPicture(Person.ALICE);
    assertTrue(again.text().startsWith(luluHalloween()), again.text());
    assertEquals(1, flux.calls());
    assertEquals(1, charged(Person.ALICE), "a resend is free");
  }

  @Test
  void resend_someoneElsesPicture_refused() throws Exception {
    start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    awaitPicture(Person.ALICE);
    long number = store.recent(frontEnd.userKey(Person.ALICE), 1).get(0).id();

    send(Person.BOB, "/resend " + number);

    Answer refused = awaitAnswer(Person.BOB,
        answer -> answer.text().equals(t("nothingToResend", String.valueOf(number))));
    assertTrue(refused.privately());
    assertEquals(0, refused.pictures());
  }

  @Test
  void buttons_overQuota_refusedInOneLine_nothingCharged() throws Exception {
    need(Capability.BUTTONS);
    ScriptedProvider flux = start(flux(), 1);
    send(Person.ALICE, "/generate lulu halloween");
    Answer picture = awaitPicture(Person.ALICE);

    press(Person.ALICE, picture.button(t("button.regenerate")));

    Answer refused = awaitAnswer(Person.ALICE,
        answer -> answer.text().startsWith(before("refusal.overQuota", 1, "0", "daily")));
    assertTrue(refused.privately(), "only the asker sees a refusal");
    assertEquals(1, flux.calls());
    assertEquals(1, charged(Person.ALICE));
  }

  @Test
  void buttons_afterTheirLifetime_sayTheyExpired() throws Exception {
    need(Capability.BUTTONS);
    need(Capability.MOVABLE_CLOCK);
    ScriptedProvider flux = start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    Answer picture = awaitPicture(Person.ALICE);

    movableClock.advance(BUTTON_LIFETIME.plusMinutes(1));
    press(Person.ALICE, picture.button(t("button.regenerate")));

    Answer expired = awaitAnswer(Person.ALICE, answer -> answer.text().equals(t("button.expired")));
    assertTrue(expired.privately());
    assertEquals(1, flux.calls());
  }

  @Test
  void adminCommands_fromSomeoneWhoIsNotAnAdmin_refused() throws Exception {
    start(flux(), 10);
    String bob = frontEnd.userKey(Person.BOB);

    send(Person.ALICE, "/grant " + bob + " 5");
    assertTrue(awaitAnswer(Person.ALICE, answer -> answer.text().equals(t("adminsOnly", "grant"))).privately());
    send(Person.ALICE, "/role " + bob + " admin");
    assertTrue(awaitAnswer(Person.ALICE, answer -> answer.text().equals(t("adminsOnly", "role"))).privately());
    send(Person.ALICE, "/stats");
    assertTrue(awaitAnswer(Person.ALICE, answer -> answer.text().equals(t("adminsOnly", "stats"))).privately());
    send(Person.ALICE, "/spend");
    Answer spend = awaitAnswer(Person.ALICE, answer -> answer.text().equals(t("adminsOnly", "spend")));
    assertEquals(0, spend.pictures(), "no chart");
    assertTrue(spend.privately());
    send(Person.ALICE, "/calibrate lulu");
    assertTrue(awaitAnswer(Person.ALICE, answer -> answer.text().equals(t("adminsOnly", "calibrate"))).privately());

    assertEquals(Role.USER, currentBot().role(new UserRef(bob, "bob")), "nothing changed");
  }

  @Test
  void spend_byAnAdmin_arrivesAsAChartPictureWithTheFigures() throws Exception {
    start(flux(), 10);
    store.setRole(frontEnd.userKey(Person.ALICE), Role.ADMIN);
    send(Person.ALICE, "/generate lulu halloween");
    awaitPicture(Person.ALICE);

    send(Person.ALICE, "/spend");

    // Which month the picture is billed in depends on the front-end's clock, so only the shape is checked here;
    // ConversationTest checks the figures.
    Answer chart = awaitAnswer(Person.ALICE, answer -> answer.text().startsWith(before("spend.headline", month()))
        || answer.text().startsWith(before("spend.none", month())));
    assertEquals(1, chart.pictures(), "the chart comes as a picture: " + chart);
    assertTrue(chart.privately(), "for the admin's eyes");
  }

  @Test
  void calibrate_byAnAdmin_arrivesAsAChartPictureWithTheFigures() throws Exception {
    Path reference = files.resolve("lulu-red.png");
    Files.write(reference, ScriptedProvider.image(0xFF0000).bytes());
    catalog = TestCatalogs.builtInWith("characters:\n  lulu:\n    name: Lulu Pig\n    description: a round pink pig\n"
        + "    references: [" + reference + "]\n");
    embedder = new FakePictureEmbedder("fake-clip:1");
    start(flux(), 10);
    store.setRole(frontEnd.userKey(Person.ALICE), Role.ADMIN);
    // Scores against the red reference: 0.96, 0.92, 0.88 approved; 0.72, 0.6, 0.53 rejected. Only the first line
    // is checked here (the console prints the rest apart); CalibrateTest checks the figures.
    int[] approved = {240 << 16 | 70 << 8, 240 << 16 | 100 << 8, 240 << 16 | 128 << 8};
    int[] rejected = {231 << 16 | 220 << 8, 180 << 16 | 240 << 8, 140 << 16 | 225 << 8};
    for (int i = 0; i < 3; i++) {
      decided(approved[i], ReviewStore.Outcome.APPROVED);
      decided(rejected[i], ReviewStore.Outcome.REJECTED);
    }
    await("lulu's references embedded", () -> currentBot().referencesReady("lulu"));

    send(Person.ALICE, "/calibrate lulu");

    Answer chart = awaitAnswer(Person.ALICE,
        answer -> answer.text().startsWith(t("calibration.headline", "Lulu Pig", "0.80", "0.75")));
    assertEquals(1, chart.pictures(), "the chart comes as a picture: " + chart);
    assertTrue(chart.privately(), "for the admin's eyes");
  }

  /** A design of lulu coloured {@code rgb}, submitted by Bob and decided {@code outcome}. */
  private void decided(int rgb, ReviewStore.Outcome outcome) {
    String bob = frontEnd.userKey(Person.BOB);
    StoredImage stored = store.put(ScriptedProvider.image(rgb), "p", "flux");
    long historyId = store.record(new HistoryEntry(0, bob, "lulu", "halloween", "p", "flux", new BigDecimal("0.01"),
        Duration.ofSeconds(3), false, List.of(stored), TestClocks.NOW, ""));
    long submission = store.submit(new ReviewStore.Submission(0, bob, historyId, stored.sha256(), "", TestClocks.NOW));
    store.decide(new ReviewStore.Decision(submission, outcome, bob, "lead", TestClocks.NOW));
  }

  @Test
  void web_answersPrivatelyWithASignInLinkThatOpensASessionOnce() throws Exception {
    start(flux(), 10);

    send(Person.ALICE, "/web");

    Answer answer = awaitAnswer(Person.ALICE, shown -> shown.text().contains("https://library.example.test/signin/"));
    assertTrue(answer.privately(), "a sign-in link is for the asker's eyes only");
    String token = answer.text().substring(answer.text().indexOf("/signin/") + "/signin/".length()).strip();
    WebSignIn.Redeemed.Opened opened = assertInstanceOf(WebSignIn.Redeemed.Opened.class,
        currentBot().web().redeem(token));
    assertEquals(frontEnd.userKey(Person.ALICE), opened.userKey());
    assertEquals(new WebSignIn.Redeemed.Refused(WebSignIn.Why.USED), currentBot().web().redeem(token));
  }

  @Test
  void stats_byAnAdmin_arrivesPrivatelyWithTheTeamsFiguresAgainstTheirTargets() throws Exception {
    start(flux(), 10);
    store.setRole(frontEnd.userKey(Person.ALICE), Role.ADMIN);
    send(Person.ALICE, "/generate lulu halloween");
    awaitPicture(Person.ALICE);

    send(Person.ALICE, "/stats");

    // The periods follow the front-end's clock, so only the shape is checked here; ConversationTest checks the
    // figures.
    Answer stats = awaitAnswer(Person.ALICE, answer -> answer.text().startsWith(before("stats.spent")));
    assertTrue(stats.privately(), "for the admin's eyes");
    assertTrue(stats.text().contains("\n" + t("stats.title") + "\n" + before("stats.success")), stats.text());
    assertTrue(stats.text().contains("\n" + t("stats.clip", t("stats.clipOff")) + "\n"), stats.text());
    assertTrue(stats.text().contains("\n" + before("stats.cache")), stats.text());
  }

  @Test
  void midjourneyGrid_upscaleButton_onePicture_chargedOneImage() throws Exception {
    need(Capability.BUTTONS);
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    String alice = frontEnd.userKey(Person.ALICE);
    store.register(new UserRef(alice, "alice"));
    store.setRole(alice, Role.PRO);
    start(midjourney, 10);
    send(Person.ALICE, "/generate lulu halloween --n 4");
    Answer grid = awaitPicture(Person.ALICE);
    assertEquals(frontEnd.capabilities().picturesForFour(), grid.pictures(), grid.toString());
    assertEquals(4, charged(Person.ALICE));

    press(Person.ALICE, grid.button("U2"));

    Answer upscaled = awaitPicture(Person.ALICE);
    assertEquals(1, upscaled.pictures(), upscaled.toString());
    assertEquals(List.of("job-1/U2"), midjourney.acted());
    assertEquals(4 + 1, charged(Person.ALICE), "the upscale is charged one image");
  }

  @Test
  void review_sendButton_submitsThePicture() throws Exception {
    need(Capability.BUTTONS);
    start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    Answer picture = awaitPicture(Person.ALICE);

    press(Person.ALICE, picture.button(t("button.sendToReview")));

    Answer sent = awaitAnswer(Person.ALICE, answer -> answer.text().startsWith(before("review.submitted",
        "lulu halloween")));
    assertTrue(sent.text().contains(after("review.submitted", ANY, ANY, ANY, "1")), sent.text());
    assertEquals(1, currentBot().pendingReviews(10).size());
  }

  @Test
  void review_commands_submitAndVote() throws Exception {
    need(Capability.REVIEW_COMMANDS);
    start(flux(), 10);
    send(Person.ALICE, "/generate lulu halloween");
    awaitPicture(Person.ALICE);
    long number = store.recent(frontEnd.userKey(Person.ALICE), 1).get(0).id();

    send(Person.ALICE, "/review submit " + number);
    Answer sent = awaitAnswer(Person.ALICE, answer -> answer.text().startsWith(before("review.submitted",
        "lulu halloween")));
    assertTrue(sent.text().contains(after("review.submitted", ANY, ANY, ANY, "1")), sent.text());
    send(Person.BOB, "/review approve 1 lovely");

    awaitAnswer(Person.BOB, answer -> answer.text().startsWith(before("review.decides", "1",
        t("review.outcomeApproved"))));
    List<io.rolemarket.imagebot.core.review.Design> approved = currentBot().approvedDesigns("lulu", "halloween", 10);
    assertEquals(1, approved.size());
    assertEquals("approvals:1", approved.get(0).decision().reason(), "kept in no language, shown in the reader's");
  }

  // The same conversation in Traditional Chinese (Hong Kong): no English sentence may leak

  @Test
  void chinese_generateByTheThemesChineseName_captionAndButtonsInChinese_thenOverQuotaInChinese() throws Exception {
    ScriptedProvider flux = start(flux(), 1);
    speakChinese(Person.ALICE);

    send(Person.ALICE, "/generate lulu 萬聖節");

    Answer picture = awaitPicture(Person.ALICE);
    assertTrue(picture.text().startsWith("Lulu Pig · 萬聖節（Halloween） · Scripted flux"), picture.text());
    assertChinese(picture);
    if (can(Capability.BUTTONS)) {
      assertEquals(List.of("🔁 重新生成", "🎲 變化版本", "📤 送交審核"), picture.labels());
    }
    assertTrue(flux.requests().get(0).prompt().contains("Halloween night"), "the prompt stays English");
    assertEquals(1, charged(Person.ALICE));

    send(Person.ALICE, "/generate lulu 聖誕節");

    Answer refused = awaitAnswer(Person.ALICE, answer -> answer.text().startsWith("超出限額"));
    assertTrue(refused.text().startsWith("超出限額：你要求 1 張，但今日只剩 0 張。"), refused.text());
    assertChinese(refused);
    assertEquals(1, flux.calls());
  }

  @Test
  void chinese_nearMissOfAChineseName_suggestedInChinese_nothingCharged() throws Exception {
    ScriptedProvider flux = start(flux(), 10);
    speakChinese(Person.ALICE);

    send(Person.ALICE, "/generate lulu 萬聖夜");

    Answer refused = awaitAnswer(Person.ALICE, answer -> answer.text().contains("萬聖夜"));
    assertTrue(refused.text().startsWith("沒有主題「萬聖夜」— 你是指 "), refused.text());
    assertTrue(refused.text().contains("萬聖節") && refused.text().endsWith("嗎？"), refused.text());
    assertChinese(refused);
    assertEquals(0, flux.calls());
    assertEquals(0, charged(Person.ALICE));
  }

  @Test
  void chinese_helpQuotaHistoryProvidersCharactersThemesAndCancel_allInChinese() throws Exception {
    start(flux(), 10);
    speakChinese(Person.ALICE);

    for (String command : List.of("/help", "/quota", "/history", "/providers", "/characters", "/themes",
        "/cancel")) {
      send(Person.ALICE, command);
      assertChinese(awaitAnswer(Person.ALICE, answer -> true));
    }
  }

  @Test
  void chinese_aCharactersChineseNameFromTheCatalog_typedAndShownInTheCaption_promptStaysEnglish() throws Exception {
    // The team has not confirmed Lulu's Chinese name, so the built-in catalog has none; a test catalog gives one.
    catalog = TestCatalogs.withLulusChineseName();
    ScriptedProvider flux = start(flux(), 10);
    speakChinese(Person.ALICE);

    send(Person.ALICE, "/generate 露露豬 萬聖節");

    Answer picture = awaitPicture(Person.ALICE);
    assertTrue(picture.text().startsWith("露露豬（Lulu Pig） · 萬聖節（Halloween） · Scripted flux"), picture.text());
    assertChinese(picture);
    assertTrue(flux.requests().get(0).prompt().contains("a round pink pig"), flux.requests().get(0).prompt());
    assertEquals(1, charged(Person.ALICE));
  }

  @Test
  void chinese_backToEnglish_withLangEn() throws Exception {
    start(flux(), 10);
    speakChinese(Person.ALICE);

    send(Person.ALICE, "/lang en");

    englishOnPurpose = true;
    awaitAnswer(Person.ALICE, answer -> answer.text().equals("I will answer you in English."));
    send(Person.ALICE, "/cancel");
    awaitAnswer(Person.ALICE, answer -> answer.text().equals(BotTexts.cancelling(Lang.EN, 0)));
  }

  /** {@code person} asks for Traditional Chinese with {@code /lang zh-hk}, as a Hong Kong user would once. */
  private void speakChinese(Person person) throws Exception {
    send(person, "/lang zh-hk");
    awaitAnswer(person, answer -> answer.text().equals("之後我會用繁體中文（香港）回覆你。"));
  }

  /** Words that may stay English in a Chinese answer: commands, options, ids, provider and catalog names. */
  private static final java.util.regex.Pattern KEPT = java.util.regex.Pattern.compile(
      "/[a-z]+( [a-z|-]+)*|--[a-z]+( [a-z0-9:|]+)?|[a-z]+(\\|[a-z]+)+|<[^>]*>|[a-z]+:[A-Za-z0-9_.@-]*|[A-Z]+_[A-Z_]+"
          + "|RoleMarket|Lulu Pig|Halloween|Christmas|Spring Festival|Scripted flux|Midjourney|CLIP|UTC|English"
          + "|lulu|halloween|christmas|spring-festival|flux|extra|count|aspect|provider|tier|fresh|pending|approved|show"
          + "|submit");
  private static final java.util.regex.Pattern ENGLISH_WORD = java.util.regex.Pattern.compile("[A-Za-z]{3,}");

  /** Fails when {@code answer} has an English word beyond what {@link #KEPT} allows. */
  private static void assertChinese(Answer answer) {
    String rest = KEPT.matcher(answer.text()).replaceAll("");
    java.util.regex.Matcher english = ENGLISH_WORD.matcher(rest);
    if (english.find()) {
      fail("English leaked into a Chinese answer ('" + english.group() + "'): " + answer.text());
    }
    answer.labels().forEach(label -> assertTrue(!ENGLISH_WORD.matcher(KEPT.matcher(label).replaceAll("")).find(),
        "English button label " + label));
  }

  /**
   * What stays English in every language: the providers' names and models, the catalog's names and ids, and the
   * prompts sent to the providers (a review post shows its design's prompt).
   */
  private List<String> allowedEnglish() {
    List<String> names = new java.util.ArrayList<>();
    for (Person person : Person.values()) {
      store.recent(frontEnd.userKey(person), 100).forEach(entry -> names.add(entry.prompt()));
    }
    for (ProviderInfo info : providers) {
      names.addAll(List.of(info.displayName(), info.model(), info.id()));
    }
    catalog.characters().forEach(character -> names.addAll(List.of(character.name(), character.id())));
    catalog.themes().forEach(theme -> names.addAll(List.of(theme.name(), theme.id())));
    names.sort(java.util.Comparator.comparingInt(String::length).reversed());
    return names;
  }

  // The scenarios' means

  /** A scripted provider called flux, one picture a call. */
  private static ScriptedProvider flux() {
    return ScriptedProvider.named("flux", "0.0012");
  }

  /**
   * Starts the front-end on bots whose only provider is {@code provider} and whose users may make
   * {@code dailyImages} a day (pros too); Bob reviews, one approval decides. Returns the provider.
   */
  private <P extends ImageProvider> P start(P provider, int dailyImages) throws Exception {
    ReviewRules rules = new ReviewRules(Set.of(frontEnd.userKey(Person.BOB)), Set.of(), 1, 1, 1, true);
    providers.add(provider.info());
    if (language() != Lang.EN) {
      for (Person person : Person.values()) {
        store.register(new UserRef(frontEnd.userKey(person), person.name().toLowerCase(java.util.Locale.ROOT)));
        store.setLanguage(frontEnd.userKey(person), language());
      }
    }
    frontEnd.start(new Bots(store, () -> {
      ImageBot made = ImageBot.builder().clock(clock).provider(provider).store(store).catalog(catalog)
          .teamLanguage(language())
          .pictureEmbedder(embedder)
          .quotaPolicy(new QuotaPolicy(new QuotaLimits(dailyImages, 300), new QuotaLimits(dailyImages, 300))).buttonLifetime(BUTTON_LIFETIME)
          .reviewRules(rules).web(WebSettings.of(URI.create("https://library.example.test/"))).build();
      bot = made;
      return made;
    }));
    return provider;
  }

  /** The sentence {@code key} of the catalog in the conversation's language. */
  protected final String t(String key, Object... args) {
    return Texts.of(language()).get(key, args);
  }

  /** Stands for an argument whose value a scenario does not check, in {@link #before} and {@link #after}. */
  private static final String ANY = "\u0001";

  /**
   * What the sentence {@code key} starts with in the conversation's language, up to its first argument after
   * {@code args}: {@code before("refusal.overQuota", 1, "0", "daily")} is everything up to the time of the reset.
   * Plurals and selects among the rest must be given: they cannot stand for any value.
   */
  private String before(String key, Object... args) {
    String all = Texts.of(language()).get(key, padded(args));
    int cut = all.indexOf(ANY);
    return cut < 0 ? all : all.substring(0, cut);
  }

  /** What the sentence {@code key} ends with after its last {@link #ANY} argument. */
  private String after(String key, Object... args) {
    String all = Texts.of(language()).get(key, args);
    return all.substring(all.lastIndexOf(ANY) + ANY.length());
  }

  private static Object[] padded(Object[] args) {
    Object[] all = java.util.Arrays.copyOf(args, 10);
    java.util.Arrays.fill(all, args.length, all.length, ANY);
    return all;
  }

  /** Lulu in the Halloween theme as captions name them in the conversation's language. */
  private String luluHalloween() {
    return "Lulu Pig · " + (language() == Lang.EN ? "Halloween" : "萬聖節（Halloween）");
  }

  /** The month of the bots' clock as {@code /spend} names it. */
  private String month() {
    java.time.YearMonth month = java.time.YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.UTC));
    return language() == Lang.EN
        ? month.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) + " "
            + month.getYear()
        : month.getYear() + "年" + month.getMonthValue() + "月";
  }

  private ImageBot currentBot() {
    if (bot == null) {
      throw new IllegalStateException("no bot started");
    }
    return bot;
  }

  private boolean can(Capability capability) {
    return frontEnd.capabilities().has(capability);
  }

  /** Skips the scenario where the front-end lacks {@code capability}, with its reason. */
  private void need(Capability capability) {
    assumeTrue(can(capability), () -> frontEnd.capabilities().missing().get(capability));
  }

  private void send(Person person, String command) throws Exception {
    frontEnd.send(person, command);
  }

  private void press(Person person, Button button) throws Exception {
    frontEnd.press(person, button.id());
  }

  /** Images charged to {@code person} today. */
  private int charged(Person person) {
    return store.usage(frontEnd.userKey(person), clock.instant()).today();
  }

  /** The next answer of {@code person} with pictures. */
  private Answer awaitPicture(Person person) throws InterruptedException {
    return awaitAnswer(person, answer -> answer.pictures() > 0);
  }

  /**
   * Waits for an answer to {@code person} matching {@code match} that no earlier wait returned, and returns
   * it; fails with everything the person was shown when none comes in time.
   */
  protected final Answer awaitAnswer(Person person, Predicate<Answer> match) throws InterruptedException {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      Optional<Answer> found = frontEnd.answers(person).stream()
          .filter(answer -> !taken.contains(answer.id()) && match.test(answer)).findFirst();
      if (found.isPresent()) {
        taken.add(found.get().id());
        return found.get();
      }
      if (System.nanoTime() > end) {
        fail("no such answer to " + person + " within " + PATIENCE.toSeconds() + " s; shown: "
            + frontEnd.answers(person));
      }
      Thread.sleep(20);
    }
  }

  /** Waits until {@code condition} holds, failing after a generous time. */
  protected static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > end) {
        fail("waited " + PATIENCE.toSeconds() + " s for: " + what);
      }
      Thread.sleep(10);
    }
  }
}
