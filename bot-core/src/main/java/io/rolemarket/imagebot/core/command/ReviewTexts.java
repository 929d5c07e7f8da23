package io.rolemarket.imagebot.core.command;

import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.review.DecisionReason;
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

/**
 * The design review's sentences, shared by every adapter, in the catalog's languages; each method without a
 * language speaks English. Stateless.
 */
public final class ReviewTexts {
  private static final Texts EN = Texts.of(Lang.EN);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter WHEN_ZH = DateTimeFormatter.ofPattern("M月d日 HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final int PROMPT_SHOWN = 400;

  private ReviewTexts() {}

  /** The answer to a vote by someone who is not a reviewer. */
  public static final String ONLY_REVIEWERS = EN.get("review.onlyReviewers");

  /** Added to a submission that could not be posted where reviewers vote. */
  public static final String NOT_POSTED = EN.get("review.notPosted");

  /** The answer to a vote on a design number that is not in review. */
  public static String notInReview(Lang lang, long submissionId) {
    return Texts.of(lang).get("review.notInReview", String.valueOf(submissionId));
  }

  /** The answer to a vote on a design that was decided already. */
  public static String alreadyDecided(Lang lang, long submissionId) {
    return Texts.of(lang).get("review.alreadyDecided", String.valueOf(submissionId));
  }

  /** The answer to a submission; {@code where} names the review channel ("the review group"). */
  public static String submitted(SubmitOutcome outcome, String where) {
    return submitted(Lang.EN, outcome, where);
  }

  /** The answer to a submission in {@code lang}; {@code where} names the review channel in that language. */
  public static String submitted(Lang lang, SubmitOutcome outcome, String where) {
    Texts texts = Texts.of(lang);
    return switch (outcome) {
      case SubmitOutcome.Submitted submitted -> texts.get("review.submitted", label(submitted.design().entry()),
          String.valueOf(submitted.design().entry().id()), where, String.valueOf(submitted.design().id()));
      case SubmitOutcome.AlreadyInReview already -> texts.get("review.alreadyWaiting",
          String.valueOf(already.design().id()));
      case SubmitOutcome.NotFound notFound -> texts.get("nothingToResend", String.valueOf(notFound.historyId()));
      case SubmitOutcome.NotSetUp notSetUp -> texts.get("review.notSetUp");
    };
  }

  /** The answer to the person who voted. */
  public static String voted(VoteOutcome outcome) {
    return voted(Lang.EN, outcome);
  }

  /** The answer to the person who voted, in {@code lang}. */
  public static String voted(Lang lang, VoteOutcome outcome) {
    Texts texts = Texts.of(lang);
    return switch (outcome) {
      case VoteOutcome.NoSuchDesign none -> notInReview(lang, none.submissionId());
      case VoteOutcome.Voted voted -> switch (voted.ruling()) {
        case Ruling.NotAReviewer notAReviewer -> texts.get("review.onlyReviewers");
        case Ruling.TooLate tooLate -> texts.get("review.tooLate", String.valueOf(voted.design().id()),
            outcome(texts, tooLate.outcome()));
        case Ruling.Unchanged unchanged -> texts.get("review.unchanged");
        case Ruling.Counted counted -> texts.get("review.counted", String.valueOf(voted.design().id()),
            counts(counted.tally()));
        case Ruling.Decides decides -> texts.get("review.decides", String.valueOf(voted.design().id()),
            outcome(texts, decides.outcome()), decides.reason().text(lang));
      };
    };
  }

  /** The review post's caption: what the design is, the tally with who voted, and the status. */
  public static String post(Design design) {
    return post(Lang.EN, design);
  }

  /** The review post's caption in {@code lang}. */
  public static String post(Lang lang, Design design) {
    Texts texts = Texts.of(lang);
    HistoryEntry entry = design.entry();
    String prompt = entry.prompt().length() > PROMPT_SHOWN
        ? entry.prompt().substring(0, PROMPT_SHOWN) + "…" : entry.prompt();
    StringBuilder out = new StringBuilder()
        .append(texts.get("review.postTitle", String.valueOf(design.id()))).append(" · ").append(entry.character())
        .append(" · ").append(entry.theme()).append("\n").append(texts.get("review.prompt", prompt))
        .append("\n").append(texts.get("review.requestedBy", design.submission().submitterKey())).append(" · ")
        .append(entry.providerId()).append(design.model().isEmpty() ? "" : " (" + design.model() + ")")
        .append(design.seed() == null ? "" : " · " + texts.get("review.seed", String.valueOf(design.seed())))
        .append(" · ").append(BotTexts.usd(entry.costUsd()))
        .append(entry.similarity() == null ? "" : " · CLIP " + BotTexts.similarity(entry.similarity()))
        .append("\n").append(counts(design.tally()));
    if (!design.tally().votes().isEmpty()) {
      out.append(" — ").append(String.join(", ", design.tally().votes().stream().map(ReviewTexts::who).toList()));
    }
    Decision decision = design.decision();
    out.append("\n").append(decision == null ? texts.get("review.waiting") : banner(texts, decision));
    notes(texts, out, design.tally());
    return out.toString();
  }

  /** What the requester is told when their design is decided. */
  public static String decided(Design design) {
    return decided(Lang.EN, design);
  }

  /** What the requester is told when their design is decided, in {@code lang}. */
  public static String decided(Lang lang, Design design) {
    Texts texts = Texts.of(lang);
    Decision decision = design.decision();
    StringBuilder out = new StringBuilder(texts.get("review.decided", String.valueOf(design.id()),
        label(design.entry()), decision == null ? texts.get("review.notDecided")
            : outcome(texts, decision.outcome()) + (lang == Lang.EN ? " (" : "（")
                + reason(texts, decision.reason()) + (lang == Lang.EN ? ")" : "）")));
    if (decision != null && decision.outcome() == Outcome.APPROVED) {
      out.append(lang == Lang.EN ? " " : "").append(texts.get("review.handedOff"));
    }
    notes(texts, out, design.tally());
    return out.toString();
  }

  /** The answer to {@code /review pending}. */
  public static String pending(List<Design> designs) {
    return pending(Lang.EN, designs);
  }

  /** The answer to {@code /review pending} in {@code lang}. */
  public static String pending(Lang lang, List<Design> designs) {
    Texts texts = Texts.of(lang);
    if (designs.isEmpty()) {
      return texts.get("review.pendingNone");
    }
    StringBuilder out = new StringBuilder(texts.get("review.pendingTitle"));
    for (Design design : designs) {
      out.append("\n#").append(design.id()).append("  ").append(label(design.entry())).append("  ")
          .append(texts.get("review.by", design.submission().submitterKey())).append("  ")
          .append(counts(design.tally()));
    }
    return out.toString();
  }

  /** The answer to {@code /review approved}. */
  public static String approved(List<Design> designs) {
    return approved(Lang.EN, designs);
  }

  /** The answer to {@code /review approved} in {@code lang}. */
  public static String approved(Lang lang, List<Design> designs) {
    Texts texts = Texts.of(lang);
    if (designs.isEmpty()) {
      return texts.get("review.approvedNone");
    }
    DateTimeFormatter when = lang == Lang.EN ? WHEN : WHEN_ZH;
    StringBuilder out = new StringBuilder(texts.get("review.approvedTitle"));
    for (Design design : designs) {
      Decision decision = design.decision();
      out.append("\n#").append(design.id()).append("  ").append(label(design.entry())).append("  ")
          .append(texts.get("review.by", design.submission().submitterKey())).append(", ")
          .append(texts.get("review.historyNumber", String.valueOf(design.entry().id())))
          .append(decision == null ? "" : ", " + when.format(decision.at()));
    }
    return out.toString();
  }

  /** The answer to {@code /review show} when there is nothing to show. */
  public static String nothingToShow(Lang lang, long submissionId) {
    return Texts.of(lang).get("review.nothingToShow", String.valueOf(submissionId));
  }

  /**
   * The label of the review post's button that casts {@code verdict}: {@code ✅ Approve}, {@code ❌ Reject},
   * {@code ✏️ Request changes}. Their ids are {@link io.rolemarket.imagebot.core.review.VoteIds}'.
   */
  public static String voteLabel(Verdict verdict) {
    return voteLabel(Lang.EN, verdict);
  }

  /** The same in {@code lang}. */
  public static String voteLabel(Lang lang, Verdict verdict) {
    return Texts.of(lang).get(switch (verdict) {
      case APPROVE -> "review.approve";
      case REJECT -> "review.reject";
      case CHANGES -> "review.changes";
    });
  }

  /** {@code ✅ 2 · ❌ 0 · ✏️ 1}. */
  public static String counts(Tally tally) {
    return "✅ " + tally.approvals() + " · ❌ " + tally.rejections() + " · ✏️ " + tally.changes();
  }

  private static String banner(Texts texts, Decision decision) {
    String open = texts.lang() == Lang.EN ? " (" : "（";
    String close = texts.lang() == Lang.EN ? ")" : "）";
    return texts.get(switch (decision.outcome()) {
      case APPROVED -> "review.bannerApproved";
      case REJECTED -> "review.bannerRejected";
      case CHANGES_REQUESTED -> "review.bannerChanges";
    }) + open + reason(texts, decision.reason()) + close;
  }

  /** A stored decision reason in {@code texts}' language; one the rules did not write is shown as stored. */
  static String reason(Texts texts, String stored) {
    return DecisionReason.parse(stored).map(reason -> reason.text(texts.lang())).orElse(stored);
  }

  private static void notes(Texts texts, StringBuilder out, Tally tally) {
    if (!tally.notes().isEmpty()) {
      out.append("\n").append(texts.get("review.notes"));
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

  private static String outcome(Texts texts, Outcome outcome) {
    return texts.get(switch (outcome) {
      case APPROVED -> "review.outcomeApproved";
      case REJECTED -> "review.outcomeRejected";
      case CHANGES_REQUESTED -> "review.outcomeChanges";
    });
  }

  private static String label(HistoryEntry entry) {
    return entry.character() + " " + entry.theme();
  }
}
