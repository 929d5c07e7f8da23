package io.rolemarket.imagebot.core.score;

/**
 * How on-model one delivered picture is, as the consistency gate found: measured, not measured yet (its
 * character's references were still being embedded), or not measured at all.
 */
public sealed interface Score {

  /** The similarity when it was measured, for ranking: unmeasured pictures rank below every measured one. */
  double rank();

  /**
   * A measured picture.
   *
   * @param similarity the image-to-image CLIP cosine with the best of its character's references, in [-1, 1]
   * @param threshold the character's threshold: at or above it the picture is on-model
   */
  record Measured(double similarity, double threshold) implements Score {
    /** Whether the picture counts as its character: its similarity reaches the threshold. */
    public boolean onModel() {
      return similarity >= threshold;
    }

    @Override
    public double rank() {
      return similarity;
    }
  }

  /** The character's reference pictures were still being embedded when the picture arrived; it was not held back. */
  record NotYet() implements Score {
    @Override
    public double rank() {
      return Double.NEGATIVE_INFINITY;
    }
  }

  /**
   * A picture that was not measured.
   *
   * @param why the reason
   */
  record Unscored(Why why) implements Score {
    @Override
    public double rank() {
      return Double.NEGATIVE_INFINITY;
    }
  }

  /** Why a picture was not measured. */
  enum Why {
    /** No embedder is configured: the consistency gate is off. */
    OFF,
    /** The character has no readable reference picture. */
    NO_REFERENCES,
    /** The embedder failed on the picture (logged); the picture was delivered anyway. */
    FAILED
  }
}
