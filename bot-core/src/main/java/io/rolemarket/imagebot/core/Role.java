package io.rolemarket.imagebot.core;

import java.util.Locale;
import java.util.Optional;

/** What a user may do: {@code user} and {@code pro} have quotas, {@code admin} is unlimited. */
public enum Role {
  USER,
  PRO,
  ADMIN;

  /** The role named {@code name} (any case), if there is one. */
  public static Optional<Role> parse(String name) {
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(name.strip())) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** The lower-case name users type. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
