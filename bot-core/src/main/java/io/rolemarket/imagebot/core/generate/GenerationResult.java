package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.score.Score;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pictures delivered for a request.
 *
 * @param historyId the user's history entry for this answer
 * @param character the character drawn
 * @param theme the theme drawn
 * @param prompt the full prompt
 * @param images the pictures, in order
 * @param stored their blobs, in the same order
 * @param providerId who made them
 * @param providerName the provider's display name
 * @param model the model that made them
 * @param costUsd what this answer cost the team (zero from the cache)
 * @param elapsed how long the user waited
 * @param fromCache whether the cache answered (free for the user)
 * @param missing images asked for but not delivered (not charged)
 * @param remoteJobId the provider's id for the job whose follow-up actions these pictures offer (Midjourney's
 *     U1–V4, see {@code ImageBot#actions}), or empty when they offer none
 * @param costSource whether {@code costUsd} is what the provider reported or its declared price
 * @param scores how on-model each picture is, in the same order (best first when scored), or empty when the
 *     consistency gate was not asked (gate off, a follow-up action)
 * @param scoreShown whether the asker sees the scores' numbers (the off-model mark shows regardless)
 */
public record GenerationResult(
    long historyId,
    CharacterDef character,
    ThemeDef theme,
    String prompt,
    List<GeneratedImage> images,
    List<StoredImage> stored,
    String providerId,
    String providerName,
    String model,
    BigDecimal costUsd,
    Duration elapsed,
    boolean fromCache,
    int missing,
    String remoteJobId,
    CostSource costSource,
    List<Score> scores,
    boolean scoreShown) {

  /** Copies the lists. */
  public GenerationResult {
    Objects.requireNonNull(remoteJobId, "remoteJobId");
    Objects.requireNonNull(costSource, "costSource");
    Objects.requireNonNull(character, "character");
    Objects.requireNonNull(theme, "theme");
    images = List.copyOf(images);
    stored = List.copyOf(stored);
    scores = List.copyOf(scores);
    if (!scores.isEmpty() && scores.size() != images.size()) {
      throw new IllegalArgumentException("scores must be none or one per picture, were " + scores.size() + " for "
          + images.size());
    }
  }

  /** A result the consistency gate was not asked about. */
  public GenerationResult(long historyId, CharacterDef character, ThemeDef theme, String prompt,
      List<GeneratedImage> images, List<StoredImage> stored, String providerId, String providerName, String model,
      BigDecimal costUsd, Duration elapsed, boolean fromCache, int missing, String remoteJobId,
      CostSource costSource) {
    this(historyId, character, theme, prompt, images, stored, providerId, providerName, model, costUsd, elapsed,
        fromCache, missing, remoteJobId, costSource, List.of(), false);
  }

  /** The first (best) picture's score, or empty when the gate was not asked. */
  public Optional<Score> bestScore() {
    return scores.isEmpty() ? Optional.empty() : Optional.of(scores.get(0));
  }

  /** This result with {@code scores} (one per picture), shown or not. */
  public GenerationResult withScores(List<Score> scores, boolean shown) {
    return new GenerationResult(historyId, character, theme, prompt, images, stored, providerId, providerName, model,
        costUsd, elapsed, fromCache, missing, remoteJobId, costSource, scores, shown);
  }

  /** A result at the declared price. */
  public GenerationResult(long historyId, CharacterDef character, ThemeDef theme, String prompt,
      List<GeneratedImage> images, List<StoredImage> stored, String providerId, String providerName, String model,
      BigDecimal costUsd, Duration elapsed, boolean fromCache, int missing, String remoteJobId) {
    this(historyId, character, theme, prompt, images, stored, providerId, providerName, model, costUsd, elapsed,
        fromCache, missing, remoteJobId, CostSource.DECLARED);
  }

  /** A result at the declared price offering no follow-up actions. */
  public GenerationResult(long historyId, CharacterDef character, ThemeDef theme, String prompt,
      List<GeneratedImage> images, List<StoredImage> stored, String providerId, String providerName, String model,
      BigDecimal costUsd, Duration elapsed, boolean fromCache, int missing) {
    this(historyId, character, theme, prompt, images, stored, providerId, providerName, model, costUsd, elapsed,
        fromCache, missing, "");
  }
}
