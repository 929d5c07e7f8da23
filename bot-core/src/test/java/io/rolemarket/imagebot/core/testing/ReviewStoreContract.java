package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.ReviewStore.Action;
import io.rolemarket.imagebot.core.store.ReviewStore.AuditEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every store's review records must do, as the review desk relies on it: submissions, one vote per
 * reviewer, one decision that closes voting, the audit trail and the platforms' posts.
 */
public abstract class ReviewStoreContract extends StoreContractBase {
  @Test
  void submit_givesAnIdAndKeepsTheSubmissionUndecided() {
    long first = store.submit(new Submission(0, ALICE, 7, image(1).sha256(), "for the banner", NOW));
    long second = store.submit(new Submission(99, BOB, 0, image(2).sha256(), "", NOW.plusSeconds(1)));
    assertNotEquals(first, second);
    Submission submitted = new Submission(first, ALICE, 7, image(1).sha256(), "for the banner", NOW);
    assertEquals(Optional.of(submitted), store.submission(first));
    assertEquals(List.of(first, second), store.undecided(10).stream().map(Submission::id).toList());
    assertEquals(List.of(submitted), store.undecided(1));
    assertEquals(Optional.empty(), store.submission(first + second + 1));
  }

  @Test
  void vote_onePerReviewer_aChangedVoteReplacesTheFirstInItsPlace() {
    long id = store.submit(new Submission(0, ALICE, 7, image(1).sha256(), "", NOW));
    assertTrue(store.vote(new Vote(id, BOB, Verdict.APPROVE, "", NOW.plusSeconds(1))));
    assertTrue(store.vote(new Vote(id, "test:carol", Verdict.APPROVE, "nice", NOW.plusSeconds(2))));
    assertTrue(store.vote(new Vote(id, BOB, Verdict.CHANGES, "hat is off", NOW.plusSeconds(3))));
    assertEquals(List.of(
            new Vote(id, BOB, Verdict.CHANGES, "hat is off", NOW.plusSeconds(3)),
            new Vote(id, "test:carol", Verdict.APPROVE, "nice", NOW.plusSeconds(2))),
        store.votes(id));
  }

  @Test
  void decide_firstDecisionStandsAndClosesVoting() {
    long id = store.submit(new Submission(0, ALICE, 7, image(1).sha256(), "", NOW));
    store.vote(new Vote(id, BOB, Verdict.APPROVE, "", NOW.plusSeconds(1)));
    Decision approved = new Decision(id, Outcome.APPROVED, "rule:majority", "2 of 3", NOW.plusSeconds(2));
    assertTrue(store.decide(approved));
    assertFalse(store.decide(new Decision(id, Outcome.REJECTED, "test:admin", "", NOW.plusSeconds(3))));
    assertFalse(store.vote(new Vote(id, BOB, Verdict.REJECT, "", NOW.plusSeconds(4))));

    assertEquals(Optional.of(approved), store.decision(id));
    assertEquals(List.of(new Vote(id, BOB, Verdict.APPROVE, "", NOW.plusSeconds(1))), store.votes(id));
    assertEquals(List.of(), store.undecided(10));
    assertEquals(List.of(id), store.decided(Outcome.APPROVED, 10).stream().map(Submission::id).toList());
    assertEquals(List.of(), store.decided(Outcome.REJECTED, 10));
  }

  @Test
  void decided_newestDecisionFirst() {
    long older = store.submit(new Submission(0, ALICE, 1, image(1).sha256(), "", NOW));
    long newer = store.submit(new Submission(0, ALICE, 2, image(2).sha256(), "", NOW));
    store.decide(new Decision(newer, Outcome.REJECTED, "test:admin", "", NOW.plusSeconds(5)));
    store.decide(new Decision(older, Outcome.REJECTED, "test:admin", "", NOW.plusSeconds(9)));
    assertEquals(List.of(older, newer), store.decided(Outcome.REJECTED, 10).stream().map(Submission::id).toList());
    assertEquals(List.of(older), store.decided(Outcome.REJECTED, 1).stream().map(Submission::id).toList());
  }

  @Test
  void audit_submissionVotesAndDecisionInOrder() {
    long id = store.submit(new Submission(0, ALICE, 7, image(1).sha256(), "banner", NOW));
    store.vote(new Vote(id, BOB, Verdict.APPROVE, "", NOW.plusSeconds(1)));
    store.vote(new Vote(id, BOB, Verdict.REJECT, "", NOW.plusSeconds(2)));
    store.decide(new Decision(id, Outcome.REJECTED, "rule:majority", "", NOW.plusSeconds(3)));
    store.vote(new Vote(id, "test:carol", Verdict.APPROVE, "", NOW.plusSeconds(4)));
    store.decide(new Decision(id, Outcome.APPROVED, "test:admin", "", NOW.plusSeconds(5)));
    assertEquals(List.of(
            new AuditEntry(id, ALICE, Action.SUBMITTED, "banner", NOW),
            new AuditEntry(id, BOB, Action.VOTED, "approve", NOW.plusSeconds(1)),
            new AuditEntry(id, BOB, Action.VOTED, "reject", NOW.plusSeconds(2)),
            new AuditEntry(id, "rule:majority", Action.DECIDED, "rejected", NOW.plusSeconds(3))),
        store.audit(id));
  }

  @Test
  void voteAndDecide_unknownSubmission_recordNothing() {
    assertFalse(store.vote(new Vote(999, BOB, Verdict.APPROVE, "", NOW)));
    assertFalse(store.decide(new Decision(999, Outcome.APPROVED, BOB, "", NOW)));
    assertEquals(List.of(), store.votes(999));
    assertEquals(Optional.empty(), store.decision(999));
    assertEquals(List.of(), store.audit(999));
  }

  @Test
  void post_rememberedPerPlatform_newerReplacesOlder() {
    long id = store.submit(new Submission(0, ALICE, 7, image(1).sha256(), "", NOW));
    store.rememberPost(id, "telegram", "-100:5");
    store.rememberPost(id, "telegram", "-100:6");
    assertEquals(Optional.of("-100:6"), store.post(id, "telegram"));
    assertEquals(Optional.empty(), store.post(id, "discord"));
  }

  @Test
  void reviews_surviveARestart() {
    long id = store.submit(new Submission(0, ALICE, 7, image(1).sha256(), "banner", NOW));
    Vote vote = new Vote(id, BOB, Verdict.APPROVE, "", NOW.plusSeconds(1));
    store.vote(vote);
    Decision decision = new Decision(id, Outcome.APPROVED, BOB, "", NOW.plusSeconds(2));
    store.decide(decision);
    store.rememberPost(id, "telegram", "-100:5");
    restart();
    assertEquals(List.of(vote), store.votes(id));
    assertEquals(Optional.of(decision), store.decision(id));
    assertEquals(Optional.of("-100:5"), store.post(id, "telegram"));
    assertEquals(3, store.audit(id).size());
  }

}
