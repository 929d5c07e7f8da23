package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Why a request was not accepted; nothing was charged. Rendered by the message catalog. */
public sealed interface Refusal extends Reason {

  /** What kind of catalog name was not found. */
  enum NameKind { CHARACTER, THEME }

  /** No character or theme by that name; {@code nearest} are the closest known ids (maybe none). */
  record UnknownName(NameKind kind, String given, List<String> nearest) implements Refusal {
    /** Copies the suggestions. */
    public UnknownName {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(given, "given");
      nearest = List.copyOf(nearest);
    }
  }

  /** No configured provider by that id; {@code configured} are the ids there are. */
  record UnknownProvider(String given, List<String> configured) implements Refusal {
    /** Copies the ids. */
    public UnknownProvider {
      Objects.requireNonNull(given, "given");
      configured = List.copyOf(configured);
    }
  }

  /** The quality tier or a premium provider, asked by a user whose role does not allow it. */
  record ProOnly() implements Refusal {}

  /**
   * Over the daily or monthly quota.
   *
   * @param asked images asked for
   * @param leftToday images left today
   * @param leftThisMonth images left this month
   * @param resetsAt when the limit that was hit resets
   * @param at when the request came
   */
  record OverQuota(int asked, int leftToday, int leftThisMonth, Instant resetsAt, Instant at) implements Refusal {
    /** Whether the daily limit is the one that was hit. */
    public boolean daily() {
      return leftToday <= leftThisMonth;
    }
  }

  /** The user has {@code limit} requests on the way already. */
  record TooManyRunning(int limit) implements Refusal {}

  /**
   * The picture offers no such follow-up action (a forged or stale button, or a provider without actions).
   *
   * @param action what was asked, maybe blank
   * @param offered the actions the provider offers, maybe none
   */
  record NoSuchAction(String action, List<String> offered) implements Refusal {
    /** Copies the actions. */
    public NoSuchAction {
      Objects.requireNonNull(action, "action");
      offered = List.copyOf(offered);
    }
  }

  /** The picture's character or theme has left the catalog since it was made. */
  record NoLongerInCatalog() implements Refusal {}

  /** The provider asked for ({@code providerId}), or every provider when null, cannot be used here. */
  record NoProvider(@Nullable String providerId) implements Refusal {}

  /** No configured provider makes pictures of this shape. */
  record UnsupportedShape(AspectRatio shape) implements Refusal {
    /** Checks the shape. */
    public UnsupportedShape {
      Objects.requireNonNull(shape, "shape");
    }
  }

  /**
   * The team's monthly budget cannot pay for the request.
   *
   * @param leftUsd what is left of the month's budget
   * @param everyProvider whether several providers were considered and none fits
   * @param resetsAt when the next month's budget starts (UTC)
   */
  record BudgetUsedUp(BigDecimal leftUsd, boolean everyProvider, java.time.Instant resetsAt) implements Refusal {
    /** Checks the amount. */
    public BudgetUsedUp {
      Objects.requireNonNull(leftUsd, "leftUsd");
      Objects.requireNonNull(resetsAt, "resetsAt");
    }

    /** Used up at {@code now}: the budget resets at the start of the next UTC month. */
    public static BudgetUsedUp at(BigDecimal leftUsd, boolean everyProvider, java.time.Instant now) {
      return new BudgetUsedUp(leftUsd, everyProvider, nextMonth(now));
    }
  }

  /**
   * The asker's own monthly spending cap (set for their role) has no room for the request; the team's budget may
   * have. Resets with the month.
   *
   * @param role the asker's role, whose cap it is
   * @param capUsd the cap
   * @param leftUsd what is left of it, with the asker's pictures being made now paid for
   */
  record SpendCapReached(io.rolemarket.imagebot.core.Role role, BigDecimal capUsd, BigDecimal leftUsd,
      java.time.Instant resetsAt) implements Refusal {
    /** Checks the fields. */
    public SpendCapReached {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(capUsd, "capUsd");
      Objects.requireNonNull(leftUsd, "leftUsd");
      Objects.requireNonNull(resetsAt, "resetsAt");
    }
  }

  /** The first instant of the UTC month after {@code now}'s: when the month's budget and caps start again. */
  static java.time.Instant nextMonth(java.time.Instant now) {
    java.time.YearMonth month = java.time.YearMonth.from(now.atZone(java.time.ZoneOffset.UTC));
    return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
  }
}
