package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids of a review post's vote buttons ({@code ra:12} approve, {@code rr:12} reject, {@code rc:12} changes)
 * and of the ✏️ note form ({@code rn:12}), written and read here once for every platform. They carry the
 * design number itself, so they keep working after a restart and fit Telegram's 64 bytes of callback data
 * and Discord's 100 characters. An id is the client's to choose: anything garbled or forged (no number, a
 * negative or oversized number, another prefix) reads as nothing. Stateless.
 */
public final class VoteIds {
  private static final Pattern VOTE = Pattern.compile("r([arc]):([1-9][0-9]{0,17})");
  private static final Pattern NOTE = Pattern.compile("rn:([1-9][0-9]{0,17})");

  /**
   * What a vote button means.
   *
   * @param verdict the vote it casts
   * @param submissionId the design it is on, at least 1
   */
  public record Vote(Verdict verdict, long submissionId) {
    /** Checks the parts. */
    public Vote {
      Objects.requireNonNull(verdict, "verdict");
      if (submissionId < 1) {
        throw new IllegalArgumentException("a design number is at least 1, was " + submissionId);
      }
    }

    /** This vote's button id. */
    public String id() {
      return VoteIds.id(verdict, submissionId);
    }
  }

  private VoteIds() {}

  /** The id of the button that casts {@code verdict} on design {@code submissionId}, such as {@code ra:12}. */
  public static String id(Verdict verdict, long submissionId) {
    checkDesign(submissionId);
    return "r" + switch (verdict) {
      case APPROVE -> 'a';
      case REJECT -> 'r';
      case CHANGES -> 'c';
    } + ":" + submissionId;
  }

  /** The vote a button id casts, or empty when {@code id} is not a vote button of ours. */
  public static Optional<Vote> parse(String id) {
    Matcher vote = VOTE.matcher(id);
    if (!vote.matches()) {
      return Optional.empty();
    }
    Verdict verdict = switch (vote.group(1)) {
      case "a" -> Verdict.APPROVE;
      case "r" -> Verdict.REJECT;
      default -> Verdict.CHANGES;
    };
    return Optional.of(new Vote(verdict, Long.parseLong(vote.group(2))));
  }

  /** The id of the ✏️ note form for design {@code submissionId}, such as {@code rn:12}. */
  public static String noteId(long submissionId) {
    checkDesign(submissionId);
    return "rn:" + submissionId;
  }

  /** The design a ✏️ note form's id is for, or empty when {@code id} is not a note form of ours. */
  public static OptionalLong parseNote(String id) {
    Matcher note = NOTE.matcher(id);
    return note.matches() ? OptionalLong.of(Long.parseLong(note.group(1))) : OptionalLong.empty();
  }

  private static void checkDesign(long submissionId) {
    if (submissionId < 1) {
      throw new IllegalArgumentException("a design number is at least 1, was " + submissionId);
    }
  }
}
