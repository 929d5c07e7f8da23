package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.provider.CostSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One generation in a user's history.
 *
 * @param id the entry's id (0 before it is recorded)
 * @param userKey who asked
 * @param character character id
 * @param theme theme id
 * @param prompt the full prompt
 * @param providerId who answered
 * @param costUsd what it cost the team (zero for a cache hit)
 * @param elapsed how long the user waited
 * @param fromCache whether the cache answered
 * @param images the blobs, in order
 * @param at when it finished
 * @param remoteJobId the provider's id for the job that made these pictures, which their follow-up actions act
 *     on (Midjourney's U1–V4 on a grid, see {@code ImageBot#actions}, also when sent again), or empty when there
 *     is none or they offer no more actions (a one-call provider, an upscale)
 * @param costSource whether {@code costUsd} is what the provider reported or its declared price (declared for a
 *     cache hit, which costs nothing, and for an entry recorded before sources were kept)
 * @param similarity how on-model the pictures are: the image-to-image CLIP cosine of the best of them with the best
 *     of their character's references, or null when they were not scored (no model, references not embedded yet,
 *     the scorer failed, an entry recorded before scores were kept)
 */
public record HistoryEntry(
    long id,
    String userKey,
    String character,
    String theme,
    String prompt,
    String providerId,
    BigDecimal costUsd,
    Duration elapsed,
    boolean fromCache,
    List<StoredImage> images,
    Instant at,
    String remoteJobId,
    CostSource costSource,
    @Nullable Double similarity) {
  /** Copies the list. */
  public HistoryEntry {
    Objects.requireNonNull(userKey, "userKey");
    Objects.requireNonNull(remoteJobId, "remoteJobId");
    Objects.requireNonNull(costSource, "costSource");
    images = List.copyOf(images);
  }

  /** An unscored entry. */
  public HistoryEntry(long id, String userKey, String character, String theme, String prompt, String providerId,
      BigDecimal costUsd, Duration elapsed, boolean fromCache, List<StoredImage> images, Instant at,
      String remoteJobId, CostSource costSource) {
    this(id, userKey, character, theme, prompt, providerId, costUsd, elapsed, fromCache, images, at, remoteJobId,
        costSource, null);
  }

  /** An entry at the declared price. */
  public HistoryEntry(long id, String userKey, String character, String theme, String prompt, String providerId,
      BigDecimal costUsd, Duration elapsed, boolean fromCache, List<StoredImage> images, Instant at,
      String remoteJobId) {
    this(id, userKey, character, theme, prompt, providerId, costUsd, elapsed, fromCache, images, at, remoteJobId,
        CostSource.DECLARED);
  }

  /** An entry at the declared price whose pictures offer no follow-up actions. */
  public HistoryEntry(long id, String userKey, String character, String theme, String prompt, String providerId,
      BigDecimal costUsd, Duration elapsed, boolean fromCache, List<StoredImage> images, Instant at) {
    this(id, userKey, character, theme, prompt, providerId, costUsd, elapsed, fromCache, images, at, "");
  }

  /** This entry under {@code id}, as the store records it. */
  public HistoryEntry withId(long id) {
    return new HistoryEntry(id, userKey, character, theme, prompt, providerId, costUsd, elapsed, fromCache, images,
        at, remoteJobId, costSource, similarity);
  }
}
