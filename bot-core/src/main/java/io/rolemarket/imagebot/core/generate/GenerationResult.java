package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
    String remoteJobId) {

  /** Copies the lists. */
  public GenerationResult {
    Objects.requireNonNull(remoteJobId, "remoteJobId");
    Objects.requireNonNull(character, "character");
    Objects.requireNonNull(theme, "theme");
    images = List.copyOf(images);
    stored = List.copyOf(stored);
  }

  /** A result offering no follow-up actions. */
  public GenerationResult(long historyId, CharacterDef character, ThemeDef theme, String prompt,
      List<GeneratedImage> images, List<StoredImage> stored, String providerId, String providerName, String model,
      BigDecimal costUsd, Duration elapsed, boolean fromCache, int missing) {
    this(historyId, character, theme, prompt, images, stored, providerId, providerName, model, costUsd, elapsed,
        fromCache, missing, "");
  }
}
