package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;

/** The store port for users and their roles. Safe for concurrent use. */
public interface UserDirectory {

  /** Records the user (or updates the display name) and returns their role; new users get {@code user}. */
  Role register(UserRef user);

  /** Sets a user's role. */
  void setRole(String userKey, Role role);
}
