package io.rolemarket.imagebot.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.ActionButtons;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.command.SpendTexts;
import io.rolemarket.imagebot.core.render.SpendChart;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobOutcome;
import io.rolemarket.imagebot.core.store.JobOutcome.Kind;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.SpendReport.Share;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The conversation, platform-free: typed commands in, typed replies out. */
class ConversationTest {
  private static final UserRef MIA = UserRef.of("test", "mia", "Mia");
  private static final UserRef BOSS = UserRef.of("test", "boss", "Boss");

  private final InMemoryStore store = new InMemoryStore();
  private final ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED)
      .provider(ScriptedProvider.named("flux", "0.0012")).store(store).build();
  private final Conversation conversation = new Conversation(bot);
  private final CommandParser parser = new CommandParser(null);

  private Reply say(UserRef user, String text) {
    return conversation.answer(user, "test", "chat-1", parser.parse(text));
  }

  @Test
  void generate_valid_starts_unknownName_isRefusedWithSuggestions_nothingCharged() {
    var start = assertInstanceOf(Reply.Start.class, say(MIA, "/generate lulu halloween --ar 3:4"));
    assertEquals(AspectRatio.PORTRAIT, start.command().aspectRatio());

    var refused = assertInstanceOf(Reply.Refused.class, say(MIA, "/generate lullu halloween"));
    var unknown = assertInstanceOf(Refusal.UnknownName.class, refused.reason());
    assertEquals(List.of("lulu"), unknown.nearest());
    assertEquals("no character 'lullu' — did you mean lulu?", BotTexts.line(refused));
    assertEquals(0, bot.quota(MIA).used().today());
  }

  @Test
  void adminCommands_byANonAdmin_areRefused_byAnAdmin_areDone() {
    store.register(BOSS);
    store.setRole(BOSS.key(), Role.ADMIN);

    assertEquals(new Reply.AdminsOnly("grant"), say(MIA, "/grant test:mia 5"));
    assertEquals(new Reply.AdminsOnly("role"), say(MIA, "/role test:mia admin"));
    assertEquals(new Reply.AdminsOnly("stats"), say(MIA, "/stats"));
    assertEquals(new Reply.AdminsOnly("spend"), say(MIA, "/spend"));
    assertEquals(Role.USER, bot.role(MIA), "nothing changed");

    Reply granted = say(BOSS, "/grant test:mia 5");
    assertEquals(new Reply.Granted("test:mia", 5), granted);
    assertEquals("Granted test:mia 5 more images for today.", BotTexts.line((Reply.Line) granted));
    Reply set = say(BOSS, "/role test:mia pro");
    assertEquals("test:mia is now a pro.", BotTexts.line((Reply.Line) set));
    assertEquals(Role.PRO, bot.role(MIA));
    assertInstanceOf(Reply.Stats.class, say(BOSS, "/stats"));
  }

  @Test
  void spend_byAnAdmin_isThisMonthsChartAndFigures() throws Exception {
    store.register(BOSS);
    store.setRole(BOSS.key(), Role.ADMIN);
    bot.generate(((Command.Generate) parser.parse("/generate lulu halloween --n 2")).toRequest(MIA), event -> { });
    bot.generate(((Command.Generate) parser.parse("/generate lulu christmas")).toRequest(BOSS), event -> { });

    var spend = assertInstanceOf(Reply.SpendChart.class, say(BOSS, "/spend"));

    assertEquals(YearMonth.of(2026, 11), spend.report().month(), "the month of the bot's clock");
    assertEquals(0, new BigDecimal("0.0036").compareTo(spend.report().totalUsd()));
    assertEquals(List.of("test:mia", "test:boss"), spend.report().topUsers().stream().map(Share::key).toList());
    BufferedImage chart = ImageIO.read(new ByteArrayInputStream(spend.chartPng()));
    assertEquals(SpendChart.WIDTH, chart.getWidth());
    assertEquals(String.join("\n",
        "Spent in November 2026: $0.0036 of the $50.00 budget (under 1%), $49.9964 left.",
        "By provider:",
        "  flux $0.0036 · 2 jobs",
        "Top users:",
        "  1. test:mia $0.0024 · 1 job",
        "  2. test:boss $0.0012 · 1 job",
        "Top characters: lulu $0.0036",
        "Top themes: halloween $0.0024, christmas $0.0012"), SpendTexts.figures(spend));
  }

  @Test
  void spend_inAMonthWithoutSpend_saysSoWithAnEmptyChart() throws Exception {
    store.register(BOSS);
    store.setRole(BOSS.key(), Role.ADMIN);

    var spend = assertInstanceOf(Reply.SpendChart.class, say(BOSS, "/spend"));

    assertTrue(spend.report().isEmpty());
    assertEquals("No spend in November 2026 yet: all of the $50.00 budget is left.", SpendTexts.figures(spend));
    assertEquals(SpendChart.HEIGHT, ImageIO.read(new ByteArrayInputStream(spend.chartPng())).getHeight());
  }

  @Test
  void stats_byAnAdmin_showsTheFiveFiguresForTodayTheWeekAndTheMonthThenProvidersAndTheCache() {
    store.register(BOSS);
    store.setRole(BOSS.key(), Role.ADMIN);
    // Today (the clock's 2026-11-24): one success, one failure after two rate limits.
    job("2026-11-24T09:00:00Z", "flux", "0.003", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 4));
    job("2026-11-24T09:30:00Z", "", "0", outcome(Kind.FAILED, "", List.of("flux:rate_limited", "sdxl:transient"),
        2, 30));
    // Three days before: sdxl answered after flux's rate limit.
    job("2026-11-21T12:00:00Z", "sdxl", "0.01", outcome(Kind.SUCCEEDED, "sdxl", List.of("flux:rate_limited"), 1,
        12));
    // Earlier this month; a job of last month counts nowhere.
    job("2026-11-04T08:00:00Z", "flux", "0.003", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 20));
    job("2026-11-04T08:10:00Z", "flux", "0.003", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 2));
    job("2026-10-31T23:59:59Z", "flux", "0.003", outcome(Kind.SUCCEEDED, "flux", List.of(), 0, 1));
    cacheHit("2026-11-24T09:40:00Z");
    cacheHit("2026-11-24T09:50:00Z");

    var stats = assertInstanceOf(Reply.Stats.class, say(BOSS, "/stats"));
    String text = BotTexts.line(stats);

    assertTrue(text.startsWith("Spent this month: $0.019 of the $50.00 budget. Providers up: 1 of 1."), text);
    assertEquals(String.join("\n",
        "Today · last 7 days · this month:",
        "Success rate (target ≥ 95 %): ⚠️ 50 % · ⚠️ 66.6 % · ⚠️ 80 %",
        "Mean generation time (target < 15 s): ✅ 4.0 s · ✅ 8.0 s · ✅ 9.5 s",
        "CLIP similarity (target ≥ 0.75): off; set IMAGEBOT_CLIP_MODEL to turn the consistency check on",
        "Spend (budget $50.00 a month, its daily share for today and 7 days): ✅ $0.003 · ✅ $0.013 · ✅ $0.019",
        "Rate-limit hits (429s): 2 · 3 · 3",
        "Providers this month:",
        "  flux: 5 calls, 60 % success, p50 4.0 s, p95 20.0 s, $0.009",
        "  sdxl: 2 calls, 50 % success, p50 12.0 s, p95 12.0 s, $0.01",
        "Cache hits this month: 2 of 6 answers (33.3 %)"), text.substring(text.indexOf("Today ·")));
  }

  @Test
  void stats_aQuietMonth_saysSoAndMeetsEveryTarget() {
    store.register(BOSS);
    store.setRole(BOSS.key(), Role.ADMIN);

    String text = BotTexts.line(assertInstanceOf(Reply.Stats.class, say(BOSS, "/stats")));

    assertEquals(String.join("\n",
        "Today · last 7 days · this month:",
        "Success rate (target ≥ 95 %): no jobs · no jobs · no jobs",
        "Mean generation time (target < 15 s): no pictures · no pictures · no pictures",
        "CLIP similarity (target ≥ 0.75): off; set IMAGEBOT_CLIP_MODEL to turn the consistency check on",
        "Spend (budget $50.00 a month, its daily share for today and 7 days): ✅ $0.00 · ✅ $0.00 · ✅ $0.00",
        "Rate-limit hits (429s): 0 · 0 · 0",
        "Cache hits this month: no answers yet"), text.substring(text.indexOf("Today ·")));
  }

  /** A journaled job closed at {@code at} with {@code outcome}: paid {@code usd} to {@code provider} if it answered. */
  private void job(String at, String provider, String usd, JobOutcome outcome) {
    Instant closed = Instant.parse(at);
    long job = store.open(new JobTicket(MIA.key(), "lulu", "halloween", "k-" + at, "p", "flux", 0, 1,
        closed.minusSeconds(5)));
    store.recordOutcome(job, outcome);
    if (provider.isEmpty()) {
      store.close(job, false, "", 0, BigDecimal.ZERO, closed);
    } else {
      store.finish(job, new HistoryEntry(0, MIA.key(), "lulu", "halloween", "p", provider, new BigDecimal(usd),
          outcome.generation(), false, List.of(), closed));
    }
  }

  private void cacheHit(String at) {
    store.record(new HistoryEntry(0, MIA.key(), "lulu", "halloween", "p", "flux", BigDecimal.ZERO,
        Duration.ofMillis(3), true, List.of(), Instant.parse(at)));
  }

  private static JobOutcome outcome(Kind kind, String provider, List<String> attempts, int rateLimits, int seconds) {
    return new JobOutcome(kind, provider, attempts, rateLimits, Duration.ofSeconds(seconds));
  }

  @Test
  void quota_showsWhatTheAskersPicturesCostThisMonth() {
    bot.generate(((Command.Generate) parser.parse("/generate lulu halloween --n 2")).toRequest(MIA), event -> { });
    bot.generate(((Command.Generate) parser.parse("/generate lulu christmas")).toRequest(BOSS), event -> { });

    var quota = assertInstanceOf(Reply.Quota.class, say(MIA, "/quota"));

    assertEquals(0, new BigDecimal("0.0024").compareTo(quota.status().spentThisMonthUsd()));
    assertTrue(BotTexts.line(quota).endsWith(" Your pictures cost $0.0024 this month."), BotTexts.line(quota));
  }

  @Test
  void resend_ofAPictureMade_comesWithButtonsActingOnItsRequest_ofAnotherNumber_isNothingToResend() {
    Command.Generate tall = (Command.Generate) parser.parse("/generate lulu halloween --ar 3:4");
    var made = assertInstanceOf(GenerateOutcome.Generated.class, bot.generate(tall.toRequest(MIA), event -> { }));
    long id = made.result().historyId();
    bot.actionRows(MIA, "test", "chat-1", tall, made.result());

    var resent = assertInstanceOf(Reply.Resent.class, say(MIA, "/resend " + id));
    assertEquals(id, resent.result().historyId());
    assertEquals("🔁 Regenerate", resent.rows().get(0).get(0).label());
    var press = assertInstanceOf(ActionButtons.Pressed.Regenerate.class,
        bot.press(MIA, resent.rows().get(0).get(0).id()));
    assertEquals(AspectRatio.PORTRAIT, press.command().aspectRatio(), "the resent picture's 🔁 keeps its shape");

    assertEquals(new Reply.NothingToResend(id + 100), say(MIA, "/resend " + (id + 100)));
    assertEquals(new Reply.NothingToResend(id), say(BOSS, "/resend " + id), "someone else's picture");
  }

  @Test
  void everyOtherCommand_hasItsTypedReply() {
    assertInstanceOf(Reply.Help.class, say(MIA, "/help"));
    assertInstanceOf(Reply.History.class, say(MIA, "/history"));
    assertInstanceOf(Reply.Quota.class, say(MIA, "/quota"));
    assertInstanceOf(Reply.Providers.class, say(MIA, "/providers"));
    assertInstanceOf(Reply.Characters.class, say(MIA, "/characters"));
    assertInstanceOf(Reply.Themes.class, say(MIA, "/themes"));
    assertEquals(new Reply.Cancelling(0), say(MIA, "/cancel"));
    assertEquals(new Reply.UnknownCommand("dance"), say(MIA, "/dance"));
    assertInstanceOf(Reply.Invalid.class, say(MIA, "/resend twelve"));
    assertInstanceOf(Reply.Review.class, say(MIA, "/review pending"));
    assertInstanceOf(Reply.Nothing.class, conversation.answer(MIA, "test", "chat-1", new Command.Ignored()));
    assertTrue(BotTexts.line(new Reply.Cancelling(0)).startsWith("Nothing of yours"));
  }
}
