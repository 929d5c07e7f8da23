package io.rolemarket.imagebot.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The store port that remembers which platform events (Telegram updates, Discord interactions) were
 * received, so each is handled once: a platform may hand the same event out twice (a repeated update in
 * one {@code getUpdates} answer, a webhook retried, a redelivery after a restart). Safe for concurrent
 * use.
 */
public interface EventLog {

  /**
   * Records that {@code platform}'s event {@code eventId} arrived at {@code at}.
   *
   * @return true the first time, false for every repeat (also after a restart, while it is remembered)
   */
  boolean firstSeen(String platform, String eventId, Instant at);

  /**
   * Records that {@code platform}'s events arrived at {@code at}, as {@link #firstSeen} one by one but in one
   * go (a store makes it one transaction), and returns those seen for the first time. An id given twice
   * counts once.
   */
  default Set<String> firstSeen(String platform, List<String> eventIds, Instant at) {
    Set<String> fresh = new LinkedHashSet<>();
    for (String id : eventIds) {
      if (firstSeen(platform, id, at)) {
        fresh.add(id);
      }
    }
    return fresh;
  }

  /** Forgets events seen before {@code before}; returns how many. Platforms never repeat events that old. */
  int forgetEventsBefore(Instant before);

  /** How long events are remembered: platforms repeat an event within minutes, never after days. */
  Duration REMEMBERED = Duration.ofDays(7);
}
