package io.rolemarket.imagebot.core.command;

import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.Ruling;
import io.rolemarket.imagebot.core.review.SubmitOutcome;
import io.rolemarket.imagebot.core.review.Tally;
import io.rolemarket.imagebot.core.review.VoteOutcome;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.store.ReviewStore.Vote;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The design review's sentences, shared by every adapter. Stateless. */
public final class ReviewTexts {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final int PROMPT_SHOWN = 400;

  private ReviewTexts() {}

  /** The answer to a vote by someone who is not a reviewer. */
  public static final String ONLY_REVIEWERS = "Only reviewers can vote.";

  /** The answer to a vote on a design number that is not in review. */
  public static String notInReview(long submissionId) {
    return "There is no design #" + submissionId + " in review.";
  }

  /** The answer to a vote on a design that was decided already. */
  public static String alreadyDecided(long submissionId) {
    return "Design #" + submissionId + " was already decided; your vote changes nothing.";
  }

  /** Added to a submission that could not be posted where reviewers vote. */
  public static final String NOT_POSTED =
      "I could not post it in the review channel; reviewers see it with /review pending.";

  /** The answer to a submission; {@code where} names the review channel ("the review group"). */
  public static String submitted(SubmitOutcome outcome, String where) {
    return switch (outcome) {
      case SubmitOutcome.Submitted submitted -> "📤 Sent " + label(submitted.design().entry())
          + " (picture #" + submitted.design().entry().id() + ") to " + where
          + " as design #" + submitted.design().id() + ". I will tell you the decision here.";
      case SubmitOutcome.AlreadyInReview already -> "Design #" + already.design().id()
          + " is already waiting for review; I will tell you the decision.";
      case SubmitOutcome.NotFound notFound -> "There is no picture #" + notFound.historyId()
          + " in your /history (or it is no longer stored).";
      case SubmitOutcome.NotSetUp notSetUp ->
          "Design review is not set up yet; an admin can name reviewers (IMAGEBOT_REVIEWERS).";
    };
  }

  /** The answer to the person who voted. */
  public static String voted(VoteOutcome outcome) {
    return switch (outcome) {
      case VoteOutcome.NoSuchDesign none -> "There is no design #" + none.submissionId() + " in review.";
      case VoteOutcome.Voted voted -> switch (voted.ruling()) {
        case Ruling.NotAReviewer notAReviewer -> "Only reviewers can vote.";
        case Ruling.TooLate tooLate -> "Design #" + voted.design().id() + " was already decided ("
            + outcome(tooLate.outcome()) + "); your vote changes nothing.";
        case Ruling.Unchanged unchanged -> "You already voted that; nothing changed.";
        case Ruling.Counted counted -> "Vote counted on design #" + voted.design().id() + ": "
            + counts(counted.tally()) + ".";
        case Ruling.Decides decides -> "Vote counted; design #" + voted.design().id() + " is "
            + outcome(decides.outcome()) + " (" + decides.reason() + ").";
      };
    };
  }

  /** The review post's caption: what the design is, the tally with who voted, and the status. */
  public static String post(Design design) {
    HistoryEntry entry = design.entry();
    String prompt = entry.prompt().length() > PROMPT_SHOWN
        ? entry.prompt().substring(0, PROMPT_SHOWN) + "…" : entry.prompt();
    StringBuilder out = new StringBuilder()
        .append("🗳 Design #").append(design.id()).append(" · ").append(entry.character()).append(" · ")
        .append(entry.theme()).append("\nPrompt: ").append(prompt)
        .append("\nRequested by ").append(design.submission().submitterKey()).append(" · ")
        .append(entry.providerId()).append(design.model().isEmpty() ? "" : " (" + design.model() + ")")
        .append(design.seed() == null ? "" : " · seed " + design.seed())
        .append(" · ").append(BotTexts.usd(entry.costUsd()))
        .append(entry.similarity() == null ? "" : " · CLIP " + BotTexts.similarity(entry.similarity()))
        .append("\n").append(counts(design.tally()));
    if (!design.tally().votes().isEmpty()) {
      out.append(" — ").append(String.join(", ", design.tally().votes().stream().map(ReviewTexts::who).toList()));
    }
    Decision decision = design.decision();
    out.append(decision == null ? "\nWaiting for reviewers." : "\n" + banner(decision));
    notes(out, design.tally());
    return out.toString();
  }

  /** What the requester is told when their design is decided. */
  public static String decided(Design design) {
    Decision decision = design.decision();
    StringBuilder out = new StringBuilder("Your design #").append(design.id()).append(" (")
        .append(label(design.entry())).append(") was ")
        .append(decision == null ? "not decided yet" : outcome(decision.outcome()) + " (" + decision.reason() + ")")
        .append(".");
    if (decision != null && decision.outcome() == Outcome.APPROVED) {
      out.append(" It is handed off to merchandise.");
    }
    notes(out, design.tally());
    return out.toString();
  }

  /** The answer to {@code /review pending}. */
  public static String pending(List<Design> designs) {
    if (designs.isEmpty()) {
      return "Nothing is waiting for review.";
    }
    StringBuilder out = new StringBuilder("Waiting for review:");
    for (Design design : designs) {
      out.append("\n#").append(design.id()).append("  ").append(label(design.entry())).append("  by ")
          .append(design.submission().submitterKey()).append("  ").append(counts(design.tally()));
    }
    return out.toString();
  }

  /** The answer to {@code /review approved}. */
  public static String approved(List<Design> designs) {
    if (designs.isEmpty()) {
      return "No approved designs yet.";
    }
    StringBuilder out = new StringBuilder("Approved designs (/review show <number> sends one again):");
    for (Design design : designs) {
      Decision decision = design.decision();
      out.append("\n#").append(design.id()).append("  ").append(label(design.entry())).append("  by ")
          .append(design.submission().submitterKey()).append(", history #").append(design.entry().id())
          .append(decision == null ? "" : ", " + WHEN.format(decision.at()));
    }
    return out.toString();
  }

  /** The answer to {@code /review show} when there is nothing to show. */
  public static String nothingToShow(long submissionId) {
    return "There is no design #" + submissionId + " (or its picture is no longer stored).";
  }

  /**
   * The label of the review post's button that casts {@code verdict}: {@code ✅ Approve}, {@code ❌ Reject},
   * {@code ✏️ Request changes}. Their ids are {@link io.rolemarket.imagebot.core.review.VoteIds}'.
   */
  public static String voteLabel(Verdict verdict) {
    return switch (verdict) {
      case APPROVE -> "✅ Approve";
      case REJECT -> "❌ Reject";
      case CHANGES -> "✏️ Request changes";
    };
  }

  /** {@code ✅ 2 · ❌ 0 · ✏️ 1}. */
  public static String counts(Tally tally) {
    return "✅ " + tally.approvals() + " · ❌ " + tally.rejections() + " · ✏️ " + tally.changes();
  }

  private static String banner(Decision decision) {
    return switch (decision.outcome()) {
      case APPROVED -> "✅ Approved";
      case REJECTED -> "❌ Rejected";
      case CHANGES_REQUESTED -> "✏️ Changes requested";
    } + " (" + decision.reason() + ")";
  }

  private static void notes(StringBuilder out, Tally tally) {
    if (!tally.notes().isEmpty()) {
      out.append("\nNotes:");
      tally.notes().forEach(note -> out.append("\n• ").append(note));
    }
  }

  private static String who(Vote vote) {
    String mark = switch (vote.verdict()) {
      case APPROVE -> "✅";
      case REJECT -> "❌";
      case CHANGES -> "✏️";
    };
    return vote.reviewerKey() + " " + mark;
  }

  private static String outcome(Outcome outcome) {
    return switch (outcome) {
      case APPROVED -> "approved";
      case REJECTED -> "rejected";
      case CHANGES_REQUESTED -> "sent back with change requests";
    };
  }

  private static String label(HistoryEntry entry) {
    return entry.character() + " " + entry.theme();
  }
}
