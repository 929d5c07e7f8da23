package io.rolemarket.imagebot.core.route;

import io.rolemarket.imagebot.core.provider.ProviderRequest;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One request to route.
 *
 * @param choice which providers may answer, in which order
 * @param request what to make
 * @param userKey who asks: the fair queue takes turns between users
 * @param budgetLeftUsd what the team may still spend this month; providers whose price for the
 *     request is above it are skipped
 */
public record RouteRequest(RouteChoice choice, ProviderRequest request, String userKey, BigDecimal budgetLeftUsd) {
  /** Checks the fields. */
  public RouteRequest {
    Objects.requireNonNull(choice, "choice");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(userKey, "userKey");
    Objects.requireNonNull(budgetLeftUsd, "budgetLeftUsd");
  }
}
