package io.rolemarket.imagebot.core.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
    Instant at) {
  /** Copies the list. */
  public HistoryEntry {
    Objects.requireNonNull(userKey, "userKey");
    images = List.copyOf(images);
  }
}
