package io.rolemarket.imagebot.core.review;

/** What a vote did. Adapters render it with an exhaustive {@code switch}. */
public sealed interface VoteOutcome {

  /** There is no design in review with this number. */
  record NoSuchDesign(long submissionId) implements VoteOutcome {}

  /** The rules judged the vote; {@code design} is as it stands after it (with the decision, if any). */
  record Voted(Ruling ruling, Design design) implements VoteOutcome {}
}
