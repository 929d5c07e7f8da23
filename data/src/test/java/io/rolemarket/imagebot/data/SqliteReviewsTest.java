package io.rolemarket.imagebot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.ReviewStore.Action;
import io.rolemarket.imagebot.core.store.ReviewStore.AuditEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReviewsTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final String SHA = "a".repeat(64);

  @TempDir Path dir;
  private SqliteStore store;
  private long submission;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("bot.db"));
    submission = store.submit(new Submission(0, "test:alice", 7, SHA, "lulu for the banner", T0));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void vote_oncePerReviewer_changedVoteReplacesTheFirst() {
    assertTrue(store.vote(new Vote(submission, "test:bob", Verdict.APPROVE, "", T0.plusSeconds(1))));
    assertTrue(store.vote(new Vote(submission, "test:carol", Verdict.APPROVE, "nice", T0.plusSeconds(2))));
    assertTrue(store.vote(new Vote(submission, "test:bob", Verdict.REJECT, "hat is off", T0.plusSeconds(3))));

    assertEquals(List.of(
            new Vote(submission, "test:bob", Verdict.REJECT, "hat is off", T0.plusSeconds(3)),
            new Vote(submission, "test:carol", Verdict.APPROVE, "nice", T0.plusSeconds(2))),
        store.votes(submission));
  }

  @Test
  void decide_firstDecisionStands_andClosesVoting() {
    store.vote(new Vote(submission, "test:bob", Verdict.APPROVE, "", T0.plusSeconds(1)));
    Decision approved = new Decision(submission, Outcome.APPROVED, "rule:majority", "2 of 3", T0.plusSeconds(2));
    assertTrue(store.decide(approved));
    assertFalse(store.decide(new Decision(submission, Outcome.REJECTED, "test:admin", "", T0.plusSeconds(3))));
    assertFalse(store.vote(new Vote(submission, "test:bob", Verdict.REJECT, "", T0.plusSeconds(4))));

    assertEquals(Optional.of(approved), store.decision(submission));
    assertEquals(Verdict.APPROVE, store.votes(submission).get(0).verdict());
    assertEquals(List.of(), store.undecided(10));
  }

  @Test
  void audit_journalsSubmissionEveryVoteAndTheDecisionWithTheirTimes() {
    store.vote(new Vote(submission, "test:bob", Verdict.APPROVE, "", T0.plusSeconds(1)));
    store.vote(new Vote(submission, "test:bob", Verdict.REJECT, "", T0.plusSeconds(2)));
    store.decide(new Decision(submission, Outcome.REJECTED, "test:admin", "", T0.plusSeconds(3)));
    store.vote(new Vote(submission, "test:carol", Verdict.APPROVE, "", T0.plusSeconds(4)));

    assertEquals(List.of(
            new AuditEntry(submission, "test:alice", Action.SUBMITTED, "lulu for the banner", T0),
            new AuditEntry(submission, "test:bob", Action.VOTED, "approve", T0.plusSeconds(1)),
            new AuditEntry(submission, "test:bob", Action.VOTED, "reject", T0.plusSeconds(2)),
            new AuditEntry(submission, "test:admin", Action.DECIDED, "rejected", T0.plusSeconds(3))),
        store.audit(submission));
  }

  @Test
  void voteAndDecide_unknownSubmission_recordNothing() {
    assertFalse(store.vote(new Vote(999, "test:bob", Verdict.APPROVE, "", T0)));
    assertFalse(store.decide(new Decision(999, Outcome.APPROVED, "test:bob", "", T0)));
    assertEquals(List.of(), store.audit(999));
  }

  @Test
  void undecided_oldestFirst() {
    long second = store.submit(new Submission(0, "test:bob", 0, SHA, "", T0.plusSeconds(5)));
    assertEquals(List.of(submission, second), store.undecided(10).stream().map(Submission::id).toList());
    assertEquals(new Submission(submission, "test:alice", 7, SHA, "lulu for the banner", T0),
        store.submission(submission).orElseThrow());
  }
}
