package io.rolemarket.imagebot.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store port for review records: images submitted to the team's review, one vote per reviewer per
 * submission (changeable until the submission is decided), the decision, and an audit journal of every
 * submission, vote and decision with its time. Data only: who may vote and when a vote count decides
 * are the review rules' business. Safe for concurrent use.
 */
public interface ReviewStore {

  /** Submits an image for review and returns the submission's id ({@code submission.id()} is ignored). */
  long submit(Submission submission);

  /** The submission with this id, if there is one. */
  Optional<Submission> submission(long submissionId);

  /** Submissions without a decision, oldest first, at most {@code limit}. */
  List<Submission> undecided(int limit);

  /**
   * Records a reviewer's vote, replacing their earlier vote on the same submission.
   *
   * @return false, recording nothing, when the submission is unknown or already decided
   */
  boolean vote(Vote vote);

  /** The current votes on a submission, one per reviewer, in the order reviewers first voted. */
  List<Vote> votes(long submissionId);

  /**
   * Decides a submission; the first decision stands.
   *
   * @return false, recording nothing, when the submission is unknown or already decided
   */
  boolean decide(Decision decision);

  /** The submission's decision, if it was decided. */
  Optional<Decision> decision(long submissionId);

  /** Submissions decided with {@code outcome}, newest decision first, at most {@code limit}. */
  List<Submission> decided(Outcome outcome, int limit);

  /**
   * Remembers where a submission was posted for review on {@code platform} (for Telegram
   * {@code <chat id>:<message id>}), so the post can be edited after a restart; a newer reference
   * replaces an older one.
   */
  void rememberPost(long submissionId, String platform, String postRef);

  /** Where the submission was posted on {@code platform}, if it was. */
  Optional<String> post(long submissionId, String platform);

  /** Everything that happened to a submission, in order: the submission, every vote cast, the decision. */
  List<AuditEntry> audit(long submissionId);

  /** A reviewer's verdict on a submission. */
  enum Verdict {
    APPROVE,
    REJECT,
    /** Asks for changes; the vote's comment says which. */
    CHANGES
  }

  /** What a decision made of a submission. */
  enum Outcome {
    APPROVED,
    REJECTED,
    /** Sent back to the requester with the reviewers' notes. */
    CHANGES_REQUESTED
  }

  /**
   * An image put up for review.
   *
   * @param id the submission's id (0 before it is submitted)
   * @param submitterKey who submitted it
   * @param historyId the history entry the image came from, or 0
   * @param sha256 the image blob
   * @param caption what the submitter said about it (may be empty)
   * @param at when it was submitted
   */
  record Submission(long id, String submitterKey, long historyId, String sha256, String caption, Instant at) {
    /** Checks the fields. */
    public Submission {
      Objects.requireNonNull(submitterKey, "submitterKey");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(caption, "caption");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * One reviewer's vote on one submission.
   *
   * @param submissionId the submission
   * @param reviewerKey who voted
   * @param verdict approve, reject or ask for changes
   * @param comment why (may be empty)
   * @param at when the vote was (last) cast
   */
  record Vote(long submissionId, String reviewerKey, Verdict verdict, String comment, Instant at) {
    /** Checks the fields. */
    public Vote {
      Objects.requireNonNull(reviewerKey, "reviewerKey");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(comment, "comment");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The decision on a submission.
   *
   * @param submissionId the submission
   * @param outcome approved, rejected or changes requested
   * @param deciderKey who decided (a user, or a rule's name such as {@code rule:majority})
   * @param reason why (may be empty)
   * @param at when
   */
  record Decision(long submissionId, Outcome outcome, String deciderKey, String reason, Instant at) {
    /** Checks the fields. */
    public Decision {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(deciderKey, "deciderKey");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * One line of a submission's audit journal.
   *
   * @param submissionId the submission
   * @param actorKey who acted
   * @param action what happened
   * @param detail the verdict or outcome, lower-case ({@code approve}, {@code approved}), or the caption
   * @param at when
   */
  record AuditEntry(long submissionId, String actorKey, Action action, String detail, Instant at) {}

  /** What an audit line records. */
  enum Action {
    SUBMITTED,
    VOTED,
    DECIDED
  }
}
