package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.cache.CachedImages;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.score.ConsistencyScorer;
import io.rolemarket.imagebot.core.score.ConsistencySettings;
import io.rolemarket.imagebot.core.score.Score;
import io.rolemarket.imagebot.core.score.ScoreShown;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The consistency gate as the pipeline applies it: scores a request's pictures, ranks them best first, says when
 * an answer is off-model enough to draw again, and keeps the better of two answers. Safe for concurrent use.
 */
final class ConsistencyGate {
  private final ConsistencyScorer scorer;
  private final ConsistencySettings settings;
  private final Predicate<String> reviewer;
  private final BotMetrics metrics;

  /**
   * @param reviewer whether a user (by key) reviews designs: with {@link ScoreShown#REVIEWERS} they see the numbers
   */
  ConsistencyGate(ConsistencyScorer scorer, ConsistencySettings settings, Predicate<String> reviewer,
      BotMetrics metrics) {
    this.scorer = scorer;
    this.settings = settings;
    this.reviewer = reviewer;
    this.metrics = metrics;
  }

  /** Pictures in the order to deliver them (best first) with their scores, in the same order. */
  record Ranked(CachedImages images, List<Score> scores) {
    /** The best picture's similarity, or null when it was not measured (what the history keeps). */
    @Nullable Double similarity() {
      return !scores.isEmpty() && scores.get(0) instanceof Score.Measured measured ? measured.similarity() : null;
    }
  }

  /** Scores {@code made}'s pictures of {@code character} and ranks them best first (ties keep their order). */
  Ranked rank(CharacterDef character, CachedImages made) {
    if (!scorer.enabled()) {
      return new Ranked(made, List.of());
    }
    List<Score> scores = scorer.score(character, made.images().stream().map(GeneratedImage::bytes).toList());
    List<Integer> order = IntStream.range(0, scores.size()).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> scores.get(i).rank()).reversed()).toList();
    List<GeneratedImage> images = new ArrayList<>();
    List<StoredImage> stored = new ArrayList<>();
    List<Score> ranked = new ArrayList<>();
    for (int i : order) {
      images.add(made.images().get(i));
      stored.add(made.stored().get(i));
      ranked.add(scores.get(i));
    }
    return new Ranked(new CachedImages(images, stored, made.providerId(), made.model(), made.costUsd(),
        made.elapsed(), made.remoteJobId(), made.costSource()), ranked);
  }

  /** Whether {@code role}'s user {@code userKey} sees the scores' numbers in captions. */
  boolean shownTo(Role role, String userKey) {
    return switch (settings.shown()) {
      case ALWAYS -> true;
      case REVIEWERS -> role == Role.ADMIN || reviewer.test(userKey);
      case NEVER -> false;
    };
  }

  /** How many times an off-model answer is drawn again. */
  int redraws() {
    return settings.redraws();
  }

  /**
   * Whether {@code result} should be drawn again: its best picture was measured below the threshold and a provider
   * was paid for it (a cache hit is answered as it is; the 🎲 button draws anew).
   */
  static boolean offModel(GenerationResult result) {
    return !result.fromCache() && result.bestScore().orElse(null) instanceof Score.Measured measured
        && !measured.onModel();
  }

  /**
   * The better of two answers to one request (the one whose best picture scored higher; the first on a tie),
   * costing and taking what both did together: the user paid and waited for both.
   */
  static GenerationResult better(GenerationResult first, GenerationResult second) {
    GenerationResult best = second.bestScore().map(Score::rank).orElse(Double.NEGATIVE_INFINITY)
        > first.bestScore().map(Score::rank).orElse(Double.NEGATIVE_INFINITY) ? second : first;
    return new GenerationResult(best.historyId(), best.character(), best.theme(), best.prompt(), best.images(),
        best.stored(), best.providerId(), best.providerName(), best.model(), first.costUsd().add(second.costUsd()),
        first.elapsed().plus(second.elapsed()), best.fromCache(), best.missing(), best.remoteJobId(),
        best.costSource(), best.scores(), best.scoreShown());
  }

  /** A seed other than {@code seed} for drawing again: the next one, or any when none was asked for. */
  static long otherSeed(@Nullable Long seed) {
    return seed != null && seed < Long.MAX_VALUE ? seed + 1 : ThreadLocalRandom.current().nextLong(0, 1L << 31);
  }

  /** Counts the delivered answer's score on the metrics, by character. */
  void delivered(GenerationResult result) {
    if (result.bestScore().orElse(null) instanceof Score.Measured measured) {
      metrics.similarity(result.character().id(), measured.similarity(), measured.onModel());
    }
  }
}
