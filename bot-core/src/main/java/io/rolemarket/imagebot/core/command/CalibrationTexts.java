package io.rolemarket.imagebot.core.command;

import static io.rolemarket.imagebot.core.command.BotTexts.similarity;

import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
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
    return headline(Lang.EN, chart);
  }

  /** The first line in {@code lang}. */
  public static String headline(Lang lang, Reply.CalibrationChart chart) {
    Calibration calibration = chart.calibration();
    return Texts.of(lang).get("calibration.headline", chart.name(), similarity(proposed(calibration)),
        similarity(calibration.currentThreshold()));
  }

  /** The whole answer, one figure per line. */
  public static String figures(Reply.CalibrationChart chart) {
    return figures(Lang.EN, chart);
  }

  /** The whole answer in {@code lang}, one figure per line. */
  public static String figures(Lang lang, Reply.CalibrationChart chart) {
    Texts texts = Texts.of(lang);
    Calibration calibration = chart.calibration();
    double proposed = proposed(calibration);
    double current = calibration.currentThreshold();
    return String.join("\n",
        headline(lang, chart),
        texts.get("calibration.counts", String.valueOf(calibration.approved().size()), mean(calibration.approved()),
            String.valueOf(calibration.rejected().size()), mean(calibration.rejected())),
        texts.get("calibration.at", similarity(proposed), misjudged(texts, calibration, proposed)),
        texts.get("calibration.atNow", similarity(current), misjudged(texts, calibration, current)),
        texts.get("calibration.use", similarity(proposed), calibration.character()));
  }

  /** The answer when no threshold could be proposed. */
  static String notCalibrated(Lang lang, Reply.NotCalibrated not) {
    Texts texts = Texts.of(lang);
    return switch (not.why()) {
      case GATE_OFF -> texts.get("calibration.gateOff");
      case NO_REFERENCES -> texts.get("calibration.noReferences", not.name());
      case NOT_READY -> texts.get("calibration.notReady", not.name());
      case TOO_FEW -> texts.get("calibration.tooFew", not.name(), String.valueOf(not.approved()),
          String.valueOf(not.rejected()), String.valueOf(Calibration.MIN_EACH));
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

  private static String misjudged(Texts texts, Calibration calibration, double threshold) {
    return texts.get("calibration.misjudged", String.valueOf(calibration.approvedBelow(threshold)),
        String.valueOf(calibration.approved().size()), String.valueOf(calibration.rejectedAtOrAbove(threshold)),
        String.valueOf(calibration.rejected().size()));
  }

  private static String mean(List<Double> scores) {
    return Calibration.mean(scores).stream().mapToObj(BotTexts::similarity).findFirst().orElse("–");
  }
}
