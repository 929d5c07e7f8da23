package io.rolemarket.imagebot.core.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a month's money went: the providers' cost of every succeeded job billed in {@code month} (UTC, booked
 * as {@link JobJournal#spend}), by day and provider, by provider, and the largest shares by user, character
 * and theme. Jobs that cost nothing are left out of every part. Immutable.
 *
 * @param month the UTC month
 * @param byDay what each provider cost on each day that had spend, by day then provider id
 * @param byProvider what each provider cost, largest first (ties by id)
 * @param topUsers the users who cost most, largest first (ties by key), at most the number asked for
 * @param topCharacters the characters that cost most, the same way ({@code ""}: a job with none, such as an upscale)
 * @param topThemes the themes that cost most, the same way
 */
public record SpendReport(
    YearMonth month,
    List<DaySpend> byDay,
    List<Share> byProvider,
    List<Share> topUsers,
    List<Share> topCharacters,
    List<Share> topThemes) {

  /** Copies the lists and checks the days are in the month. */
  public SpendReport {
    Objects.requireNonNull(month, "month");
    byDay = List.copyOf(byDay);
    byProvider = List.copyOf(byProvider);
    topUsers = List.copyOf(topUsers);
    topCharacters = List.copyOf(topCharacters);
    topThemes = List.copyOf(topThemes);
    for (DaySpend day : byDay) {
      if (!YearMonth.from(day.day()).equals(month)) {
        throw new IllegalArgumentException("day " + day.day() + " is not in " + month);
      }
    }
  }

  /**
   * What one provider cost on one day.
   *
   * @param day the UTC day
   * @param providerId who was paid
   * @param usd what they were paid
   * @param jobs how many paid jobs that was
   */
  public record DaySpend(LocalDate day, String providerId, BigDecimal usd, int jobs) {
    /** Checks the parts. */
    public DaySpend {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(providerId, "providerId");
      Objects.requireNonNull(usd, "usd");
    }
  }

  /**
   * One part of the spend.
   *
   * @param key what it is: a provider id, user key, character or theme id
   * @param usd what it cost
   * @param jobs how many paid jobs that was
   */
  public record Share(String key, BigDecimal usd, int jobs) {
    /** Checks the parts. */
    public Share {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(usd, "usd");
    }

    /** Largest first, then by key: the order of every list of shares in a report. */
    public static final Comparator<Share> LARGEST_FIRST =
        Comparator.comparing(Share::usd).reversed().thenComparing(Share::key);
  }

  /** A month with no spend at all. */
  public static SpendReport empty(YearMonth month) {
    return new SpendReport(month, List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** What the month cost in all. */
  public BigDecimal totalUsd() {
    return byProvider.stream().map(Share::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Whether nothing was paid for in the month. */
  public boolean isEmpty() {
    return byProvider.isEmpty();
  }

  /** What each day cost in all, days without spend left out, in day order. */
  public Map<LocalDate, BigDecimal> totalByDay() {
    Map<LocalDate, BigDecimal> days = new LinkedHashMap<>();
    byDay.stream().sorted(Comparator.comparing(DaySpend::day))
        .forEach(spend -> days.merge(spend.day(), spend.usd(), BigDecimal::add));
    return days;
  }
}
