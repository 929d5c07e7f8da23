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
 * @param budgetLeftUsd what the team may still spend this month, as of the request (for the refusal's words);
 *     providers whose price for the request is above it are skipped at once
 * @param budget holds each provider call's price before the call, so calls in flight never pass the budget
 */
public record RouteRequest(RouteChoice choice, ProviderRequest request, String userKey, BigDecimal budgetLeftUsd,
    BudgetGate budget) {
  /** Checks the fields. */
  public RouteRequest {
    Objects.requireNonNull(choice, "choice");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(userKey, "userKey");
    Objects.requireNonNull(budgetLeftUsd, "budgetLeftUsd");
    Objects.requireNonNull(budget, "budget");
  }

  /**
   * Whether the request carries a picture of the character ({@link ProviderRequest#referenceImage()}): the router
   * then tries the providers that take one first. A URL for Midjourney's {@code --cref} alone does not count.
   */
  public boolean carriesReference() {
    return request.referenceImage() != null;
  }

  /** A request whose calls are only checked against {@code budgetLeftUsd}, nothing held (tests of routing). */
  public RouteRequest(RouteChoice choice, ProviderRequest request, String userKey, BigDecimal budgetLeftUsd) {
    this(choice, request, userKey, budgetLeftUsd, BudgetGate.within(budgetLeftUsd));
  }
}
