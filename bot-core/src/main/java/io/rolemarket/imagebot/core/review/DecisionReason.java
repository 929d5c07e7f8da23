package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the review rules decided a design, as data rather than a sentence, so each reader gets it in their own
 * language: so many approvals, rejections or change requests, or a lead's rejection. Stored in the decision's
 * reason as a short code ({@code approvals:2}, {@code lead:telegram:42}, see {@link #code}). Immutable.
 *
 * @param rule which rule decided
 * @param votes how many votes of that kind there were (1 for a lead's rejection)
 * @param leadKey the lead who rejected it, or empty for the other rules
 */
public record DecisionReason(Rule rule, int votes, String leadKey) {
  /** Stored reasons of bots before the code: English sentences such as "2 approvals", "rejected by lead x". */
  private static final Pattern SENTENCE = Pattern.compile(
      "(\\d+) (approvals|rejections|change requests?)|rejected by lead (.+)");

  /** The rules that decide a design. */
  public enum Rule {
    /** Enough approvals. */
    APPROVALS,
    /** Enough rejections. */
    REJECTIONS,
    /** Enough change requests. */
    CHANGES,
    /** A lead's rejection, which decides alone when the veto is on. */
    LEAD_VETO;

    String code() {
      return this == LEAD_VETO ? "lead" : name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the fields: a count of at least 1, and a lead for the lead's veto only. */
  public DecisionReason {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(leadKey, "leadKey");
    if (votes < 1) {
      throw new IllegalArgumentException("a decision takes at least 1 vote, was " + votes);
    }
    if ((rule == Rule.LEAD_VETO) == leadKey.isEmpty()) {
      throw new IllegalArgumentException("a lead's key goes with the lead's veto only, was '" + leadKey + "' for "
          + rule);
    }
  }

  /** Decided by {@code votes} votes under {@code rule} (not the lead's veto). */
  public static DecisionReason of(Rule rule, int votes) {
    return new DecisionReason(rule, votes, "");
  }

  /** Rejected by the lead {@code leadKey}. */
  public static DecisionReason leadVeto(String leadKey) {
    return new DecisionReason(Rule.LEAD_VETO, 1, leadKey);
  }

  /** The language-neutral form the store keeps: {@code approvals:2}, {@code changes:1}, {@code lead:telegram:42}. */
  public String code() {
    return rule.code() + ":" + (rule == Rule.LEAD_VETO ? leadKey : Integer.toString(votes));
  }

  /** This reason in {@code lang}: "2 approvals", "由組長 telegram:42 拒絕". */
  public String text(Lang lang) {
    Texts texts = Texts.of(lang);
    return switch (rule) {
      case APPROVALS -> texts.get("review.reasonApprovals", votes);
      case REJECTIONS -> texts.get("review.reasonRejections", votes);
      case CHANGES -> texts.get("review.reasonChanges", votes);
      case LEAD_VETO -> texts.get("review.reasonLead", leadKey);
    };
  }

  /**
   * The reason a stored decision's {@code stored} text names: a {@link #code}, or one of the English sentences
   * older bots stored; empty for anything else (a reason written by hand is shown as it is).
   */
  public static Optional<DecisionReason> parse(String stored) {
    int colon = stored.indexOf(':');
    if (colon > 0) {
      String rule = stored.substring(0, colon);
      String rest = stored.substring(colon + 1);
      for (Rule candidate : Rule.values()) {
        if (candidate.code().equals(rule)) {
          if (candidate == Rule.LEAD_VETO) {
            return rest.isEmpty() ? Optional.empty() : Optional.of(leadVeto(rest));
          }
          return rest.matches("[1-9]\\d{0,8}") ? Optional.of(of(candidate, Integer.parseInt(rest)))
              : Optional.empty();
        }
      }
    }
    Matcher sentence = SENTENCE.matcher(stored);
    if (!sentence.matches()) {
      return Optional.empty();
    }
    if (sentence.group(3) != null) {
      return Optional.of(leadVeto(sentence.group(3)));
    }
    int votes = Integer.parseInt(sentence.group(1));
    if (votes < 1) {
      return Optional.empty();
    }
    return Optional.of(of(switch (sentence.group(2)) {
      case "approvals" -> Rule.APPROVALS;
      case "rejections" -> Rule.REJECTIONS;
      default -> Rule.CHANGES;
    }, votes));
  }
}
