package io.rolemarket.imagebot.core.command;

import static io.rolemarket.imagebot.core.command.BotTexts.similarity;

import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.score.Calibration;
import java.util.List;

/**
 * The words of {@code /calibrate}, the same on every platform: the counts and means of the approved and rejected
 * designs' scores, the proposed threshold against the current one, and how many designs each would misjudge. The
 * first line stands alone as the chart's caption where the whole does not fit. Stateless.
 */
public final class CalibrationTexts {
  private CalibrationTexts() {}

  /** The first line: the proposal against the current threshold. */
  public static String headline(Reply.CalibrationChart chart) {
    Calibration calibration = chart.calibration();
    return "Consistency threshold for " + chart.name() + ": proposed " + similarity(proposed(calibration))
        + " (now " + similarity(calibration.currentThreshold()) + ").";
  }

  /** The whole answer, one figure per line. */
  public static String figures(Reply.CalibrationChart chart) {
    Calibration calibration = chart.calibration();
    double proposed = proposed(calibration);
    double current = calibration.currentThreshold();
    return String.join("\n",
        headline(chart),
        "Approved designs: " + calibration.approved().size() + ", mean " + mean(calibration.approved())
            + " · rejected: " + calibration.rejected().size() + ", mean " + mean(calibration.rejected()) + ".",
        "At " + similarity(proposed) + ": " + misjudged(calibration, proposed) + ".",
        "At " + similarity(current) + " (now): " + misjudged(calibration, current) + ".",
        "To use it, set threshold: " + similarity(proposed) + " under " + calibration.character()
            + " in the catalog and restart.");
  }

  /** The answer when no threshold could be proposed. */
  static String notCalibrated(Reply.NotCalibrated not) {
    return switch (not.why()) {
      case GATE_OFF -> "The consistency check is off, so there is nothing to calibrate: set IMAGEBOT_CLIP_MODEL to "
          + "turn it on.";
      case NO_REFERENCES -> not.name() + " has no readable reference picture to score against; add references to "
          + "its catalog entry.";
      case NOT_READY -> not.name() + "'s reference pictures are still being prepared; try again in a minute.";
      case TOO_FEW -> "Too few reviewed designs of " + not.name() + " to calibrate: " + not.approved()
          + " approved and " + not.rejected() + " rejected could be scored; I need at least "
          + Calibration.MIN_EACH + " of each, with different scores.";
    };
  }

  private static double proposed(Calibration calibration) {
    Double proposed = calibration.proposed();
    if (proposed == null) {
      throw new IllegalArgumentException("a calibration chart needs a proposal, " + calibration.character()
          + " has none");
    }
    return proposed;
  }

  private static String misjudged(Calibration calibration, double threshold) {
    int approved = calibration.approvedBelow(threshold);
    int rejected = calibration.rejectedAtOrAbove(threshold);
    return approved + " of " + calibration.approved().size() + " approved would be marked off-model, " + rejected
        + " of " + calibration.rejected().size() + " rejected would pass";
  }

  private static String mean(List<Double> scores) {
    return Calibration.mean(scores).stream().mapToObj(BotTexts::similarity).findFirst().orElse("–");
  }
}
