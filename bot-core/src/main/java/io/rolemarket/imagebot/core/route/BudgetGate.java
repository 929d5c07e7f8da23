package io.rolemarket.imagebot.core.route;

import io.rolemarket.imagebot.core.generate.Refusal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Holds a provider call's price against the team's monthly budget (and the asker's own cap, where their role has
 * one) before the call starts, and gives it back afterwards (the money ledger, like quota): the router asks before
 * each provider it tries, so requests in flight together can never pass the budget, and one that does not fit
 * tries a cheaper provider. One gate serves one asker. Safe for concurrent use.
 */
public interface BudgetGate {

  /** The hold's id when {@code usd} fits, else empty (nothing is held). */
  OptionalLong hold(BigDecimal usd);

  /** Gives a hold back (the call failed, or its job's cost is billed). */
  void release(long holdId);

  /**
   * Why no provider's price fitted, for the asker: the team's budget used up, or their own cap.
   *
   * @param leftUsd what was left as the request began
   * @param everyProvider whether more than one provider was tried
   */
  default Refusal refusal(BigDecimal leftUsd, boolean everyProvider, Instant now) {
    return Refusal.BudgetUsedUp.at(leftUsd, everyProvider, now);
  }

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
