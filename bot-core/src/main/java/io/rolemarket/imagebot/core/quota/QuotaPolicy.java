package io.rolemarket.imagebot.core.quota;

import io.rolemarket.imagebot.core.Role;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The limits each role gets: {@code user} and {@code pro} are limited, {@code admin} is unlimited.
 *
 * @param user limits for the {@code user} role
 * @param pro limits for the {@code pro} role
 */
public record QuotaPolicy(QuotaLimits user, QuotaLimits pro) {

  /** Checks the fields. */
  public QuotaPolicy {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(pro, "pro");
  }

  /** The defaults with {@code dailyUserLimit} images a day for ordinary users. */
  public static QuotaPolicy withDailyLimit(int dailyUserLimit) {
    return new QuotaPolicy(
        new QuotaLimits(dailyUserLimit, Math.max(dailyUserLimit, 300)),
        new QuotaLimits(Math.max(dailyUserLimit, 100), 1500));
  }

  /** The limits for {@code role}. */
  public QuotaLimits limitsFor(Role role) {
    return switch (role) {
      case USER -> user;
      case PRO -> pro;
      case ADMIN -> QuotaLimits.UNLIMITED;
    };
  }

  /**
   * The limits a user with {@code role} has: an admin is never limited, whatever was set for them; anyone else
   * has their own limits when an admin set some ({@code override}, asked only then), else their role's.
   */
  public QuotaLimits limitsFor(Role role, Supplier<Optional<QuotaLimits>> override) {
    return role == Role.ADMIN ? limitsFor(role) : override.get().orElse(limitsFor(role));
  }
}
