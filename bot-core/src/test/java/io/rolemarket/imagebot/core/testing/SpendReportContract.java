package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.store.SpendReport;
import io.rolemarket.imagebot.core.store.SpendReport.DaySpend;
import io.rolemarket.imagebot.core.store.SpendReport.Share;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every store must do for {@link JobJournal#spendReport} and {@link JobJournal#spendOf}: the month's spend
 * broken down by day and provider, provider, user, character and theme, booked in the UTC month each job was
 * billed in, failed and free jobs left out. Amounts are compared after {@code stripTrailingZeros}: a store may
 * keep any scale.
 */
public abstract class SpendReportContract extends StoreContractBase {
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final String CAROL = "test:carol";

  @Test
  void spendReport_aMonthOfJobs_brokenDownByDayProviderUserCharacterAndTheme() {
    paid(ALICE, "lulu", "halloween", "flux", "0.003", "2026-11-02T09:00:00Z");
    paid(ALICE, "lulu", "christmas", "flux", "0.003", "2026-11-02T17:30:00Z");
    paid(BOB, "lulu", "halloween", "sdxl", "0.01", "2026-11-02T18:00:00Z");
    paid(BOB, "momo", "halloween", "gemini", "0.039", "2026-11-20T08:00:00Z");
    paid(ALICE, "momo", "spring-festival", "flux", "0.003", "2026-11-24T10:00:00Z");

    SpendReport report = store.spendReport(NOVEMBER, 10);

    assertEquals(plain(new SpendReport(NOVEMBER,
        List.of(day("2026-11-02", "flux", "0.006", 2), day("2026-11-02", "sdxl", "0.01", 1),
            day("2026-11-20", "gemini", "0.039", 1), day("2026-11-24", "flux", "0.003", 1)),
        List.of(share("gemini", "0.039", 1), share("sdxl", "0.01", 1), share("flux", "0.009", 3)),
        List.of(share(BOB, "0.049", 2), share(ALICE, "0.009", 3)),
        List.of(share("momo", "0.042", 2), share("lulu", "0.016", 3)),
        List.of(share("halloween", "0.052", 3), share("christmas", "0.003", 1), share("spring-festival", "0.003", 1)))),
        plain(report));
    assertEquals(0, new BigDecimal("0.058").compareTo(report.totalUsd()));
    assertEquals(0, store.spend(NOVEMBER).compareTo(report.totalUsd()), "the same total as the budget sees");
  }

  @Test
  void spendReport_failedFreeAndOpenJobs_areLeftOut() {
    paid(ALICE, "lulu", "halloween", "flux", "0.003", "2026-11-03T09:00:00Z");
    long failed = store.open(ticket(BOB, "lulu", "halloween", "sdxl", Instant.parse("2026-11-03T09:00:00Z")));
    store.close(failed, false, "sdxl", 0, new BigDecimal("9"), Instant.parse("2026-11-03T09:00:05Z"));
    paid(BOB, "momo", "christmas", "sketch", "0", "2026-11-03T10:00:00Z");
    store.open(ticket(CAROL, "momo", "christmas", "flux", Instant.parse("2026-11-03T11:00:00Z")));

    SpendReport report = store.spendReport(NOVEMBER, 10);

    assertEquals(plain(new SpendReport(NOVEMBER, List.of(day("2026-11-03", "flux", "0.003", 1)),
        List.of(share("flux", "0.003", 1)), List.of(share(ALICE, "0.003", 1)), List.of(share("lulu", "0.003", 1)),
        List.of(share("halloween", "0.003", 1)))), plain(report));
    assertEquals(BigDecimal.ZERO, store.spendOf(BOB, NOVEMBER).stripTrailingZeros());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.rolemarket.imagebot.core.testing.StoreContract#lastSecondsOfMonths")
  void spendReport_jobsBilledInTheLastSecondAndTheFirstOfTheNext_eachInItsOwnMonth(String lastSecond) {
    Instant last = Instant.parse(lastSecond);
    Instant first = last.plusSeconds(1);
    YearMonth month = YearMonth.from(last.atZone(ZoneOffset.UTC));
    paid(ALICE, "lulu", "halloween", "flux", "0.003", lastSecond);
    paid(BOB, "momo", "christmas", "sdxl", "0.01", first.toString());

    assertEquals(plain(new SpendReport(month,
        List.of(new DaySpend(LocalDate.ofInstant(last, ZoneOffset.UTC), "flux", new BigDecimal("0.003"), 1)),
        List.of(share("flux", "0.003", 1)), List.of(share(ALICE, "0.003", 1)), List.of(share("lulu", "0.003", 1)),
        List.of(share("halloween", "0.003", 1)))), plain(store.spendReport(month, 5)));
    assertEquals(plain(new SpendReport(month.plusMonths(1),
        List.of(new DaySpend(month.plusMonths(1).atDay(1), "sdxl", new BigDecimal("0.01"), 1)),
        List.of(share("sdxl", "0.01", 1)), List.of(share(BOB, "0.01", 1)), List.of(share("momo", "0.01", 1)),
        List.of(share("christmas", "0.01", 1)))), plain(store.spendReport(month.plusMonths(1), 5)));
    assertEquals(new BigDecimal("0.003"), store.spendOf(ALICE, month).stripTrailingZeros());
    assertEquals(BigDecimal.ZERO, store.spendOf(ALICE, month.plusMonths(1)).stripTrailingZeros());
    assertEquals(new BigDecimal("0.01"), store.spendOf(BOB, month.plusMonths(1)).stripTrailingZeros());
  }

  @Test
  void spendReport_jobProducedAtTheEndOfAMonthAndClosedInTheNext_isOnTheDayItWasProduced() {
    Instant produced = Instant.parse("2026-11-30T23:59:59Z");
    long job = store.open(ticket(ALICE, "lulu", "halloween", "flux", produced.minusSeconds(10)));
    store.attachImage(job, store.put(image(1), "p", "flux"), "flux", "flux-dev", new BigDecimal("0.003"), produced);
    store.close(job, true, "flux", 1, new BigDecimal("0.003"), produced.plusSeconds(3));

    assertEquals(List.of(day("2026-11-30", "flux", "0.003", 1)), plain(store.spendReport(NOVEMBER, 3)).byDay());
    assertEquals(SpendReport.empty(YearMonth.of(2026, 12)), store.spendReport(YearMonth.of(2026, 12), 3));
  }

  @Test
  void spendReport_moreUsersThanAsked_namesTheLargestTiesByKey() {
    paid(ALICE, "lulu", "halloween", "flux", "0.01", "2026-11-05T10:00:00Z");
    paid(BOB, "lulu", "halloween", "flux", "0.02", "2026-11-05T10:00:00Z");
    paid(CAROL, "lulu", "halloween", "flux", "0.01", "2026-11-05T10:00:00Z");

    SpendReport report = store.spendReport(NOVEMBER, 2);

    assertEquals(List.of(share(BOB, "0.02", 1), share(ALICE, "0.01", 1)), plain(report).topUsers());
    assertEquals(0, new BigDecimal("0.04").compareTo(report.totalUsd()), "the total still counts everyone");
  }

  @Test
  void spendReport_aMonthWithoutSpend_isEmpty() {
    paid(ALICE, "lulu", "halloween", "flux", "0.003", "2026-10-31T23:59:59Z");
    assertEquals(SpendReport.empty(NOVEMBER), store.spendReport(NOVEMBER, 5));
    assertEquals(BigDecimal.ZERO, store.spendOf(ALICE, NOVEMBER).stripTrailingZeros());
  }

  @Test
  void spendReport_topLessThanOne_isABug() {
    assertThrows(IllegalArgumentException.class, () -> store.spendReport(NOVEMBER, 0));
  }

  @Test
  void spendOf_sumsOnlyThatUsersJobsOfTheMonth() {
    paid(ALICE, "lulu", "halloween", "flux", "0.003", "2026-11-01T00:00:00Z");
    paid(ALICE, "lulu", "halloween", "sdxl", "0.01", "2026-11-30T23:59:59Z");
    paid(ALICE, "lulu", "halloween", "flux", "0.5", "2026-12-01T00:00:00Z");
    paid(BOB, "lulu", "halloween", "flux", "0.7", "2026-11-15T00:00:00Z");
    assertEquals(new BigDecimal("0.013"), store.spendOf(ALICE, NOVEMBER).stripTrailingZeros());
    assertEquals(BigDecimal.ZERO, store.spendOf(CAROL, NOVEMBER).stripTrailingZeros());
  }

  /** A succeeded job of one picture that cost {@code usd}, closed (so billed) at {@code at}. */
  private void paid(String user, String character, String theme, String provider, String usd, String at) {
    long job = store.open(ticket(user, character, theme, provider, Instant.parse(at).minusSeconds(5)));
    store.close(job, true, provider, 1, new BigDecimal(usd), Instant.parse(at));
  }

  private static JobTicket ticket(String user, String character, String theme, String provider, Instant at) {
    return new JobTicket(user, character, theme, "k-" + character + "-" + theme, "p", provider, 0, 1, at);
  }

  private static DaySpend day(String day, String provider, String usd, int jobs) {
    return new DaySpend(LocalDate.parse(day), provider, new BigDecimal(usd), jobs);
  }

  private static Share share(String key, String usd, int jobs) {
    return new Share(key, new BigDecimal(usd), jobs);
  }

  /** The report with every amount in its shortest form. */
  private static SpendReport plain(SpendReport report) {
    return new SpendReport(report.month(),
        report.byDay().stream().map(day -> new DaySpend(day.day(), day.providerId(), day.usd().stripTrailingZeros(),
            day.jobs())).toList(),
        plain(report.byProvider()), plain(report.topUsers()), plain(report.topCharacters()),
        plain(report.topThemes()));
  }

  private static List<Share> plain(List<Share> shares) {
    return shares.stream().map(share -> new Share(share.key(), share.usd().stripTrailingZeros(), share.jobs()))
        .toList();
  }
}
