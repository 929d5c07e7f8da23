package io.rolemarket.imagebot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision rule as a table: a sequence of ballots, what the last one did, and the outcome. */
class ReviewRulesTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final ReviewRules RULES =
      ReviewRules.of(Set.of("t:ann", "t:bob", "t:cat", "t:dan"), Set.of("t:lead"));

  /** One row: ballots such as {@code "ann+"} (approve), {@code "bob-"} (reject), {@code "cat~"} (changes). */
  static Stream<Arguments> table() {
    return Stream.of(
        row("one approval decides nothing", "ann+", "Counted", null, 1, 0, 0),
        row("two approvals approve", "ann+ bob+", "Decides", Outcome.APPROVED, 2, 0, 0),
        row("two rejections reject", "ann- bob-", "Decides", Outcome.REJECTED, 0, 2, 0),
        row("one change request sends back", "ann+ bob~", "Decides", Outcome.CHANGES_REQUESTED, 1, 0, 1),
        row("a tie of one each decides nothing", "ann+ bob-", "Counted", null, 1, 1, 0),
        row("a lead's rejection vetoes at once", "ann+ lead-", "Decides", Outcome.REJECTED, 1, 1, 0),
        row("a lead's approval counts as one", "lead+ ann+", "Decides", Outcome.APPROVED, 2, 0, 0),
        row("a changed vote replaces the first", "ann- ann+", "Counted", null, 1, 0, 0),
        row("a changed vote can tip the decision", "ann- bob+ ann+", "Decides", Outcome.APPROVED, 2, 0, 0),
        row("a changed vote can tip to rejection", "ann+ bob- ann-", "Decides", Outcome.REJECTED, 0, 2, 0),
        row("the same vote twice is unchanged", "ann+ ann+", "Unchanged", null, 1, 0, 0),
        row("the same reviewer from two devices counts once", "ann+ ann+ ann+", "Unchanged", null, 1, 0, 0),
        row("a non-reviewer changes nothing", "ann+ eve+", "NotAReviewer", null, 1, 0, 0),
        row("a non-reviewer cannot tip a tie", "ann+ bob- eve-", "NotAReviewer", null, 1, 1, 0),
        row("a late vote after approval is too late", "ann+ bob+ cat-", "TooLate", Outcome.APPROVED, 2, 0, 0),
        row("a late veto after approval is too late", "ann+ bob+ lead-", "TooLate", Outcome.APPROVED, 2, 0, 0),
        row("a late vote after rejection is too late", "ann- bob- cat+", "TooLate", Outcome.REJECTED, 0, 2, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void judge_table(String name, String ballots, String lastRuling, @Nullable Outcome outcome, int approvals,
      int rejections, int changes) {
    List<Vote> votes = new ArrayList<>();
    Outcome decided = null;
    Ruling last = null;
    int second = 0;
    for (String ballot : ballots.split(" ")) {
      Vote vote = vote(ballot, second++);
      last = RULES.judge(votes, decided, vote);
      switch (last) {
        case Ruling.Counted counted -> votes = new ArrayList<>(counted.tally().votes());
        case Ruling.Decides decides -> {
          votes = new ArrayList<>(decides.tally().votes());
          decided = decides.outcome();
        }
        case Ruling.Unchanged unchanged -> { }
        case Ruling.NotAReviewer notAReviewer -> { }
        case Ruling.TooLate tooLate -> { }
      }
    }
    assertEquals(lastRuling, last.getClass().getSimpleName(), name);
    assertEquals(outcome, decided, name);
    Tally tally = new Tally(votes);
    assertEquals(List.of(approvals, rejections, changes),
        List.of(tally.approvals(), tally.rejections(), tally.changes()), name);
  }

  @Test
  void decide_bothThresholdsMet_rejectionWins() {
    ReviewRules lenient = new ReviewRules(Set.of("t:ann", "t:bob"), Set.of(), 1, 1, 1, true);
    Tally tally = new Tally(List.of(vote("ann+", 0), vote("bob-", 1)));
    assertEquals(Outcome.REJECTED, lenient.decide(tally).orElseThrow().outcome());
  }

  @Test
  void decide_withoutVeto_aLeadsRejectionIsOneRejection() {
    ReviewRules noVeto = new ReviewRules(Set.of("t:ann", "t:bob"), Set.of("t:lead"), 2, 2, 1, false);
    assertTrue(noVeto.decide(new Tally(List.of(vote("lead-", 0)))).isEmpty());
    assertEquals(Outcome.APPROVED,
        noVeto.decide(new Tally(List.of(vote("lead-", 0), vote("ann+", 1), vote("bob+", 2)))).orElseThrow().outcome());
  }

  @Test
  void decides_reasonNamesTheRule() {
    Ruling ruling = RULES.judge(List.of(vote("ann+", 0)), null, vote("lead-", 1));
    assertEquals(DecisionReason.leadVeto("t:lead"), ((Ruling.Decides) ruling).reason());
    assertEquals("lead:t:lead", ((Ruling.Decides) ruling).reason().code());
  }

  @Test
  void none_isDisabled_andNobodyMayVote() {
    assertFalse(ReviewRules.none().enabled());
    assertFalse(ReviewRules.none().mayVote("t:ann"));
    assertTrue(RULES.enabled());
    assertTrue(RULES.mayVote("t:lead"));
  }

  @Test
  void thresholds_belowOne_refusedWithTheValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ReviewRules(Set.of(), Set.of(), 0, 2, 1, true));
    assertTrue(e.getMessage().contains("approvals=0"), e.getMessage());
  }

  @Test
  void tally_notesNameTheReviewer() {
    Vote note = new Vote(1, "t:cat", Verdict.CHANGES, "make the hat orange", T0);
    assertEquals(List.of("t:cat: make the hat orange"), new Tally(List.of(vote("ann+", 0), note)).notes());
  }

  private static Arguments row(String name, String ballots, String lastRuling, @Nullable Outcome outcome,
      int approvals, int rejections, int changes) {
    return Arguments.of(name, ballots, lastRuling, outcome, approvals, rejections, changes);
  }

  private static Vote vote(String ballot, int second) {
    Verdict verdict = switch (ballot.charAt(ballot.length() - 1)) {
      case '+' -> Verdict.APPROVE;
      case '-' -> Verdict.REJECT;
      default -> Verdict.CHANGES;
    };
    return new Vote(1, "t:" + ballot.substring(0, ballot.length() - 1), verdict, "", T0.plusSeconds(second));
  }
}
