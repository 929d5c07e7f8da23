package io.rolemarket.imagebot.core.score;

import java.util.Objects;

/**
 * How the consistency gate acts on a picture below its character's threshold.
 *
 * @param redraws how many times to draw again with another seed (each charged like any picture) before delivering the
 *     best; 0 never draws again
 * @param shown who sees the score's number in the caption
 */
public record ConsistencySettings(int redraws, ScoreShown shown) {
  /** The most redraws one request may cost. */
  public static final int MAX_REDRAWS = 3;

  /** Checks the fields. */
  public ConsistencySettings {
    Objects.requireNonNull(shown, "shown");
    if (redraws < 0 || redraws > MAX_REDRAWS) {
      throw new IllegalArgumentException("redraws must be 0.." + MAX_REDRAWS + ", was " + redraws);
    }
  }

  /** One redraw; the number shown to everyone. */
  public static ConsistencySettings defaults() {
    return new ConsistencySettings(1, ScoreShown.ALWAYS);
  }
}
