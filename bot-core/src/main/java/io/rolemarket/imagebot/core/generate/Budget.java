package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.route.BudgetGate;
import io.rolemarket.imagebot.core.store.JobJournal;
import io.rolemarket.imagebot.core.store.SpendHolds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The team's monthly spending limit in US dollars, kept by the store as a ledger: a provider call holds its price
 * before it starts ({@link Gate#hold}), atomically against the month's billed spend plus every hold in flight, and
 * the hold is released once the job's own cost is billed or the call failed. So requests in flight together never
 * pass the limit, under any concurrency and across the end of a month (a hold counts in whatever month is being
 * checked: its job bills now or later). Holds left by a process that died are released when the bot starts. A
 * role may have its own cap a user (for example {@code pro} users at most $5 a month each), kept by the same
 * holds over that user's spend.
 *
 * <p>Admins are warned once a month as spend passes 50 %, 80 % and 100 % of the limit ({@link #afterBilling},
 * {@link Warning}); 100 % is also reached when a request is refused because nothing fits what is left.
 *
 * <p>Safe for concurrent use.
 */
public final class Budget {
  /** The shares of the monthly limit whose passing admins hear of, in percent. */
  public static final List<Integer> WARN_AT = List.of(50, 80, 100);

  private final BigDecimal monthlyUsd;
  private final Map<Role, BigDecimal> roleCaps;
  private final JobJournal journal;
  private final SpendHolds holds;
  private final Clock clock;
  private final Consumer<Warning> warnings;
  /** The month and percent up to which warnings are known to be claimed (this process or an earlier one). */
  private volatile @Nullable Claimed claimed;

  /**
   * A budget of {@code monthlyUsd} a month, counting what {@code journal} billed and what {@code holds} hold.
   *
   * @param roleCaps the most one user of a role may spend a month (roles left out have no cap of their own)
   * @param warnings told of each threshold passed, once a month
   */
  public Budget(BigDecimal monthlyUsd, Map<Role, BigDecimal> roleCaps, JobJournal journal, SpendHolds holds,
      Clock clock, Consumer<Warning> warnings) {
    if (monthlyUsd.signum() < 0) {
      throw new IllegalArgumentException("the monthly budget must not be negative, was " + monthlyUsd);
    }
    roleCaps.forEach((role, cap) -> {
      if (cap.signum() < 0) {
        throw new IllegalArgumentException("the monthly cap of " + role.label() + " must not be negative");
      }
    });
    this.monthlyUsd = monthlyUsd;
    this.roleCaps = roleCaps.isEmpty() ? Map.of() : new EnumMap<>(roleCaps);
    this.journal = journal;
    this.holds = holds;
    this.clock = clock;
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  /** A budget with no caps per role and no one to warn. */
  public Budget(BigDecimal monthlyUsd, JobJournal journal, SpendHolds holds, Clock clock) {
    this(monthlyUsd, Map.of(), journal, holds, clock, warning -> { });
  }

  /** The monthly limit. */
  public BigDecimal monthlyUsd() {
    return monthlyUsd;
  }

  /** The most one user of {@code role} may spend a month, or null for no cap of their own. */
  public @Nullable BigDecimal capOf(Role role) {
    return roleCaps.get(role);
  }

  /** Billed this month. */
  public BigDecimal spent() {
    return journal.spend(month(clock.instant()));
  }

  /** What may still be spent this month: the limit less what is billed and held (never negative). */
  public BigDecimal left() {
    return monthlyUsd.subtract(spent()).subtract(holds.held()).max(BigDecimal.ZERO);
  }

  /** The gate through which {@code userKey}, of {@code role}, holds the price of each provider call. */
  public Gate forUser(String userKey, Role role) {
    return new Gate(userKey, role, capOf(role));
  }

  /** Gives a hold back: its job's cost is billed, or the call failed or was cancelled (0: none was taken). */
  public void release(long holdId) {
    if (holdId != 0) {
      holds.release(holdId);
    }
  }

  /**
   * Holds {@code usd} for a job the last run paid a hold for and a restart released, still running at its
   * provider: it keeps its place in the budget until it is billed.
   */
  public long holdResumed(String userKey, BigDecimal usd) {
    return holds.holdAnyway(userKey, usd, clock.instant());
  }

  /**
   * Call once a job's cost is billed: warns admins, once a month each, as the spend passes 50 %, 80 % and 100 %
   * of the limit. Cheap once every threshold of the month is claimed.
   */
  public void afterBilling() {
    Instant now = clock.instant();
    YearMonth month = month(now);
    Claimed known = claimed;
    if (known != null && known.month.equals(month) && known.percent >= WARN_AT.getLast()) {
      return;
    }
    BigDecimal spent = journal.spend(month);
    if (spent.signum() == 0 || monthlyUsd.signum() == 0) {
      // Free pictures pass no share of anything; a budget of nothing is "used up" only when it refuses a request.
      return;
    }
    int percent = spent.multiply(BigDecimal.valueOf(100)).divide(monthlyUsd, 0, RoundingMode.FLOOR).intValue();
    warn(month, percent, spent, now, WARN_AT);
  }

  /** Nothing fitted what is left of the team's budget: the month has used it all, whatever the figure says. */
  private void usedUp() {
    Instant now = clock.instant();
    Claimed known = claimed;
    YearMonth month = month(now);
    if (known == null || !known.month.equals(month) || known.percent < 100) {
      // Only "used up": the lower thresholds may not have been passed (a price larger than what is left).
      warn(month, 100, spent(), now, List.of(100));
    }
  }

  private void warn(YearMonth month, int percent, BigDecimal spent, Instant now, List<Integer> thresholds) {
    Claimed known = claimed;
    int from = known != null && known.month.equals(month) ? known.percent : 0;
    for (int threshold : thresholds) {
      if (threshold > from && threshold <= percent && holds.claimWarning(month, threshold, now)) {
        warnings.accept(new Warning(month, threshold, spent, monthlyUsd, Refusal.nextMonth(now)));
      }
    }
    int reached = WARN_AT.stream().filter(threshold -> threshold <= percent).mapToInt(Integer::intValue).max()
        .orElse(0);
    if (reached > from) {
      claimed = new Claimed(month, reached);
    }
  }

  private static YearMonth month(Instant at) {
    return YearMonth.from(at.atZone(ZoneOffset.UTC));
  }

  private record Claimed(YearMonth month, int percent) {}

  /**
   * The month's spend passed {@code percent} % of the budget: admins get one direct message each.
   *
   * @param spentUsd billed this month when it was noticed
   * @param resetsAt when the month's budget starts again
   */
  public record Warning(YearMonth month, int percent, BigDecimal spentUsd, BigDecimal monthlyUsd,
      Instant resetsAt) {}

  /** One asker's way through the budget: the team's limit, and their role's cap when it has one. */
  public final class Gate implements BudgetGate {
    private final String userKey;
    private final Role role;
    private final @Nullable BigDecimal cap;

    private Gate(String userKey, Role role, @Nullable BigDecimal cap) {
      this.userKey = userKey;
      this.role = role;
      this.cap = cap;
    }

    /** What this asker may still spend this month: the team's budget left, or less of their own cap. */
    public BigDecimal left() {
      BigDecimal team = Budget.this.left();
      return cap == null ? team : team.min(capLeft());
    }

    private BigDecimal capLeft() {
      return Objects.requireNonNull(cap).subtract(holds.committedBy(userKey, clock.instant())).max(BigDecimal.ZERO);
    }

    @Override
    public OptionalLong hold(BigDecimal usd) {
      return holds.hold(new SpendHolds.Ask(userKey, usd, monthlyUsd, cap), clock.instant());
    }

    @Override
    public void release(long holdId) {
      Budget.this.release(holdId);
    }

    @Override
    public Refusal refusal(BigDecimal leftUsd, boolean everyProvider, Instant now) {
      if (cap != null) {
        BigDecimal capLeft = capLeft();
        if (capLeft.compareTo(Budget.this.left()) < 0) {
          return new Refusal.SpendCapReached(role, cap, capLeft, Refusal.nextMonth(now));
        }
      }
      usedUp();
      return Refusal.BudgetUsedUp.at(leftUsd, everyProvider, now);
    }
  }
}
