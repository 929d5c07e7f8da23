package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import java.util.List;
import java.util.Optional;

/** The store port for users, their roles and their personal limits. Safe for concurrent use. */
public interface UserDirectory {

  /** Records the user (or updates the display name) and returns their role; new users get {@code user}. */
  Role register(UserRef user);

  /**
   * The name the user was last registered under, or empty when unknown (a store that keeps no names answers empty).
   */
  default Optional<String> displayName(String userKey) {
    return Optional.empty();
  }

  /** Sets a user's role. */
  void setRole(String userKey, Role role);

  /** The keys of every user with {@code role}, in key order (for example the admins to warn). */
  List<String> withRole(Role role);

  /** The user's own limits when an admin set them, used instead of their role's; empty otherwise. */
  Optional<QuotaLimits> limitOverride(String userKey);

  /** Gives the user their own limits, replacing any earlier override. */
  void overrideLimits(String userKey, QuotaLimits limits);

  /** Removes the user's own limits, so their role's apply again; nothing happens when there were none. */
  void clearLimitOverride(String userKey);

  /** The language the user chose with {@code /lang}; empty when they never chose one. */
  Optional<Lang> language(String userKey);

  /** Keeps the language the user chose, replacing an earlier choice. */
  void setLanguage(String userKey, Lang lang);
}
