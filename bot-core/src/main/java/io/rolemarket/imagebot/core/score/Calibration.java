package io.rolemarket.imagebot.core.score;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A character's consistency threshold measured against the review history: the scores of its approved and rejected
 * designs, and the threshold that separates them best ({@code /calibrate}).
 *
 * <p>The proposal maximises Youden's J (the share of approved designs at or above the threshold minus the share of
 * rejected ones at or above it) over the midpoints between neighbouring scores, so unequal counts of approved and
 * rejected designs weigh alike; when several candidates tie, the one nearest the middle of them wins. It is rounded
 * to two decimals, as the catalog keeps it, and the counts of misjudged designs are at the rounded value.
 *
 * @param character the character's catalog id
 * @param currentThreshold its threshold in the catalog now
 * @param approved the scores of its approved designs
 * @param rejected the scores of its rejected designs
 * @param proposed the proposed threshold, or null when there are fewer than {@link #MIN_EACH} of either or the scores
 *     do not separate at all (all equal)
 */
public record Calibration(String character, double currentThreshold, List<Double> approved, List<Double> rejected,
    @Nullable Double proposed) {
  /** The fewest approved and the fewest rejected designs a proposal needs. */
  public static final int MIN_EACH = 3;

  /** Checks the fields and copies the lists. */
  public Calibration {
    Objects.requireNonNull(character, "character");
    approved = List.copyOf(approved);
    rejected = List.copyOf(rejected);
  }

  /** The calibration of these scores, with the proposal computed. */
  public static Calibration of(String character, double currentThreshold, List<Double> approved,
      List<Double> rejected) {
    return new Calibration(character, currentThreshold, approved, rejected, propose(approved, rejected));
  }

  /** Whether there were enough labelled designs for a proposal. */
  public boolean enough() {
    return approved.size() >= MIN_EACH && rejected.size() >= MIN_EACH;
  }

  /** How many approved designs {@code threshold} would mark off-model (score below it). */
  public int approvedBelow(double threshold) {
    return (int) approved.stream().filter(score -> score < threshold).count();
  }

  /** How many rejected designs {@code threshold} would let pass as on-model (score at or above it). */
  public int rejectedAtOrAbove(double threshold) {
    return (int) rejected.stream().filter(score -> score >= threshold).count();
  }

  /** The mean of {@code scores}, or empty when there are none. */
  public static OptionalDouble mean(List<Double> scores) {
    return scores.stream().mapToDouble(Double::doubleValue).average();
  }

  private static @Nullable Double propose(List<Double> approved, List<Double> rejected) {
    if (approved.size() < MIN_EACH || rejected.size() < MIN_EACH) {
      return null;
    }
    TreeSet<Double> scores = new TreeSet<>(approved);
    scores.addAll(rejected);
    List<Double> candidates = new ArrayList<>();
    Double previous = null;
    for (double score : scores) {
      if (previous != null) {
        candidates.add((previous + score) / 2);
      }
      previous = score;
    }
    if (candidates.isEmpty()) {
      return null;
    }
    double bestJ = Double.NEGATIVE_INFINITY;
    List<Double> best = new ArrayList<>();
    for (double candidate : candidates) {
      double j = share(approved, candidate) - share(rejected, candidate);
      if (j > bestJ + 1e-12) {
        bestJ = j;
        best.clear();
        best.add(candidate);
      } else if (Math.abs(j - bestJ) <= 1e-12) {
        best.add(candidate);
      }
    }
    double middle = (best.getFirst() + best.getLast()) / 2;
    double chosen = best.stream().min((a, b) -> Double.compare(Math.abs(a - middle), Math.abs(b - middle)))
        .orElseThrow();
    return BigDecimal.valueOf(chosen).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  /** The share of {@code scores} at or above {@code threshold}. */
  private static double share(List<Double> scores, double threshold) {
    return (double) scores.stream().filter(score -> score >= threshold).count() / scores.size();
  }
}
