package io.rolemarket.imagebot.core.route;

import java.math.BigDecimal;
import java.util.OptionalLong;

/**
 * Holds a provider call's price against the team's monthly budget before the call starts, and gives it back
 * afterwards (the money ledger, like quota): the router asks before each provider it tries, so requests in flight
 * together can never pass the budget, and one that does not fit tries a cheaper provider. Safe for concurrent use.
 */
public interface BudgetGate {

  /** The hold's id when {@code usd} fits, else empty (nothing is held). */
  OptionalLong hold(BigDecimal usd);

  /** Gives a hold back (the call failed, or its job's cost is billed). */
  void release(long holdId);

  /** A gate that holds nothing and lets a call through when its price is within {@code leftUsd}. */
  static BudgetGate within(BigDecimal leftUsd) {
    return new BudgetGate() {
      @Override
      public OptionalLong hold(BigDecimal usd) {
        return usd.compareTo(leftUsd) <= 0 ? OptionalLong.of(0) : OptionalLong.empty();
      }

      @Override
      public void release(long holdId) {
        // nothing was held
      }
    };
  }
}
