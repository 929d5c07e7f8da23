package io.rolemarket.imagebot.core;

import io.rolemarket.imagebot.core.testing.Outcomes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole core on a clock moved across the last second of a day, of months of 28, 29, 30 and 31 days and
 * of a year (UTC): quota windows, the budget's month and the spend booking all turn at that second, and
 * never by the real date.
 */
class ClockBoundaryTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  private final InMemoryStore store = new InMemoryStore();
  private ImageBot bot;

  @AfterEach
  void close() {
    if (bot != null) {
      bot.close();
    }
  }

  private ImageBot bot(TestClock clock, QuotaLimits userLimits) {
    bot = ImageBot.builder().clock(clock).store(store).provider(ScriptedProvider.named("flux", "0.0012"))
        .quotaPolicy(new QuotaPolicy(userLimits, userLimits)).monthlyBudget(new BigDecimal("10")).build();
    return bot;
  }

  /** A paid picture of {@code theme} (a new prompt each time, so the cache does not answer). */
  private static GenerateRequest fresh(String extra) {
    return new GenerateRequest(ALICE, "lulu", "halloween", List.of(extra), 1, AspectRatio.SQUARE, null, Tier.BALANCED,
        null, false);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2027-02-28T23:59:59Z", "2028-02-29T23:59:59Z", "2026-11-30T23:59:59Z",
      "2026-12-31T23:59:59Z"})
  void quotaAndBudget_atTheLastSecondOfAMonth_turnAtTheNextSecond(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    Instant next = last.plusSeconds(1);
    TestClock clock = TestClock.at(last);
    ImageBot bot = bot(clock, new QuotaLimits(5, 2));

    assertEquals(next, bot.quota(ALICE).dayResetsAt());
    assertEquals(next, bot.quota(ALICE).monthResetsAt());
    generated(bot.generate(fresh("one"), event -> {}));
    generated(bot.generate(fresh("two"), event -> {}));
    GenerateOutcome.Refused refused =
        assertInstanceOf(GenerateOutcome.Refused.class, bot.generate(fresh("three"), event -> {}));
    assertTrue(Outcomes.text(refused).contains("resets in 1 min"), Outcomes.text(refused));
    assertEquals(new BigDecimal("0.0024"), bot.spend().thisMonthUsd());

    clock.set(next);
    assertEquals(0, bot.quota(ALICE).used().thisMonth(), "a new month, a new count");
    assertEquals(0, bot.spend().thisMonthUsd().signum(), "a new month, a new budget");
    generated(bot.generate(fresh("four"), event -> {}));
    assertEquals(new BigDecimal("0.0012"), bot.spend().thisMonthUsd());

    YearMonth month = YearMonth.from(last.atZone(ZoneOffset.UTC));
    assertEquals(new BigDecimal("0.0024"), store.spend(month));
    assertEquals(new BigDecimal("0.0012"), store.spend(month.plusMonths(1)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2027-03-14T23:59:59Z", "2026-12-31T23:59:59Z"})
  void dailyQuota_atTheLastSecondOfADay_turnsAtTheNextSecond(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    TestClock clock = TestClock.at(last);
    ImageBot bot = bot(clock, new QuotaLimits(1, 100));
    generated(bot.generate(fresh("one"), event -> {}));
    assertInstanceOf(GenerateOutcome.Refused.class, bot.generate(fresh("two"), event -> {}));

    clock.set(last.plusSeconds(1));
    assertEquals(0, bot.quota(ALICE).used().today());
    generated(bot.generate(fresh("three"), event -> {}));
  }

  private static void generated(GenerateOutcome outcome) {
    assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome));
  }
}
