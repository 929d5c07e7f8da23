package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may vote on a design and when the votes decide it. Pure (no store, no clock), immutable and safe for
 * concurrent use.
 *
 * <p>The rule, checked in this order after every vote (so a tie goes to the more careful outcome): a
 * lead's rejection rejects when {@code leadVeto} is on; {@code rejections} rejections reject;
 * {@code changes} change requests send the design back; {@code approvals} approvals approve. Leads are
 * reviewers too. Votes of people who are not reviewers (for example after the configuration changed) do
 * not count.
 *
 * @param reviewers user keys such as {@code telegram:42} who may vote
 * @param leads user keys whose rejection vetoes the design (they may vote too)
 * @param approvals approvals that approve, at least 1
 * @param rejections rejections that reject, at least 1
 * @param changes change requests that send the design back, at least 1
 * @param leadVeto whether one lead's rejection rejects at once
 */
public record ReviewRules(
    Set<String> reviewers, Set<String> leads, int approvals, int rejections, int changes, boolean leadVeto) {

  /** Copies the sets and checks the thresholds. */
  public ReviewRules {
    reviewers = Set.copyOf(reviewers);
    leads = Set.copyOf(leads);
    for (int threshold : List.of(approvals, rejections, changes)) {
      if (threshold < 1) {
        throw new IllegalArgumentException("review thresholds must be at least 1, were approvals=" + approvals
            + " rejections=" + rejections + " changes=" + changes);
      }
    }
  }

  /**
   * The team's default rule for these people: approved at 2 approvals, rejected at a lead's rejection or
   * 2 rejections, sent back at any change request.
   */
  public static ReviewRules of(Collection<String> reviewers, Collection<String> leads) {
    return new ReviewRules(Set.copyOf(reviewers), Set.copyOf(leads), 2, 2, 1, true);
  }

  /** No reviewers: design review is not set up. */
  public static ReviewRules none() {
    return of(Set.of(), Set.of());
  }

  /** Whether anyone may vote, that is whether review is set up. */
  public boolean enabled() {
    return !reviewers.isEmpty() || !leads.isEmpty();
  }

  /** Whether {@code userKey} may vote. */
  public boolean mayVote(String userKey) {
    return reviewers.contains(userKey) || leads.contains(userKey);
  }

  /**
   * What {@code ballot} does to a submission with these {@code current} votes (one per reviewer, in the
   * order they first voted) and this decision, if any.
   */
  public Ruling judge(List<Vote> current, @Nullable Outcome decided, Vote ballot) {
    if (!mayVote(ballot.reviewerKey())) {
      return new Ruling.NotAReviewer();
    }
    if (decided != null) {
      return new Ruling.TooLate(decided);
    }
    List<Vote> next = new ArrayList<>();
    boolean replaced = false;
    for (Vote vote : current) {
      if (!mayVote(vote.reviewerKey())) {
        continue;
      }
      if (vote.reviewerKey().equals(ballot.reviewerKey())) {
        if (vote.verdict() == ballot.verdict() && vote.comment().equals(ballot.comment())) {
          return new Ruling.Unchanged(counted(current));
        }
        if (!replaced) {
          next.add(ballot);
          replaced = true;
        }
        continue;
      }
      next.add(vote);
    }
    if (!replaced) {
      next.add(ballot);
    }
    Tally tally = new Tally(next);
    Optional<Ruling.Decides> decision = decide(tally);
    return decision.isPresent() ? decision.get() : new Ruling.Counted(tally);
  }

  /** The decision these votes make, if they make one. */
  public Optional<Ruling.Decides> decide(Tally tally) {
    Objects.requireNonNull(tally, "tally");
    if (leadVeto) {
      Optional<Vote> veto = tally.votes().stream()
          .filter(vote -> vote.verdict() == Verdict.REJECT && leads.contains(vote.reviewerKey())).findFirst();
      if (veto.isPresent()) {
        return Optional.of(new Ruling.Decides(tally, Outcome.REJECTED,
            DecisionReason.leadVeto(veto.get().reviewerKey())));
      }
    }
    if (tally.rejections() >= rejections) {
      return Optional.of(new Ruling.Decides(tally, Outcome.REJECTED,
          DecisionReason.of(DecisionReason.Rule.REJECTIONS, tally.rejections())));
    }
    if (tally.changes() >= changes) {
      return Optional.of(new Ruling.Decides(tally, Outcome.CHANGES_REQUESTED,
          DecisionReason.of(DecisionReason.Rule.CHANGES, tally.changes())));
    }
    if (tally.approvals() >= approvals) {
      return Optional.of(new Ruling.Decides(tally, Outcome.APPROVED,
          DecisionReason.of(DecisionReason.Rule.APPROVALS, tally.approvals())));
    }
    return Optional.empty();
  }

  private Tally counted(List<Vote> current) {
    return new Tally(current.stream().filter(vote -> mayVote(vote.reviewerKey())).toList());
  }
}
