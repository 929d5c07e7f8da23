package io.rolemarket.imagebot.core.score;

import java.util.Locale;

/** Who sees the consistency score's number in a delivered picture's caption (the off-model mark shows to all). */
public enum ScoreShown {
  /** Everyone. */
  ALWAYS,
  /** Reviewers and admins; other users see only the off-model mark. */
  REVIEWERS,
  /** Nobody; the off-model mark still shows. */
  NEVER;

  /**
   * The choice named {@code text} as configured ({@code always}, {@code reviewers}, {@code never}).
   *
   * @throws IllegalArgumentException naming what is allowed and what was given
   */
  public static ScoreShown parse(String text) {
    for (ScoreShown shown : values()) {
      if (shown.name().equalsIgnoreCase(text.strip())) {
        return shown;
      }
    }
    throw new IllegalArgumentException("must be always, reviewers or never, was '" + text + "'");
  }

  /** The configured name, lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
