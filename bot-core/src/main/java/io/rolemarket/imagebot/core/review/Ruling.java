package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;

/** What one vote did to a submission, as {@link ReviewRules#judge} rules it. Adapters switch on it. */
public sealed interface Ruling {

  /** The voter is neither a reviewer nor a lead: nothing changes. */
  record NotAReviewer() implements Ruling {}

  /** The submission was already decided: nothing changes. */
  record TooLate(Outcome outcome) implements Ruling {}

  /** The same vote again (a double press, a second device): nothing changes. */
  record Unchanged(Tally tally) implements Ruling {}

  /** The vote counts and decides nothing yet. */
  record Counted(Tally tally) implements Ruling {}

  /** The vote counts and decides the submission; {@code reason} says by which rule, in no language. */
  record Decides(Tally tally, Outcome outcome, DecisionReason reason) implements Ruling {}
}
