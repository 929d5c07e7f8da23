package io.rolemarket.imagebot.core.route;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which providers a request may use: one named provider, or every provider in a tier's order.
 *
 * @param providerId the provider asked for by id, or null for any
 * @param tier the order to try providers in when no provider is named
 */
public record RouteChoice(@Nullable String providerId, Tier tier) {

  /** Checks the tier. */
  public RouteChoice {
    Objects.requireNonNull(tier, "tier");
  }

  /** Any provider in the team's order. */
  public static RouteChoice balanced() {
    return new RouteChoice(null, Tier.BALANCED);
  }

  /** A stable label for cache keys and logs: {@code provider:sdxl} or {@code tier:balanced}. */
  public String label() {
    return providerId != null ? "provider:" + providerId : "tier:" + tier.label();
  }
}
