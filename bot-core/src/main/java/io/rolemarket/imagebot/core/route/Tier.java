package io.rolemarket.imagebot.core.route;

import java.util.Locale;
import java.util.Optional;

/** A user's preference between providers, ordered from the providers' declared cost and latency. */
public enum Tier {
  /** Best pictures first: most expensive first; the only tier that reaches premium providers. */
  QUALITY,
  /** The team's configured order. */
  BALANCED,
  /** Cheapest first. */
  CHEAP,
  /** Quickest first. */
  FAST;

  /** The tier named {@code name} (any case). */
  public static Optional<Tier> parse(String name) {
    for (Tier tier : values()) {
      if (tier.name().equalsIgnoreCase(name.strip())) {
        return Optional.of(tier);
      }
    }
    return Optional.empty();
  }

  /** The lower-case name users type. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
