package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.DeliveryLog;
import io.rolemarket.imagebot.core.store.EventLog;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.RemoteJob;
import io.rolemarket.imagebot.core.store.SpendHolds;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link BotStore} must do, as the core relies on it: the quota ledger, users, the job
 * journal, image blobs and the cache's disk tier, history and file references (review records are
 * {@link ReviewStoreContract}'s). A subclass per implementation supplies a fresh, empty store; one that
 * keeps its data across a restart (SQLite) also says how to reopen it, and the restart tests are skipped
 * for those that cannot (the in-memory fake). Amounts are compared with {@code equals} only where they already have their shortest
 * form ({@code 0.003}, not {@code 0.0030} or {@code 10}: a store may normalise the scale), durations in
 * whole milliseconds: what a store must keep exactly.
 */
public abstract class StoreContract extends StoreContractBase
    implements ReferenceEmbeddingsContract, WebSessionsContract {

  @Override
  public BotStore storeUnderTest() {
    return store;
  }

  @Override
  public void restartStore() {
    restart();
  }

  // Quota ledger

  @Test
  void reserve_withinLimits_holdsAndCountsForTheDayAndMonth() {
    Reservation.Held held = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 4, TEN_A_DAY, NOW));
    assertEquals(4, held.images());
    assertEquals(new QuotaUsage(4, 4), store.usage(ALICE, NOW));
    assertEquals(new QuotaUsage(0, 0), store.usage(BOB, NOW), "another user's usage");
  }

  @Test
  void reserve_overTheDailyLimit_saysWhatIsLeftAndWhenItResetsAndHoldsNothing() {
    store.reserve(ALICE, 8, TEN_A_DAY, NOW);
    Reservation.Exceeded exceeded =
        assertInstanceOf(Reservation.Exceeded.class, store.reserve(ALICE, 3, TEN_A_DAY, NOW));
    assertEquals(2, exceeded.remainingToday());
    assertEquals(92, exceeded.remainingThisMonth());
    assertEquals(Instant.parse("2026-11-25T00:00:00Z"), exceeded.resetsAt());
    assertEquals(new QuotaUsage(8, 8), store.usage(ALICE, NOW), "a refused reservation holds nothing");
  }

  @Test
  void reserve_overTheMonthlyLimit_resetsOnTheFirstOfNextMonth() {
    QuotaLimits threeAMonth = new QuotaLimits(10, 3);
    store.reserve(ALICE, 3, threeAMonth, NOW);
    Reservation.Exceeded exceeded = assertInstanceOf(Reservation.Exceeded.class,
        store.reserve(ALICE, 1, threeAMonth, NOW.plus(Duration.ofDays(1))));
    assertEquals(10, exceeded.remainingToday());
    assertEquals(0, exceeded.remainingThisMonth());
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), exceeded.resetsAt());
  }

  @Test
  void usage_nextDayAndNextMonth_dayStartsAgainMonthOnlyInTheNextMonth() {
    store.reserve(ALICE, 3, TEN_A_DAY, NOW);
    Instant tomorrow = NOW.plus(Duration.ofDays(1));
    store.reserve(ALICE, 2, TEN_A_DAY, tomorrow);
    assertEquals(new QuotaUsage(3, 5), store.usage(ALICE, NOW));
    assertEquals(new QuotaUsage(2, 5), store.usage(ALICE, tomorrow));
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, Instant.parse("2026-12-01T00:00:00Z")));
  }

  @Test
  void commit_fewerThanReserved_chargesThoseAndGivesBackTheRest() {
    Reservation.Held four = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 4, TEN_A_DAY, NOW));
    store.commit(four.id(), 3);
    assertEquals(new QuotaUsage(3, 3), store.usage(ALICE, NOW));
  }

  @Test
  void commit_alreadySettled_changesNothing() {
    Reservation.Held four = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 4, TEN_A_DAY, NOW));
    store.commit(four.id(), 3);
    store.commit(four.id(), 4);
    store.refund(four.id());
    assertEquals(new QuotaUsage(3, 3), store.usage(ALICE, NOW));
  }

  @Test
  void refund_givesAllBackOnce() {
    store.reserve(ALICE, 1, TEN_A_DAY, NOW);
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, NOW));
    store.refund(two.id());
    store.refund(two.id());
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, NOW));
  }

  @Test
  void grant_raisesTheLimitForTheDayWithoutCountingAsUse() {
    store.reserve(ALICE, 10, TEN_A_DAY, NOW);
    store.grant(ALICE, 5, NOW);
    assertEquals(new QuotaUsage(10, 10), store.usage(ALICE, NOW));
    assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 5, TEN_A_DAY, NOW));
    Reservation.Exceeded exceeded =
        assertInstanceOf(Reservation.Exceeded.class, store.reserve(ALICE, 1, TEN_A_DAY, NOW));
    assertEquals(0, exceeded.remainingToday());
    assertEquals(90, exceeded.remainingThisMonth());
  }

  @Test
  void refund_onALaterDay_givesBackToTheDayAndMonthOfTheReservation() {
    Instant lastOfMonth = Instant.parse("2026-11-30T23:59:00Z");
    Instant nextDay = Instant.parse("2026-12-01T00:01:00Z");
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, lastOfMonth));
    store.reserve(ALICE, 1, TEN_A_DAY, nextDay);
    store.refund(two.id());
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, lastOfMonth));
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, nextDay));
  }

  @Test
  void reserve_unlimited_holdsAnyCountEvenAfterAGrant() {
    store.grant(ALICE, 5, NOW);
    assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 1_000_000, QuotaLimits.UNLIMITED, NOW));
    assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 1_000_000, QuotaLimits.UNLIMITED, NOW));
    assertEquals(new QuotaUsage(2_000_000, 2_000_000), store.usage(ALICE, NOW));
  }

  @Test
  void reserve_lessThanOneImage_isABug() {
    assertThrows(IllegalArgumentException.class, () -> store.reserve(ALICE, 0, TEN_A_DAY, NOW));
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, NOW));
  }

  @Test
  void reserve_manyAtOnce_neverHoldsMoreThanTheLimit() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Reservation>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 100; i++) {
        futures.add(threads.submit(() -> {
          start.await();
          return store.reserve(ALICE, 1, TEN_A_DAY, NOW);
        }));
      }
      start.countDown();
    }
    int held = 0;
    for (Future<Reservation> future : futures) {
      held += future.get() instanceof Reservation.Held ? 1 : 0;
    }
    assertEquals(10, held);
    assertEquals(new QuotaUsage(10, 10), store.usage(ALICE, NOW));
  }

  @Test
  void commitAndRefund_racing_settleTheReservationOnce() throws Exception {
    store.reserve(ALICE, 1, TEN_A_DAY, NOW);
    Reservation.Held four = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 4, TEN_A_DAY, NOW));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> settled = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        boolean commit = i % 2 == 0;
        settled.add(threads.submit(() -> {
          start.await();
          if (commit) {
            store.commit(four.id(), 4);
          } else {
            store.refund(four.id());
          }
          return null;
        }));
      }
      start.countDown();
    }
    for (Future<Void> future : settled) {
      future.get();
    }
    QuotaUsage usage = store.usage(ALICE, NOW);
    assertTrue(usage.equals(new QuotaUsage(5, 5)) || usage.equals(new QuotaUsage(1, 1)), usage.toString());
  }

  @Test
  void usage_committedImages_surviveARestart() {
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, NOW));
    store.commit(two.id(), 2);
    restart();
    assertEquals(new QuotaUsage(2, 2), store.usage(ALICE, NOW));
  }

  // Budget holds

  @Test
  void hold_withinTheLimit_thenRefused_andARelease_makesRoomAgain() {
    BigDecimal limit = new BigDecimal("0.005");
    BigDecimal flux = new BigDecimal("0.0012");
    List<Long> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(hold(flux, limit, NOW).orElseThrow());
    }
    assertTrue(hold(flux, limit, NOW).isEmpty(), "a fifth would make $0.006 of $0.005");
    assertEquals(0, new BigDecimal("0.0048").compareTo(store.held()));
    store.release(held.get(0));
    store.release(held.get(0));
    assertEquals(0, new BigDecimal("0.0036").compareTo(store.held()), "releasing twice gives back once");
    assertTrue(hold(flux, limit, NOW).isPresent());
  }

  @Test
  void hold_underAThousandConcurrentCallers_neverPassesTheLimit_andFillsIt() throws Exception {
    BigDecimal limit = new BigDecimal("0.05");
    BigDecimal flux = new BigDecimal("0.0012");
    List<Future<Boolean>> tries = new ArrayList<>();
    try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 1000; i++) {
        tries.add(callers.submit(() -> hold(flux, limit, NOW).isPresent()));
      }
    }
    long granted = 0;
    for (Future<Boolean> attempt : tries) {
      granted += attempt.get() ? 1 : 0;
    }
    assertEquals(41, granted, "41 x $0.0012 = $0.0492; a 42nd would pass $0.05");
    assertEquals(0, new BigDecimal("0.0492").compareTo(store.held()));
  }

  @Test
  void holds_takenInTheLastSecondOfAMonth_stillCountOnceItHasEnded() {
    BigDecimal limit = new BigDecimal("0.005");
    BigDecimal flux = new BigDecimal("0.0012");
    Instant lastSecond = Instant.parse("2026-11-30T23:59:59Z");
    Instant firstSecond = Instant.parse("2026-12-01T00:00:01Z");
    List<Long> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(hold(flux, limit, lastSecond).orElseThrow());
    }
    assertTrue(hold(flux, limit, firstSecond).isEmpty(),
        "November's calls in flight bill in December: the new month's budget counts them");
    held.forEach(store::release);
    assertTrue(hold(flux, limit, firstSecond).isPresent());
  }

  @Test
  void hold_withAClockReadOvertakenByTheTurnOfTheMonth_countsWhatTheNewMonthBilled() {
    closeJob("flux", new BigDecimal("0.004"), Instant.parse("2026-12-01T00:00:01Z"));
    assertTrue(hold(new BigDecimal("0.0012"), new BigDecimal("0.005"), Instant.parse("2026-11-30T23:59:59Z")).isEmpty(),
        "its call bills in December too, where $0.004 is billed already");
    assertTrue(hold(new BigDecimal("0.0012"), new BigDecimal("0.005"), Instant.parse("2027-01-01T00:00:00Z"))
        .isPresent(), "a new month does not count the last one's");
  }

  @Test
  void aJobBilledWithinTheFirstSecondOfAMonth_isThatMonthsSpend_andHoldsCountIt() {
    closeJob("flux", new BigDecimal("0.003"), Instant.parse("2026-12-01T00:00:00.250Z"));
    assertEquals(0, new BigDecimal("0.003").compareTo(store.spend(YearMonth.of(2026, 12))));
    assertEquals(0, store.spend(YearMonth.of(2026, 11)).signum());
    assertTrue(hold(new BigDecimal("0.0012"), new BigDecimal("0.004"), Instant.parse("2026-12-01T00:00:01Z")).isEmpty(),
        "$0.003 billed + $0.0012 would pass $0.004");
  }

  @Test
  void holds_surviveARestart_untilReleasedAll() {
    hold(new BigDecimal("0.02"), BigDecimal.ONE, NOW).orElseThrow();
    hold(new BigDecimal("0.03"), BigDecimal.ONE, NOW).orElseThrow();
    restart();
    assertEquals(0, new BigDecimal("0.05").compareTo(store.held()));
    assertEquals(2, store.releaseAll());
    assertEquals(0, BigDecimal.ZERO.compareTo(store.held()));
  }

  @Test
  void hold_withAUserCap_refusesThatUserOnly_countingTheirBilledSpendOfTheMonth() {
    BigDecimal cap = new BigDecimal("0.0025");
    BigDecimal flux = new BigDecimal("0.0012");
    closeJob("flux", flux, NOW.minus(Duration.ofDays(40)));
    closeJob("flux", flux, NOW);
    assertEquals(0, flux.compareTo(store.committedBy(ALICE, NOW)), "last month's spend is not this month's");
    long alices = store.hold(new SpendHolds.Ask(ALICE, flux, BigDecimal.ONE, cap), NOW).orElseThrow();
    assertTrue(store.hold(new SpendHolds.Ask(ALICE, flux, BigDecimal.ONE, cap), NOW).isEmpty(),
        "billed $0.0012 + held $0.0012 + $0.0012 would pass Alice's $0.0025");
    assertTrue(store.hold(new SpendHolds.Ask(BOB, flux, BigDecimal.ONE, cap), NOW).isPresent(), "Bob has his own");
    assertTrue(store.hold(new SpendHolds.Ask(ALICE, flux, BigDecimal.ONE, null), NOW).isPresent(),
        "without a cap only the team's limit counts");
    assertEquals(0, new BigDecimal("0.0036").compareTo(store.committedBy(ALICE, NOW)));
    store.release(alices);
    assertEquals(0, new BigDecimal("0.0024").compareTo(store.committedBy(ALICE, NOW)));
  }

  @Test
  void hold_withAUserCap_underAHundredConcurrentCallers_neverPassesIt() throws Exception {
    BigDecimal cap = new BigDecimal("0.01");
    BigDecimal flux = new BigDecimal("0.0012");
    List<Future<Boolean>> tries = new ArrayList<>();
    try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 100; i++) {
        tries.add(callers.submit(() -> store.hold(new SpendHolds.Ask(ALICE, flux, BigDecimal.ONE, cap), NOW)
            .isPresent()));
      }
    }
    long granted = 0;
    for (Future<Boolean> attempt : tries) {
      granted += attempt.get() ? 1 : 0;
    }
    assertEquals(8, granted, "8 x $0.0012 = $0.0096; a 9th would pass $0.01");
  }

  @Test
  void holdAnyway_passesTheLimits_andCountsAgainstThem() {
    BigDecimal flux = new BigDecimal("0.0012");
    store.holdAnyway(ALICE, new BigDecimal("0.005"), NOW);
    assertTrue(hold(flux, new BigDecimal("0.005"), NOW).isEmpty(), "the resumed job's hold fills the budget");
    assertEquals(0, new BigDecimal("0.005").compareTo(store.committedBy(ALICE, NOW)));
  }

  @Test
  void claimWarning_onceAMonthEach_acrossARestart() {
    YearMonth november = YearMonth.of(2026, 11);
    assertTrue(store.claimWarning(november, 50, NOW));
    assertFalse(store.claimWarning(november, 50, NOW));
    assertTrue(store.claimWarning(november, 80, NOW));
    assertTrue(store.claimWarning(november.plusMonths(1), 50, NOW), "a new month warns again");
    restart();
    assertFalse(store.claimWarning(november, 80, NOW));
  }

  private OptionalLong hold(BigDecimal usd, BigDecimal limit, Instant at) {
    return store.hold(new SpendHolds.Ask(ALICE, usd, limit, null), at);
  }

  // Users

  @Test
  void register_newUserIsUser_roleChangesStick() {
    UserRef bob = UserRef.of("test", "bob", "Bob");
    assertEquals(Role.USER, store.register(bob));
    store.setRole(bob.key(), Role.PRO);
    assertEquals(Role.PRO, store.register(new UserRef(bob.key(), "Bobby")));
  }

  @Test
  void withRole_listsTheKeysOfThatRole_setOrRegistered() {
    store.register(UserRef.of("test", "carol", "Carol"));
    store.setRole("test:zed", Role.ADMIN);
    store.setRole("test:amy", Role.ADMIN);
    store.setRole("test:pat", Role.PRO);
    assertEquals(List.of("test:amy", "test:zed"), store.withRole(Role.ADMIN));
    assertEquals(List.of("test:carol"), store.withRole(Role.USER));
    store.setRole("test:zed", Role.USER);
    assertEquals(List.of("test:amy"), store.withRole(Role.ADMIN));
  }

  @Test
  void register_again_seesARoleChangedSinceUnderTheSameName() {
    UserRef bob = UserRef.of("test", "bob", "Bob");
    assertEquals(Role.USER, store.register(bob));
    assertEquals(Role.USER, store.register(bob));
    store.setRole(bob.key(), Role.ADMIN);
    assertEquals(Role.ADMIN, store.register(bob), "a user registered before sees the new role at once");
    store.setRole(bob.key(), Role.USER);
    assertEquals(Role.USER, store.register(bob));
  }

  @Test
  void setRole_beforeTheUserRegisters_isTheirRoleWhenTheyDo() {
    store.setRole(BOB, Role.ADMIN);
    assertEquals(Role.ADMIN, store.register(UserRef.of("test", "bob", "Bob")));
  }

  @Test
  void limitOverride_setReplacedAndCleared_perUser() {
    assertEquals(Optional.empty(), store.limitOverride(ALICE));
    store.register(UserRef.of("test", "alice", "Alice"));
    store.overrideLimits(ALICE, new QuotaLimits(50, 500));
    store.overrideLimits(ALICE, new QuotaLimits(60, 600));
    assertEquals(Optional.of(new QuotaLimits(60, 600)), store.limitOverride(ALICE));
    assertEquals(Optional.empty(), store.limitOverride(BOB));
    store.clearLimitOverride(ALICE);
    store.clearLimitOverride(BOB);
    assertEquals(Optional.empty(), store.limitOverride(ALICE));
    assertEquals(Role.USER, store.register(UserRef.of("test", "alice", "Alice")), "limits are not a role");
  }

  @Test
  void rolesAndOverrides_surviveARestart() {
    store.setRole(BOB, Role.PRO);
    store.overrideLimits(ALICE, new QuotaLimits(7, 70));
    restart();
    assertEquals(Role.PRO, store.register(UserRef.of("test", "bob", "Bob")));
    assertEquals(Optional.of(new QuotaLimits(7, 70)), store.limitOverride(ALICE));
  }

  @Test
  void language_chosenReplacedAndKeptAcrossARestart_perUser() {
    assertEquals(Optional.empty(), store.language(ALICE));
    store.register(UserRef.of("test", "alice", "Alice"));
    store.setLanguage(ALICE, Lang.EN);
    store.setLanguage(ALICE, Lang.ZH_HK);
    store.setLanguage(BOB, Lang.EN);
    restart();
    assertEquals(Optional.of(Lang.ZH_HK), store.language(ALICE));
    assertEquals(Optional.of(Lang.EN), store.language(BOB), "a user never registered can choose too");
    assertEquals(Role.USER, store.register(UserRef.of("test", "alice", "Alice")), "a language is not a role");
  }

  // Job journal

  @Test
  void finish_chargesWhatWasDeliveredClosesAndRecordsTogether() {
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, NOW));
    long job = store.open(ticket("k", "flux", two.id(), 2));
    StoredImage stored = store.put(image(5), "p", "flux");
    store.attachImage(job, stored, "flux", "flux-dev", new BigDecimal("0.003"), NOW);
    HistoryEntry entry = entry(ALICE, "flux", new BigDecimal("0.003"), List.of(stored), "");
    long id = store.finish(job, entry);

    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, NOW), "one of two delivered");
    assertEquals(Optional.of(entry.withId(id)), store.entry(ALICE, id));
    assertEquals(new BigDecimal("0.003"), store.spend(YearMonth.of(2026, 11)));
    store.refund(two.id());
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, NOW), "finish settled the reservation");
  }

  @Test
  void finish_costSource_comesBackWithTheHistoryEntry() {
    long reported = finishedWith(CostSource.REPORTED, new BigDecimal("0.0419"), 21);
    long declared = finishedWith(CostSource.DECLARED, new BigDecimal("0.042"), 22);

    assertEquals(CostSource.REPORTED, store.entry(ALICE, reported).orElseThrow().costSource());
    assertEquals(CostSource.DECLARED, store.entry(ALICE, declared).orElseThrow().costSource());
    assertEquals(List.of(CostSource.DECLARED, CostSource.REPORTED),
        store.recent(ALICE, 5).stream().map(HistoryEntry::costSource).toList());
    assertEquals(new BigDecimal("0.0839"), store.spend(YearMonth.of(2026, 11)));
  }

  @Test
  void finish_costSource_survivesARestart() {
    long reported = finishedWith(CostSource.REPORTED, new BigDecimal("0.0419"), 23);
    restart();
    HistoryEntry entry = store.entry(ALICE, reported).orElseThrow();
    assertEquals(CostSource.REPORTED, entry.costSource());
    assertEquals(new BigDecimal("0.0419"), entry.costUsd());
  }

  /** A one-picture OpenAI job finished at {@code cost} from {@code source}; returns its history id. */
  private long finishedWith(CostSource source, BigDecimal cost, int seed) {
    long job = store.open(ticket("k" + seed, "openai", 0, 1));
    StoredImage stored = store.put(image(seed), "p", "openai");
    store.attachImage(job, stored, "openai", "gpt-image-1", cost, NOW);
    long id = store.finish(job, new HistoryEntry(0, ALICE, "lulu", "halloween", "p", "openai", cost,
        Duration.ofSeconds(20), false, List.of(stored), NOW, "", source));
    return id;
  }

  @Test
  void finish_afterTheReservationWasRefunded_chargesNothing() {
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, NOW));
    long job = store.open(ticket("k", "flux", two.id(), 2));
    store.refund(two.id());
    long id = store.finish(job, entry(ALICE, "flux", BigDecimal.ZERO, List.of(store.put(image(5), "p", "flux")), ""));
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, NOW));
    assertTrue(store.entry(ALICE, id).isPresent());
  }

  @Test
  void finish_afterClose_keepsWhatCloseRecordedAndStillRecordsTheEntry() {
    long job = store.open(ticket("k", "flux", 0, 1));
    store.close(job, true, "flux", 1, new BigDecimal("0.003"), NOW);
    long id = store.finish(job, entry(ALICE, "sdxl", new BigDecimal("0.5"), List.of(store.put(image(5), "p", "flux")),
        ""));
    assertEquals(new BigDecimal("0.003"), store.spend(YearMonth.of(2026, 11)));
    assertEquals(Map.of("flux", new BigDecimal("0.003")), store.spendByProvider(YearMonth.of(2026, 11)));
    assertEquals("sdxl", store.entry(ALICE, id).orElseThrow().providerId());
  }

  @Test
  void close_failed_leavesTheJobOutOfSpendAndResumption() {
    Reservation.Held one = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 1, TEN_A_DAY, NOW));
    long job = store.open(ticket("k", "midjourney", one.id(), 1));
    store.attachRemoteJob(job, "midjourney", "mj-1");
    store.close(job, false, "", 0, BigDecimal.ZERO, NOW);
    store.refund(one.id());
    assertEquals(List.of(), store.openRemoteJobs());
    assertEquals(BigDecimal.ZERO, store.spend(YearMonth.of(2026, 11)));
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, NOW));
  }

  @Test
  void openRemoteJobs_openJobsWithARemoteIdOldestFirst_latestIdWins() {
    long first = store.open(new JobTicket(ALICE, "lulu", "halloween", "k1", "p1", "replicate", 0, 2, NOW));
    long plain = store.open(ticket("k2", "flux", 0, 1));
    long second = store.open(new JobTicket(BOB, "mo", "christmas", "k3", "p3", "midjourney", 0, 4,
        NOW.plusSeconds(5)));
    store.attachRemoteJob(second, "midjourney", "mj-1");
    store.attachRemoteJob(first, "replicate", "r-1");
    store.attachRemoteJob(second, "midjourney", "mj-2");

    assertEquals(List.of(
            new RemoteJob(first, ALICE, "lulu", "halloween", "k1", "p1", "replicate", "r-1", 0, 2, NOW),
            new RemoteJob(second, BOB, "mo", "christmas", "k3", "p3", "midjourney", "mj-2", 0, 4,
                NOW.plusSeconds(5))),
        store.openRemoteJobs());
    assertFalse(store.openRemoteJobs().stream().anyMatch(job -> job.jobId() == plain));
  }

  @Test
  void openRemoteJobs_finishedJob_isNoLongerListed() {
    long job = store.open(ticket("k", "midjourney", 0, 1));
    store.attachRemoteJob(job, "midjourney", "mj-1");
    store.finish(job, entry(ALICE, "midjourney", new BigDecimal("0.08"), List.of(store.put(image(1), "p", "mj")),
        "mj-1"));
    assertEquals(List.of(), store.openRemoteJobs());
  }

  @Test
  void open_withoutACount_takesTheReservationsCount() {
    Reservation.Held three = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 3, TEN_A_DAY, NOW));
    long job = store.open(ALICE, "k", "p", "replicate", three.id(), NOW);
    store.attachRemoteJob(job, "replicate", "r-1");
    RemoteJob remote = store.openRemoteJobs().getFirst();
    assertEquals(3, remote.images());
    assertEquals(three.id(), remote.reservationId());
  }

  @Test
  void openRemoteJobs_actionJob_keepsTheKeyNamingItsParent() {
    Reservation.Held one = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 1, TEN_A_DAY, NOW));
    String actionKey = "action:midjourney/mj-parent/U2";
    long child = store.open(new JobTicket(ALICE, "lulu", "halloween", actionKey, "p", "midjourney", one.id(), 1, NOW));
    store.attachRemoteJob(child, "midjourney", "mj-child");
    RemoteJob remote = store.openRemoteJobs().getFirst();
    assertEquals(actionKey, remote.cacheKey());
    assertEquals("mj-child", remote.remoteJobId());
    assertEquals(one.id(), remote.reservationId());
  }

  @Test
  void openRemoteJobs_actionJob_namesItsParentAndItsAction() {
    Reservation.Held four = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 4, TEN_A_DAY, NOW));
    long child = store.open(new JobTicket(ALICE, "lulu", "halloween", "action:midjourney/mj-parent/V3", "p",
        "midjourney", four.id(), 4, NOW, "mj-parent", ProviderAction.variation(3)));
    store.attachRemoteJob(child, "midjourney", "mj-child");
    RemoteJob remote = store.openRemoteJobs().getFirst();
    assertEquals("mj-parent", remote.parentRemoteJobId());
    assertEquals(ProviderAction.variation(3), remote.action());
  }

  @Test
  void openRemoteJobs_actionJob_keepsItsParentAndActionAcrossARestart() {
    Reservation.Held one = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 1, TEN_A_DAY, NOW));
    long child = store.open(new JobTicket(ALICE, "lulu", "halloween", "action:midjourney/mj-parent/U2", "p",
        "midjourney", one.id(), 1, NOW, "mj-parent", ProviderAction.upscale(2)));
    store.attachRemoteJob(child, "midjourney", "mj-child");
    restart();
    assertEquals(List.of(new RemoteJob(child, ALICE, "lulu", "halloween", "action:midjourney/mj-parent/U2", "p",
        "midjourney", "mj-child", one.id(), 1, NOW, "mj-parent", ProviderAction.upscale(2))), store.openRemoteJobs());
  }

  @Test
  void openRemoteJobs_generation_hasNoParentAndNoAction() {
    long job = store.open(ticket("k", "midjourney", 0, 1));
    store.attachRemoteJob(job, "midjourney", "mj-1");
    RemoteJob remote = store.openRemoteJobs().getFirst();
    assertEquals("", remote.parentRemoteJobId());
    assertNull(remote.action());
  }

  @Test
  void openRemoteJobs_surviveARestartWithTheirReservationHeld() {
    Reservation.Held four = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 4, TEN_A_DAY, NOW));
    long job = store.open(new JobTicket(ALICE, "lulu", "halloween", "k", "p", "midjourney", four.id(), 4, NOW));
    store.attachRemoteJob(job, "midjourney", "mj-1");
    restart();
    assertEquals(List.of(new RemoteJob(job, ALICE, "lulu", "halloween", "k", "p", "midjourney", "mj-1", four.id(),
        4, NOW)), store.openRemoteJobs());
    assertEquals(new QuotaUsage(4, 4), store.usage(ALICE, NOW));
  }

  @Test
  void openJobWithoutARemoteId_isRefundedByARestart() {
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, NOW));
    store.open(ticket("k", "flux", two.id(), 2));
    restart();
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, NOW));
    assertEquals(List.of(), store.openRemoteJobs());
  }

  @Test
  void openJobWithAllImagesAttached_isFinishedByARestart() {
    Reservation.Held one = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 1, TEN_A_DAY, NOW));
    long job = store.open(ticket("k", "flux", one.id(), 1));
    StoredImage stored = store.put(image(9), "p", "flux");
    store.attachImage(job, stored, "flux", "flux-dev", new BigDecimal("0.003"), NOW);
    restartAt(NOW.plus(Duration.ofDays(12)));
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, NOW));
    HistoryEntry recorded = store.recent(ALICE, 1).getFirst();
    assertEquals(List.of(stored), recorded.images());
    assertEquals("flux", recorded.providerId());
    assertEquals(new BigDecimal("0.003"), recorded.costUsd());
    CachedGeneration cached = store.recall("k").orElseThrow();
    assertEquals(List.of(stored), cached.images());
    assertEquals("flux-dev", cached.model());
    assertEquals(new BigDecimal("0.003"), store.spend(YearMonth.of(2026, 11)));
  }

  @Test
  void openJobWithSomeImagesAttached_isRefundedByARestart() {
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, NOW));
    long job = store.open(ticket("k", "flux", two.id(), 2));
    store.attachImage(job, store.put(image(9), "p", "flux"), "flux", "flux-dev", new BigDecimal("0.003"), NOW);
    restart();
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, NOW));
    assertEquals(List.of(), store.recent(ALICE, 5));
    assertEquals(Optional.empty(), store.recall("k"));
  }

  @Test
  void spend_jobsWithoutImages_sumsSucceededJobsOfTheMonthTheyClosedIn() {
    closeJob("flux", new BigDecimal("0.0048"), NOW);
    closeJob("flux", new BigDecimal("0.5"), Instant.parse("2026-12-01T00:00:00Z"));
    long failed = store.open(ticket("k", "flux", 0, 1));
    store.close(failed, false, "", 0, new BigDecimal("9"), NOW);
    assertEquals(new BigDecimal("0.0048"), store.spend(YearMonth.of(2026, 11)));
    assertEquals(new BigDecimal("0.5"), store.spend(YearMonth.of(2026, 12)));
    assertEquals(BigDecimal.ZERO, store.spend(YearMonth.of(2026, 10)));
  }

  @Test
  void spendByProvider_sumsSucceededJobsPerProviderLeavingOutFreeOnes() {
    for (String provider : List.of("flux", "flux", "sdxl")) {
      closeJob(provider, new BigDecimal("0.003"), NOW);
    }
    closeJob("sketch", BigDecimal.ZERO, NOW);
    closeJob("sdxl", new BigDecimal("0.7"), Instant.parse("2026-10-31T23:59:59Z"));
    assertEquals(Map.of("flux", new BigDecimal("0.006"), "sdxl", new BigDecimal("0.003")),
        store.spendByProvider(YearMonth.of(2026, 11)));
    assertEquals(Map.of(), store.spendByProvider(YearMonth.of(2026, 9)));
  }

  // Day, month and year boundaries (UTC): the last second of a month of 28, 29, 30 and 31 days; December's is
  // also the last second of a year.

  /** The last second of a month of 28, 29, 30 and 31 days, the last one also the last second of a year. */
  static List<String> lastSecondsOfMonths() {
    return List.of("2027-02-28T23:59:59Z", "2028-02-29T23:59:59Z", "2026-11-30T23:59:59Z", "2026-12-31T23:59:59Z");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lastSecondsOfMonths")
  void reserve_atTheLastSecondOfAMonth_monthlyQuotaStartsAgainAtTheNextSecond(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    Instant next = last.plusSeconds(1);
    QuotaLimits threeAMonth = new QuotaLimits(10, 3);
    assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 3, threeAMonth, last));
    Reservation.Exceeded exceeded =
        assertInstanceOf(Reservation.Exceeded.class, store.reserve(ALICE, 1, threeAMonth, last));
    assertEquals(next, exceeded.resetsAt(), "the month resets at the next second");
    assertEquals(0, exceeded.remainingThisMonth());
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, next));
    assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 3, threeAMonth, next));
    assertEquals(new QuotaUsage(3, 3), store.usage(ALICE, last), "the old month keeps its own count");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lastSecondsOfMonths")
  void reserve_atTheLastSecondOfADay_dailyQuotaStartsAgainAtTheNextSecond(String lastSecondOfMonth) {
    Instant last = Instant.parse(lastSecondOfMonth).minus(Duration.ofDays(1));
    Instant next = last.plusSeconds(1);
    QuotaLimits twoADay = new QuotaLimits(2, 100);
    store.reserve(ALICE, 2, twoADay, last);
    Reservation.Exceeded exceeded =
        assertInstanceOf(Reservation.Exceeded.class, store.reserve(ALICE, 1, twoADay, last));
    assertEquals(next, exceeded.resetsAt());
    assertEquals(new QuotaUsage(0, 2), store.usage(ALICE, next), "a new day in the same month");
    assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, twoADay, next));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lastSecondsOfMonths")
  void refund_inTheNextMonth_givesBackToTheMonthOfTheReservation(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    Instant next = last.plusSeconds(1);
    Reservation.Held held = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, last));
    store.reserve(ALICE, 1, TEN_A_DAY, next);
    clock.set(next);
    store.refund(held.id());
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, last));
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, next));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lastSecondsOfMonths")
  void spend_jobProducedAtTheLastSecondAndFinishedInTheNextMonth_staysInTheMonthItWasProduced(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    YearMonth month = YearMonth.from(last.atZone(java.time.ZoneOffset.UTC));
    Reservation.Held one = assertInstanceOf(Reservation.Held.class,
        store.reserve(ALICE, 1, TEN_A_DAY, last.minusSeconds(10)));
    long job = store.open(new JobTicket(ALICE, "lulu", "halloween", "k", "p", "flux", one.id(), 1,
        last.minusSeconds(10)));
    StoredImage stored = store.put(image(3), "p", "flux");
    store.attachImage(job, stored, "flux", "flux-dev", new BigDecimal("0.003"), last);
    Instant finished = last.plusSeconds(2);
    clock.set(finished);
    store.finish(job, new HistoryEntry(0, ALICE, "lulu", "halloween", "p", "flux", new BigDecimal("0.003"),
        Duration.ofSeconds(12), false, List.of(stored), finished, ""));
    assertEquals(new BigDecimal("0.003"), store.spend(month));
    assertEquals(BigDecimal.ZERO, store.spend(month.plusMonths(1)).stripTrailingZeros());
    assertEquals(Map.of("flux", new BigDecimal("0.003")), store.spendByProvider(month));
    assertEquals(Map.of(), store.spendByProvider(month.plusMonths(1)));
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, last), "charged to the reservation's day and month");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lastSecondsOfMonths")
  void spend_jobOpenedInOneMonthAndProducedInTheNext_isBookedInTheNext(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    YearMonth month = YearMonth.from(last.atZone(java.time.ZoneOffset.UTC));
    long job = store.open(new JobTicket(ALICE, "lulu", "halloween", "k", "p", "flux", 0, 1, last.minusSeconds(5)));
    store.attachImage(job, store.put(image(4), "p", "flux"), "flux", "flux-dev", new BigDecimal("0.003"),
        last.plusSeconds(5));
    store.close(job, true, "flux", 1, new BigDecimal("0.003"), last.plusSeconds(6));
    assertEquals(BigDecimal.ZERO, store.spend(month).stripTrailingZeros());
    assertEquals(new BigDecimal("0.003"), store.spend(month.plusMonths(1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lastSecondsOfMonths")
  void restartInTheNextMonth_completesAJobProducedBeforeItIntoTheMonthItWasProduced(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    YearMonth month = YearMonth.from(last.atZone(java.time.ZoneOffset.UTC));
    Instant opened = last.minusSeconds(5);
    Reservation.Held one = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 1, TEN_A_DAY, opened));
    long job = store.open(new JobTicket(ALICE, "lulu", "halloween", "k", "p", "flux", one.id(), 1, opened));
    StoredImage stored = store.put(image(6), "p", "flux");
    store.attachImage(job, stored, "flux", "flux-dev", new BigDecimal("0.003"), last);
    restartAt(last.plus(Duration.ofDays(3)));
    assertEquals(new BigDecimal("0.003"), store.spend(month), "booked when the provider produced it");
    assertEquals(BigDecimal.ZERO, store.spend(month.plusMonths(1)).stripTrailingZeros());
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, last));
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, last.plusSeconds(1)));
    HistoryEntry recorded = store.recent(ALICE, 1).getFirst();
    assertEquals(last, recorded.at(), "the history is dated when the picture was made, not at the restart");
    assertEquals(Duration.ofSeconds(5), recorded.elapsed(), "the downtime is not generation time");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lastSecondsOfMonths")
  void restartInTheNextMonth_refundsAnUnfinishedJobToTheMonthOfItsReservation(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    YearMonth month = YearMonth.from(last.atZone(java.time.ZoneOffset.UTC));
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, last));
    long job = store.open(new JobTicket(ALICE, "lulu", "halloween", "k", "p", "flux", two.id(), 2, last));
    store.attachImage(job, store.put(image(7), "p", "flux"), "flux", "flux-dev", new BigDecimal("0.003"), last);
    restartAt(last.plusSeconds(1));
    assertEquals(new QuotaUsage(0, 0), store.usage(ALICE, last));
    assertEquals(BigDecimal.ZERO, store.spend(month).stripTrailingZeros());
    assertEquals(BigDecimal.ZERO, store.spend(month.plusMonths(1)).stripTrailingZeros());
  }

  @Test
  void refundUndelivered_givesTheQuotaBackOnceAndKeepsTheSpend() {
    Instant yesterday = NOW.minus(Duration.ofDays(1));
    Reservation.Held two = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 2, TEN_A_DAY, yesterday));
    long job = store.open(ticket("k", "flux", two.id(), 2));
    StoredImage first = store.put(image(14), "p", "flux");
    StoredImage second = store.put(image(15), "p", "flux");
    store.attachImage(job, first, "flux", "flux-dev", new BigDecimal("0.003"), yesterday);
    store.attachImage(job, second, "flux", "flux-dev", new BigDecimal("0.003"), yesterday);
    long history = store.finish(job, entry(ALICE, "flux", new BigDecimal("0.006"), List.of(first, second), ""));
    store.reserve(ALICE, 1, TEN_A_DAY, NOW);
    assertEquals(new QuotaUsage(2, 3), store.usage(ALICE, yesterday));

    assertTrue(store.refundUndelivered(history));
    assertEquals(new QuotaUsage(0, 1), store.usage(ALICE, yesterday), "given back to the day it was charged");
    assertEquals(new QuotaUsage(1, 1), store.usage(ALICE, NOW));
    assertFalse(store.refundUndelivered(history), "once");
    assertFalse(store.refundUndelivered(history + 100), "no such entry");
    assertEquals(new BigDecimal("0.006"), store.spend(YearMonth.of(2026, 11)), "the provider was paid all the same");
  }

  // Owed answers

  private static DeliveryLog.Owed owed(String chatRef) {
    return new DeliveryLog.Owed(0, "telegram", chatRef, ALICE, "lulu halloween", "/generate lulu halloween", "", NOW);
  }

  @Test
  void owed_untilSettled_withTheHistoryEntryOfAFinishedJob() {
    long waiting = store.owe(owed("1"));
    long finished = store.owe(owed("2"));
    long settled = store.owe(owed("3"));
    store.showStatus(waiting, "501");
    long job = store.open(ticket("k", "flux", 0, 1));
    store.serveBy(finished, job);
    StoredImage stored = store.put(image(12), "p", "flux");
    long history = store.finish(job, entry(ALICE, "flux", new BigDecimal("0.003"), List.of(stored), ""));
    store.settle(settled);

    List<DeliveryLog.Left> left = store.owed("telegram");
    assertEquals(List.of(waiting, finished), left.stream().map(l -> l.owed().id()).toList());
    assertEquals("501", left.get(0).owed().statusRef());
    assertEquals("/generate lulu halloween", left.get(0).owed().command());
    assertTrue(left.get(0).historyId().isEmpty());
    assertEquals(history, left.get(1).historyId().orElseThrow());
    assertEquals(List.of(), store.owed("discord"));
  }

  @Test
  void owed_jobFinishedByARestart_comesBackWithItsHistoryEntry() {
    Reservation.Held one = assertInstanceOf(Reservation.Held.class, store.reserve(ALICE, 1, TEN_A_DAY, NOW));
    long owedId = store.owe(owed("1"));
    long job = store.open(ticket("k", "flux", one.id(), 1));
    store.serveBy(owedId, job);
    store.attachImage(job, store.put(image(13), "p", "flux"), "flux", "flux-dev", new BigDecimal("0.003"), NOW);
    long refundedOwed = store.owe(owed("2"));
    long refundedJob = store.open(ticket("k2", "flux", 0, 1));
    store.serveBy(refundedOwed, refundedJob);
    restart();
    List<DeliveryLog.Left> left = store.owed("telegram");
    assertEquals(2, left.size());
    long history = left.get(0).historyId().orElseThrow();
    assertEquals(List.of(history), store.recent(ALICE, 5).stream().map(HistoryEntry::id).toList());
    assertTrue(left.get(1).historyId().isEmpty(), "a refunded job delivers nothing");
  }

  // Platform events seen

  @Test
  void firstSeen_onceTrueThenFalse_perPlatform() {
    assertTrue(store.firstSeen("telegram", "100", NOW));
    assertFalse(store.firstSeen("telegram", "100", NOW), "the same update again");
    assertTrue(store.firstSeen("discord", "100", NOW), "another platform's id space");
    assertTrue(store.firstSeen("telegram", "101", NOW));
  }

  @Test
  void firstSeen_manyAtOnce_exactlyOneWins() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> answers = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 16; i++) {
        answers.add(threads.submit(() -> {
          go.await();
          return store.firstSeen("telegram", "7", NOW);
        }));
      }
      go.countDown();
      int first = 0;
      for (Future<Boolean> answer : answers) {
        first += answer.get() ? 1 : 0;
      }
      assertEquals(1, first);
    }
  }

  @Test
  void firstSeen_batch_newOnesOnlyAndARepeatWithinTheBatchOnce() {
    assertTrue(store.firstSeen("telegram", "1", NOW));
    assertEquals(java.util.Set.of("2", "3"), store.firstSeen("telegram", List.of("1", "2", "3", "2"), NOW));
    assertEquals(java.util.Set.of(), store.firstSeen("telegram", List.of("1", "2", "3"), NOW));
  }

  @Test
  void firstSeen_repeatAfterARestart_isStillARepeat() {
    assertTrue(store.firstSeen("telegram", "100", NOW));
    restart();
    assertFalse(store.firstSeen("telegram", "100", NOW.plusSeconds(30)));
  }

  @Test
  void received_keepsEachNewEventUntilHandled_inArrivalOrder() {
    assertTrue(store.firstSeen("telegram", "1", NOW));
    assertEquals(java.util.Set.of("9", "10"), store.received("telegram", List.of(new EventLog.Received("1", "{one}"),
        new EventLog.Received("9", "{nine}"), new EventLog.Received("10", "{ten}")), NOW));
    assertEquals(java.util.Set.of(), store.received("telegram", List.of(new EventLog.Received("9", "{again}")), NOW),
        "a repeat is not new and keeps the first payload");
    store.received("discord", List.of(new EventLog.Received("9", "{discord}")), NOW);

    assertEquals(List.of(new EventLog.Received("9", "{nine}"), new EventLog.Received("10", "{ten}")),
        store.unhandled("telegram"));
    store.handled("telegram", "9", NOW);
    store.handled("telegram", "9", NOW);
    store.handled("telegram", "1", NOW); // seen without a payload: nothing to do
    assertEquals(List.of(new EventLog.Received("10", "{ten}")), store.unhandled("telegram"));
    assertEquals(List.of(new EventLog.Received("9", "{discord}")), store.unhandled("discord"));
  }

  @Test
  void oweFor_owesTheAnswerAndMarksItsEventHandled() {
    store.received("telegram", List.of(new EventLog.Received("5", "{five}"), new EventLog.Received("6", "{six}")),
        NOW);
    long owed = store.oweFor(owed("42"), "5");
    assertEquals(List.of(owed), store.owed("telegram").stream().map(left -> left.owed().id()).toList());
    assertEquals(List.of(new EventLog.Received("6", "{six}")), store.unhandled("telegram"));
  }

  @Test
  void unhandled_survivesARestart() {
    store.received("telegram", List.of(new EventLog.Received("5", "{five}")), NOW);
    restart();
    assertEquals(List.of(new EventLog.Received("5", "{five}")), store.unhandled("telegram"));
    assertEquals(java.util.Set.of(), store.received("telegram", List.of(new EventLog.Received("5", "{five}")), NOW));
  }

  @Test
  void forgetEventsBefore_dropsOnlyOlderOnes() {
    store.firstSeen("telegram", "old", NOW.minus(Duration.ofDays(8)));
    store.firstSeen("telegram", "new", NOW);
    assertEquals(1, store.forgetEventsBefore(NOW.minus(Duration.ofDays(7))));
    assertTrue(store.firstSeen("telegram", "old", NOW));
    assertFalse(store.firstSeen("telegram", "new", NOW));
  }

  // Images and the cache's disk tier

  @Test
  void put_returnsTheBlobsMetadataAndReadGivesItsBytes() {
    GeneratedImage image = image(7);
    StoredImage stored = store.put(image, "a prompt", "flux");
    assertEquals(new StoredImage(image.sha256(), image.format(), image.width(), image.height(), image.size()), stored);
    assertArrayEquals(image.bytes(), store.read(stored.sha256()).orElseThrow());
    assertEquals(Optional.empty(), store.read("0".repeat(64)));
    assertEquals(image.sha256() + ".png", store.pathOf(stored).getFileName().toString());
  }

  @Test
  void put_sameBytesTwice_sameBlob() {
    StoredImage first = store.put(image(7), "a prompt", "flux");
    StoredImage second = store.put(image(7), "another prompt", "sdxl");
    assertEquals(first, second);
    assertEquals(store.pathOf(first), store.pathOf(second));
    assertArrayEquals(image(7).bytes(), store.read(first.sha256()).orElseThrow());
  }

  @Test
  void seedOf_keepsTheSeedTheProviderReported() {
    StoredImage stored = store.put(image(77), "p", "flux");
    assertEquals(Optional.of(77L), store.seedOf(stored.sha256()));
    assertEquals(Optional.empty(), store.seedOf("0".repeat(64)));
  }

  @Test
  void recall_rememberedGeneration_withProviderModelCostAndRemoteJob() {
    StoredImage one = store.put(image(1), "p", "midjourney");
    StoredImage two = store.put(image(2), "p", "midjourney");
    CachedGeneration grid = new CachedGeneration("key1", List.of(two, one), "midjourney", "mj-6",
        new BigDecimal("0.02"), Duration.ofMillis(40_123), "mj-7");
    CachedGeneration plain = new CachedGeneration("key2", List.of(one), "flux", "flux-dev", new BigDecimal("0.0012"),
        Duration.ofSeconds(9));
    store.remember(grid);
    store.remember(plain);
    assertEquals(Optional.of(grid), store.recall("key1"));
    assertEquals(Optional.of(plain), store.recall("key2"));
    assertEquals("", store.recall("key2").orElseThrow().remoteJobId());
    assertEquals(Optional.empty(), store.recall("key3"));
  }

  @Test
  void remember_sameKeyAgain_newerGenerationAnswers() {
    StoredImage one = store.put(image(1), "p", "flux");
    StoredImage two = store.put(image(2), "p", "sdxl");
    store.remember(new CachedGeneration("key", List.of(one), "flux", "flux-dev", BigDecimal.ONE, Duration.ZERO));
    CachedGeneration newer = new CachedGeneration("key", List.of(two), "sdxl", "sdxl-1", new BigDecimal("0.9"),
        Duration.ofSeconds(2), "r-9");
    store.remember(newer);
    assertEquals(Optional.of(newer), store.recall("key"));
  }

  @Test
  void recall_generationWhoseBlobWasNeverStored_isEmpty() {
    StoredImage stored = store.put(image(1), "p", "flux");
    GeneratedImage missing = image(2);
    StoredImage ghost = new StoredImage(missing.sha256(), missing.format(), 64, 64, missing.size());
    store.remember(new CachedGeneration("key", List.of(stored, ghost), "flux", "flux-dev", BigDecimal.ONE,
        Duration.ZERO));
    assertEquals(Optional.empty(), store.recall("key"));
  }

  @Test
  void blobsAndCacheIndex_surviveARestart() {
    StoredImage stored = store.put(image(3), "p", "midjourney");
    CachedGeneration grid = new CachedGeneration("key", List.of(stored), "midjourney", "mj-6",
        new BigDecimal("0.02"), Duration.ofSeconds(40), "mj-7");
    store.remember(grid);
    restart();
    assertArrayEquals(image(3).bytes(), store.read(stored.sha256()).orElseThrow());
    assertEquals(Optional.of(grid), store.recall("key"));
  }

  // History

  @Test
  void recent_newestFirstForThatUserOnly_atMostTheLimit() {
    StoredImage stored = store.put(image(2), "p", "flux");
    List<HistoryEntry> recorded = new ArrayList<>();
    for (String theme : List.of("halloween", "christmas", "easter")) {
      HistoryEntry entry = new HistoryEntry(0, ALICE, "lulu", theme, "p", "flux", new BigDecimal("0.0012"),
          Duration.ofSeconds(3), false, List.of(stored), NOW);
      recorded.add(entry.withId(store.record(entry)));
    }
    store.record(entry(BOB, "flux", BigDecimal.ZERO, List.of(stored), ""));
    assertEquals(List.of(recorded.get(2), recorded.get(1)), store.recent(ALICE, 2));
    assertEquals(3, store.recent(ALICE, 10).size());
    assertEquals(List.of(), store.recent("test:carol", 10));
  }

  @Test
  void entry_byIdForItsOwnerOnly() {
    StoredImage stored = store.put(image(3), "p", "flux");
    HistoryEntry entry = entry(ALICE, "flux", BigDecimal.ONE, List.of(stored), "");
    long id = store.record(entry);
    assertEquals(Optional.of(entry.withId(id)), store.entry(ALICE, id));
    assertEquals(Optional.empty(), store.entry(BOB, id), "someone else's entry");
    assertEquals(Optional.empty(), store.entry(ALICE, id + 1000), "no such entry");
  }

  @Test
  void entry_keepsRemoteJobIdCacheFlagAndCost() {
    StoredImage one = store.put(image(3), "p", "midjourney");
    StoredImage two = store.put(image(4), "p", "midjourney");
    long grid = store.record(new HistoryEntry(0, ALICE, "lulu", "halloween", "p", "midjourney",
        new BigDecimal("0.08"), Duration.ofMillis(40_250), false, List.of(two, one), NOW, "mj-7"));
    long cached = store.record(new HistoryEntry(0, ALICE, "lulu", "halloween", "p", "flux", BigDecimal.ZERO,
        Duration.ofMillis(12), true, List.of(one), NOW.plusSeconds(1)));

    HistoryEntry gridEntry = store.entry(ALICE, grid).orElseThrow();
    assertEquals("mj-7", gridEntry.remoteJobId());
    assertEquals(new BigDecimal("0.08"), gridEntry.costUsd());
    assertEquals(List.of(two, one), gridEntry.images());
    assertFalse(gridEntry.fromCache());
    HistoryEntry cachedEntry = store.entry(ALICE, cached).orElseThrow();
    assertEquals("", cachedEntry.remoteJobId());
    assertTrue(cachedEntry.fromCache());
    assertEquals(0, cachedEntry.costUsd().signum());
  }

  @Test
  void history_survivesARestart() {
    StoredImage stored = store.put(image(3), "p", "midjourney");
    HistoryEntry entry = entry(ALICE, "midjourney", new BigDecimal("0.08"), List.of(stored), "mj-7");
    long id = store.record(entry);
    restart();
    assertEquals(List.of(entry.withId(id)), store.recent(ALICE, 5));
  }

  // File references

  @Test
  void fileId_rememberedPerPlatform_newerReplacesOlder() {
    String sha = image(4).sha256();
    assertEquals(Optional.empty(), store.fileId("telegram", sha));
    store.rememberFileId("telegram", sha, "AgACAgIAAxkBAAI");
    store.rememberFileId("telegram", sha, "AgACAgIAAxkBAAJ");
    store.rememberFileId("discord", image(5).sha256(), "112233");
    assertEquals(Optional.of("AgACAgIAAxkBAAJ"), store.fileId("telegram", sha));
    assertEquals(Optional.empty(), store.fileId("discord", sha));
  }

  @Test
  void fileIds_surviveARestart() {
    String sha = image(4).sha256();
    store.rememberFileId("telegram", sha, "AgACAgIAAxkBAAJ");
    restart();
    assertEquals(Optional.of("AgACAgIAAxkBAAJ"), store.fileId("telegram", sha));
  }

  // Fixtures

  private static JobTicket ticket(String cacheKey, String providerId, long reservationId, int images) {
    return new JobTicket(ALICE, "lulu", "halloween", cacheKey, "p", providerId, reservationId, images, NOW);
  }

  private static HistoryEntry entry(String userKey, String providerId, BigDecimal cost, List<StoredImage> images,
      String remoteJobId) {
    return new HistoryEntry(0, userKey, "lulu", "halloween", "p", providerId, cost, Duration.ofSeconds(2), false,
        images, NOW, remoteJobId);
  }

  private void closeJob(String providerId, BigDecimal cost, Instant at) {
    long job = store.open(ticket("k", providerId, 0, 1));
    store.close(job, true, providerId, 1, cost, at);
  }

  // Button links

  private static io.rolemarket.imagebot.core.store.ActionLinks.Link link(String token, long historyId, String command,
      Instant at) {
    return new io.rolemarket.imagebot.core.store.ActionLinks.Link(token, ALICE, "telegram", "42", command, historyId,
        "midjourney", "job-1", at);
  }

  @Test
  void link_isFoundByItsToken_andSurvivesARestart() {
    var kept = link("Ab3dE9xQ2k", 12, "/generate lulu halloween --ar 3:4", NOW);
    store.link(kept);
    assertEquals(java.util.Optional.of(kept), store.linked("Ab3dE9xQ2k"));
    assertEquals(java.util.Optional.empty(), store.linked("NoSuchTokn"));
    restart();
    assertEquals(java.util.Optional.of(kept), store.linked("Ab3dE9xQ2k"));
  }

  @Test
  void requestOf_isTheNewestLinkUnderThatHistoryEntry() {
    store.link(link("first00001", 12, "/generate lulu halloween --ar 3:4", NOW));
    store.link(link("other00001", 13, "/generate lulu christmas", NOW.plusSeconds(1)));
    store.link(link("second0001", 12, "/generate lulu halloween --ar 3:4 --tier quality", NOW.plusSeconds(2)));
    assertEquals(java.util.Optional.of("/generate lulu halloween --ar 3:4 --tier quality"), store.requestOf(12));
    assertEquals(java.util.Optional.empty(), store.requestOf(99));
  }
}
