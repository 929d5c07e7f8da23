package io.rolemarket.imagebot.core.review;

/** What sending a picture to review did. Adapters render it with an exhaustive {@code switch}. */
public sealed interface SubmitOutcome {

  /** Put up for review; the adapters post it to their review channels. */
  record Submitted(Design design) implements SubmitOutcome {}

  /** The picture is already waiting for a decision; nothing new was submitted. */
  record AlreadyInReview(Design design) implements SubmitOutcome {}

  /** No such picture in the requester's history (or its images are gone). */
  record NotFound(long historyId) implements SubmitOutcome {}

  /** No reviewers are configured. */
  record NotSetUp() implements SubmitOutcome {}
}
