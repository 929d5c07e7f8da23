package io.rolemarket.imagebot.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.Outcomes;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The budget's caps per role and its warnings to admins, through {@link ImageBot}: a {@code pro} user's own cap is
 * kept under a burst like the team's, and each admin hears of 50 %, 80 % and 100 % once a month.
 */
class BudgetTest {
  private static final UserRef PAT = UserRef.of("test", "pat", "Pat");
  private static final UserRef PIA = UserRef.of("test", "pia", "Pia");
  private static final BigDecimal FLUX = new BigDecimal("0.0012");

  private final InMemoryStore store = new InMemoryStore();
  private final List<ImageBot> bots = new ArrayList<>();
  private final List<String> told = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void close() {
    bots.forEach(ImageBot::close);
  }

  private ImageBot bot(TestClock clock, String budget, Map<Role, BigDecimal> caps, ScriptedProvider... providers) {
    ImageBot.Builder builder = ImageBot.builder().clock(clock).store(store)
        .quotaPolicy(QuotaPolicy.withDailyLimit(1000)).monthlyBudget(new BigDecimal(budget)).roleCaps(caps);
    for (ScriptedProvider provider : providers) {
      builder.provider(provider);
    }
    ImageBot bot = builder.build();
    bot.addAdminInbox(new ImageBot.AdminInbox() {
      @Override
      public boolean reaches(String userKey) {
        return userKey.startsWith("test:");
      }

      @Override
      public void tell(String userKey, String text) {
        told.add(userKey + " " + text);
      }
    });
    bots.add(bot);
    return bot;
  }

  private static GenerateRequest fresh(UserRef user, String extra) {
    return new GenerateRequest(user, "lulu", "halloween", List.of(extra), 1, AspectRatio.SQUARE, null, Tier.BALANCED,
        null, false);
  }

  @Test
  void aProCap_underABurstOfOneUser_holdsThatUserToIt_andLeavesOthersTheirs() throws Exception {
    store.setRole(PAT.key(), Role.PRO);
    store.setRole(PIA.key(), Role.PRO);
    ScriptedProvider flux = ScriptedProvider.named("flux", FLUX.toPlainString()).latency(Duration.ofMillis(200));
    ImageBot bot = bot(TestClock.at(Instant.parse("2026-11-24T10:00:00Z")), "10",
        Map.of(Role.PRO, new BigDecimal("0.006")), flux);

    List<Future<GenerateOutcome>> asked = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 30; i++) {
        // Three at once is a user's most: run them in waves of three.
        int wave = i;
        asked.add(threads.submit(() -> {
          GenerateOutcome outcome;
          do {
            outcome = bot.generate(fresh(PAT, "burst " + wave), event -> {});
          } while (outcome instanceof GenerateOutcome.Refused refused
              && !(refused.reason() instanceof Refusal.SpendCapReached));
          return outcome;
        }));
      }
    }
    long made = 0;
    for (Future<GenerateOutcome> outcome : asked) {
      if (outcome.get() instanceof GenerateOutcome.Generated) {
        made++;
      } else {
        String text = Outcomes.text(outcome.get());
        assertTrue(text.contains("your own image spending for this month: $0.006 a month for pro users"), text);
        assertTrue(text.contains("starts again on 1 December (UTC)"), text);
      }
    }
    assertEquals(5, made, "5 x $0.0012 = $0.006, Pat's cap");
    assertEquals(0, new BigDecimal("0.006").compareTo(store.committedBy(PAT.key(), Instant.parse("2026-11-24T10:00:00Z"))));
    assertInstanceOf(GenerateOutcome.Generated.class, bot.generate(fresh(PIA, "her own"), event -> {}),
        "Pia has a cap of her own");
  }

  @Test
  void aCappedUser_goesToACheaperProviderThatStillFits() {
    store.setRole(PAT.key(), Role.PRO);
    ScriptedProvider flux = ScriptedProvider.named("flux", FLUX.toPlainString());
    ScriptedProvider sdxl = ScriptedProvider.named("sdxl", "0.0003");
    ImageBot bot = bot(TestClock.at(Instant.parse("2026-11-24T10:00:00Z")), "10",
        Map.of(Role.PRO, new BigDecimal("0.0015")), flux, sdxl);

    GenerateOutcome first = bot.generate(fresh(PAT, "one"), event -> {});
    GenerateOutcome second = bot.generate(fresh(PAT, "two"), event -> {});
    GenerateOutcome third = bot.generate(fresh(PAT, "three"), event -> {});

    assertEquals("flux", ((GenerateOutcome.Generated) first).result().providerId());
    assertEquals("sdxl", ((GenerateOutcome.Generated) second).result().providerId(), "$0.0003 left fits SDXL");
    assertInstanceOf(Refusal.SpendCapReached.class, ((GenerateOutcome.Refused) third).reason());
  }

  @Test
  void admins_areWarnedOnceEach_at50_80_and100Percent_andAgainNextMonth() {
    store.setRole("test:ada", Role.ADMIN);
    store.setRole("test:max", Role.ADMIN);
    store.setRole("discord:7", Role.ADMIN);
    TestClock clock = TestClock.at(Instant.parse("2026-11-30T23:00:00Z"));
    ImageBot bot = bot(clock, "0.006", Map.of(), ScriptedProvider.named("flux", FLUX.toPlainString()));

    for (int i = 0; i < 2; i++) {
      assertInstanceOf(GenerateOutcome.Generated.class, bot.generate(fresh(PAT, "a" + i), event -> {}));
    }
    assertEquals(List.of(), told, "40 % passes nothing");
    bot.generate(fresh(PAT, "a2"), event -> {});
    assertEquals(List.of("test:ada ⚠️ The image budget for November 2026 has passed 50 %: $0.0036 of $0.006 spent. "
        + "/stats shows the spend.", "test:max ⚠️ The image budget for November 2026 has passed 50 %: $0.0036 of "
        + "$0.006 spent. /stats shows the spend."), told, "one each, and only to admins this inbox reaches");
    told.clear();
    bot.generate(fresh(PAT, "a3"), event -> {});
    assertEquals(2, told.size(), "80 % once each: " + told);
    assertTrue(told.get(0).contains("passed 80 %: $0.0048"), told.get(0));
    told.clear();
    assertInstanceOf(GenerateOutcome.Generated.class, bot.generate(fresh(PAT, "a4"), event -> {}));
    assertEquals(2, told.size(), "$0.006 of $0.006 is 100 %: " + told);
    assertTrue(told.get(1).startsWith("test:max ⚠️ The image budget for November 2026 is used up ($0.006 of $0.006 "
        + "spent): requests that cost money are refused until 1 December (UTC)."), told.get(1));
    told.clear();
    assertInstanceOf(GenerateOutcome.Refused.class, bot.generate(fresh(PAT, "a5"), event -> {}));
    assertEquals(List.of(), told, "used up is said once");

    clock.set(Instant.parse("2026-12-01T00:00:00Z"));
    for (int i = 0; i < 3; i++) {
      bot.generate(fresh(PAT, "b" + i), event -> {});
    }
    assertEquals(2, told.size(), "December has its own 50 %: " + told);
    assertTrue(told.get(0).contains("December 2026 has passed 50 %"), told.get(0));
  }

  @Test
  void aRefusalForNothingLeftThatFits_warnsOfTheBudgetUsedUp() {
    store.setRole("test:ada", Role.ADMIN);
    ImageBot bot = bot(TestClock.at(Instant.parse("2026-11-24T10:00:00Z")), "0.002", Map.of(),
        ScriptedProvider.named("flux", FLUX.toPlainString()));

    bot.generate(fresh(PAT, "one"), event -> {});
    assertEquals(1, told.size(), "60 % passes 50 %: " + told);
    assertInstanceOf(GenerateOutcome.Refused.class, bot.generate(fresh(PAT, "two"), event -> {}));

    assertEquals(2, told.size(), told.toString());
    assertTrue(told.get(1).contains("is used up ($0.0012 of $0.002 spent)"), told.get(1));
  }

  @Test
  void freePictures_underABudgetOfNothing_warnNobody() {
    store.setRole("test:ada", Role.ADMIN);
    ImageBot bot = bot(TestClock.at(Instant.parse("2026-11-24T10:00:00Z")), "0", Map.of(),
        ScriptedProvider.named("sketch", "0"));

    assertInstanceOf(GenerateOutcome.Generated.class, bot.generate(fresh(PAT, "one"), event -> {}));
    assertInstanceOf(GenerateOutcome.Generated.class, bot.generate(fresh(PAT, "two"), event -> {}));

    assertEquals(List.of(), told);
  }

  @Test
  void warnings_claimedBeforeARestart_areNotSentAgain() {
    store.setRole("test:ada", Role.ADMIN);
    TestClock clock = TestClock.at(Instant.parse("2026-11-24T10:00:00Z"));
    ImageBot first = bot(clock, "0.002", Map.of(), ScriptedProvider.named("flux", FLUX.toPlainString()));
    first.generate(fresh(PAT, "one"), event -> {});
    assertEquals(1, told.size());
    first.close();

    ImageBot again = bot(clock, "0.002", Map.of(), ScriptedProvider.named("flux", "0.0001"));
    again.generate(fresh(PAT, "two"), event -> {});
    assertEquals(1, told.size(), "50 % was said before the restart: " + told);
  }
}
