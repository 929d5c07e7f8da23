package io.rolemarket.imagebot.core.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.store.OperatorLog;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's commands through the conversation: {@code /pause}, {@code /resume}, {@code /drain} and
 * {@code /provider off|on}, admins only, audited, and kept across a restart.
 */
class OperatorTest {
  private static final UserRef MIA = UserRef.of("test", "mia", "Mia");
  private static final UserRef BOSS = UserRef.of("test", "boss", "Boss");

  private final InMemoryStore store = new InMemoryStore();
  private final List<ImageBot> bots = new ArrayList<>();
  private final CommandParser parser = new CommandParser(null);
  private final ScriptedProvider flux = ScriptedProvider.named("flux", "0.0012");
  private final ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0006");

  @AfterEach
  void close() {
    bots.forEach(ImageBot::close);
  }

  private ImageBot bot() {
    store.setRole(BOSS.key(), Role.ADMIN);
    ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(flux).provider(sdxl).build();
    bots.add(bot);
    return bot;
  }

  private static Reply say(ImageBot bot, UserRef user, String text) {
    return new Conversation(bot).answer(user, "test", "chat-1", new CommandParser(null).parse(text));
  }

  private static GenerateRequest fresh(String extra, String provider) {
    return new GenerateRequest(MIA, "lulu", "halloween", List.of(extra), 1, AspectRatio.SQUARE, provider,
        Tier.BALANCED, null, false);
  }

  @Test
  void aNonAdmin_isRefusedEveryOperatorCommand_andNothingChanges() {
    ImageBot bot = bot();
    for (String command : List.of("/pause", "/resume", "/drain", "/provider off flux", "/provider on flux")) {
      Reply reply = say(bot, MIA, command);
      assertInstanceOf(Reply.AdminsOnly.class, reply, command);
      assertTrue(BotTexts.line((Reply.Line) reply).contains("for admins"), BotTexts.line((Reply.Line) reply));
    }
    assertFalse(bot.paused());
    assertEquals("flux", ((GenerateOutcome.Generated) bot.generate(fresh("a", null), event -> {})).result()
        .providerId());
    assertEquals(List.of(), store.audit(10), "nothing audited");
  }

  @Test
  void pause_newRequestsWaitWithALine_runningOnesFinish_resume_startsThem_bothAudited() throws Exception {
    flux.latency(Duration.ofMillis(300));
    ImageBot bot = bot();
    CompletableFuture<GenerateOutcome> before = inBackground(bot, "before", new LinkedBlockingQueue<>());
    while (flux.calls() == 0) {
      Thread.sleep(5);
    }
    Reply paused = say(bot, BOSS, "/pause");
    assertEquals("Paused: new requests wait, with a line saying so; the 1 picture in progress will finish. /resume "
        + "takes requests again.", BotTexts.line((Reply.Line) paused));
    assertInstanceOf(Reply.Start.class, say(bot, MIA, "/generate lulu halloween"), "taken, to wait");

    LinkedBlockingQueue<ProgressEvent> events = new LinkedBlockingQueue<>();
    CompletableFuture<GenerateOutcome> waiting = inBackground(bot, "waits", events);
    ProgressEvent first = events.poll(5, TimeUnit.SECONDS);
    assertInstanceOf(ProgressEvent.Paused.class, first);
    assertEquals("The bot is paused by an admin for a moment: your request waits and starts when they resume it "
        + "(/cancel stops it; nothing is charged until it starts)", BotTexts.progress(first));
    assertInstanceOf(GenerateOutcome.Generated.class, before.get(5, TimeUnit.SECONDS), "the running one finished");
    Thread.sleep(300);
    assertFalse(waiting.isDone(), "the new one waits");
    assertEquals(1, flux.calls() + sdxl.calls(), "only the picture that was running was made");
    assertEquals(1, bot.quota(MIA).used().today(), "the waiting one is not charged yet");

    say(bot, BOSS, "/resume");
    assertInstanceOf(GenerateOutcome.Generated.class, waiting.get(5, TimeUnit.SECONDS), "started once resumed");
    assertEquals(2, bot.quota(MIA).used().today());
    assertEquals(List.of("/resume", "/pause"), store.audit(10).stream().map(OperatorLog.Audited::action).toList());
    assertEquals(BOSS.key(), store.audit(1).get(0).actorKey());
  }

  @Test
  void cancel_whileWaitingForResume_endsItCancelled_nothingMadeOrCharged() throws Exception {
    ImageBot bot = bot();
    say(bot, BOSS, "/pause");
    LinkedBlockingQueue<ProgressEvent> events = new LinkedBlockingQueue<>();
    CompletableFuture<GenerateOutcome> waiting = inBackground(bot, "waits", events);
    assertInstanceOf(ProgressEvent.Paused.class, events.poll(5, TimeUnit.SECONDS));

    assertEquals(1, bot.cancel(MIA));
    GenerateOutcome.Failed failed = assertInstanceOf(GenerateOutcome.Failed.class, waiting.get(5, TimeUnit.SECONDS));
    assertInstanceOf(Failure.Cancelled.class, failed.reason());
    say(bot, BOSS, "/resume");
    assertEquals(0, flux.calls() + sdxl.calls());
    assertEquals(0, bot.quota(MIA).used().today());
  }

  private static CompletableFuture<GenerateOutcome> inBackground(ImageBot bot, String extra,
      LinkedBlockingQueue<ProgressEvent> events) {
    return CompletableFuture.supplyAsync(() -> bot.generate(fresh(extra, null), events::add),
        task -> Thread.ofVirtual().start(task));
  }

  @Test
  void providerOff_routesAroundIt_andSaysSo_onAgain_usesIt() {
    ImageBot bot = bot();
    assertEquals("Provider flux is off: requests go to the others until /provider on flux. Kept across restarts.",
        BotTexts.line((Reply.Line) say(bot, BOSS, "/provider off flux")));

    assertEquals("sdxl", ((GenerateOutcome.Generated) bot.generate(fresh("a", null), event -> {})).result()
        .providerId());
    Reply named = say(bot, MIA, "/generate lulu halloween --provider flux");
    assertEquals("The provider 'flux' is not available here. See /providers.", BotTexts.line((Reply.Line) named));
    String providers = BotTexts.line((Reply.Line) say(bot, MIA, "/providers"));
    assertTrue(providers.contains("⛔ flux") && providers.contains("switched off by an admin (/provider on flux)"),
        providers);
    Reply unknown = say(bot, BOSS, "/provider off fluxx");
    assertInstanceOf(Refusal.UnknownProvider.class, ((Reply.Refused) unknown).reason());

    say(bot, BOSS, "/provider on flux");
    assertEquals("flux", ((GenerateOutcome.Generated) bot.generate(fresh("b", null), event -> {})).result()
        .providerId());
    assertEquals(0, flux.calls() - 1, "flux was called once, after it was switched on");
  }

  @Test
  void everyProviderOff_refusesClearly() {
    ImageBot bot = bot();
    say(bot, BOSS, "/provider off flux");
    say(bot, BOSS, "/provider off sdxl");
    assertEquals("No image provider is available here. Nothing was charged.",
        BotTexts.line((Reply.Line) say(bot, MIA, "/generate lulu halloween")));
  }

  @Test
  void switches_outliveARestart() {
    ImageBot first = bot();
    say(first, BOSS, "/pause");
    say(first, BOSS, "/provider off flux");
    first.close();

    ImageBot again = bot();
    assertTrue(again.paused());
    say(again, BOSS, "/resume");
    assertEquals("sdxl", ((GenerateOutcome.Generated) again.generate(fresh("a", null), event -> {})).result()
        .providerId(), "flux is still off");
  }

  @Test
  void drain_pauses_thenTellsTheAdminOnceTheLastRunningPictureIsDone() throws Exception {
    flux.latency(Duration.ofMillis(600));
    ImageBot bot = bot();
    LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();
    bot.addAdminInbox(new ImageBot.AdminInbox() {
      @Override
      public boolean reaches(String userKey) {
        return userKey.equals(BOSS.key());
      }

      @Override
      public void tell(String userKey, String text) {
        told.add(text);
      }
    });
    CompletableFuture<GenerateOutcome> running = CompletableFuture.supplyAsync(
        () -> bot.generate(fresh("slow", null), event -> {}), task -> Thread.ofVirtual().start(task));
    while (flux.calls() == 0) {
      Thread.sleep(5);
    }

    assertEquals("Draining: new requests wait; the 1 picture in progress will finish, and I will tell you "
        + "directly when none are left.", BotTexts.line((Reply.Line) say(bot, BOSS, "/drain")));
    LinkedBlockingQueue<ProgressEvent> events = new LinkedBlockingQueue<>();
    CompletableFuture<GenerateOutcome> waiting = inBackground(bot, "after the drain", events);
    assertInstanceOf(ProgressEvent.Paused.class, events.poll(5, TimeUnit.SECONDS));
    String drained = told.poll(10, TimeUnit.SECONDS);

    assertInstanceOf(GenerateOutcome.Generated.class, running.get(), "the running picture finished");
    assertEquals("Drained: nothing is running any more, and new requests wait. Safe to stop the bot; /resume "
        + "takes requests again.", drained, "a request waiting for /resume is not running");
    assertFalse(waiting.isDone());
    assertEquals(1, flux.calls());
    bot.cancel(MIA);
    assertInstanceOf(GenerateOutcome.Failed.class, waiting.get(5, TimeUnit.SECONDS));
  }
}
