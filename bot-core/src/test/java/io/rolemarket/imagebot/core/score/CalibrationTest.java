package io.rolemarket.imagebot.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void of_separableScores_proposesTheMidpointOfTheGap() {
    Calibration calibration = Calibration.of("lulu", 0.75, List.of(0.9, 0.85, 0.8), List.of(0.7, 0.6, 0.5));

    assertEquals(0.75, calibration.proposed());
    assertEquals(0, calibration.approvedBelow(0.75));
    assertEquals(0, calibration.rejectedAtOrAbove(0.75));
  }

  @Test
  void of_overlappingScores_maximisesYoudensJ() {
    Calibration calibration = Calibration.of("lulu", 0.75, List.of(0.9, 0.8, 0.7, 0.66), List.of(0.72, 0.6, 0.5, 0.4));

    assertEquals(0.63, calibration.proposed());
    assertEquals(0, calibration.approvedBelow(0.63));
    assertEquals(1, calibration.rejectedAtOrAbove(0.63));
    assertEquals(2, calibration.approvedBelow(0.75));
  }

  @Test
  void of_tiedCandidates_takesTheOneNearestTheirMiddle() {
    Calibration calibration = Calibration.of("lulu", 0.75, List.of(0.95, 0.9, 0.8, 0.7),
        List.of(0.85, 0.75, 0.6, 0.5));

    // J is 0.5 at 0.65, 0.775 and 0.875 alike; 0.775 is nearest the middle of them (0.7625).
    assertEquals(0.78, calibration.proposed());
  }

  @Test
  void of_tooFewOfEither_proposesNothing() {
    assertNull(Calibration.of("lulu", 0.75, List.of(0.9, 0.8), List.of(0.5, 0.4, 0.3)).proposed());
    assertNull(Calibration.of("lulu", 0.75, List.of(0.9, 0.8, 0.7), List.of()).proposed());
  }

  @Test
  void of_allScoresEqual_proposesNothing() {
    assertNull(Calibration.of("lulu", 0.75, List.of(0.8, 0.8, 0.8), List.of(0.8, 0.8, 0.8)).proposed());
  }

  @Test
  void mean_ofScores_isTheirAverage() {
    assertEquals(0.7, Calibration.mean(List.of(0.6, 0.8)).orElseThrow(), 1e-12);
  }
}
