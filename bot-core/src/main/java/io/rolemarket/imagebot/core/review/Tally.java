package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.util.List;

/**
 * The current votes on one submission, one per reviewer, in the order reviewers first voted.
 *
 * @param votes the votes
 */
public record Tally(List<Vote> votes) {
  /** Copies the list. */
  public Tally {
    votes = List.copyOf(votes);
  }

  /** How many reviewers approve. */
  public int approvals() {
    return count(Verdict.APPROVE);
  }

  /** How many reviewers reject. */
  public int rejections() {
    return count(Verdict.REJECT);
  }

  /** How many reviewers ask for changes. */
  public int changes() {
    return count(Verdict.CHANGES);
  }

  /** The non-empty comments, each as {@code reviewer: comment}, in vote order. */
  public List<String> notes() {
    return votes.stream().filter(vote -> !vote.comment().isBlank())
        .map(vote -> vote.reviewerKey() + ": " + vote.comment()).toList();
  }

  private int count(Verdict verdict) {
    return (int) votes.stream().filter(vote -> vote.verdict() == verdict).count();
  }
}
