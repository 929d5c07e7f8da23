package io.rolemarket.imagebot.core.score;

import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.store.HistoryLog;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.ReviewStore;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scores a character's approved and rejected designs from the review history with the current model, for
 * {@link Calibration}. Designs whose picture is gone or cannot be scored are left out. Safe for concurrent use;
 * blocks while the pictures are embedded (a few tens of milliseconds each).
 */
public final class Calibrator {
  /** The most designs of each outcome read back. */
  static final int MOST_READ = 500;

  private final ReviewStore reviews;
  private final HistoryLog history;
  private final ImageStore images;
  private final ConsistencyScorer scorer;

  /** A calibrator reading these stores and scoring with {@code scorer}. */
  public Calibrator(ReviewStore reviews, HistoryLog history, ImageStore images, ConsistencyScorer scorer) {
    this.reviews = reviews;
    this.history = history;
    this.images = images;
    this.scorer = scorer;
  }

  /** The calibration of {@code character} from its decided designs. */
  public Calibration calibrate(CharacterDef character) {
    return Calibration.of(character.id(), character.threshold(), scores(character, Outcome.APPROVED),
        scores(character, Outcome.REJECTED));
  }

  private List<Double> scores(CharacterDef character, Outcome outcome) {
    List<Double> scores = new ArrayList<>();
    for (Submission submission : reviews.decided(outcome, MOST_READ)) {
      boolean ofCharacter = history.entry(submission.submitterKey(), submission.historyId())
          .filter(entry -> entry.character().equals(character.id())).isPresent();
      Optional<byte[]> picture = ofCharacter ? images.read(submission.sha256()) : Optional.empty();
      if (picture.isPresent() && scorer.score(character, picture.get()) instanceof Score.Measured measured) {
        scores.add(measured.similarity());
      }
    }
    return scores;
  }
}
