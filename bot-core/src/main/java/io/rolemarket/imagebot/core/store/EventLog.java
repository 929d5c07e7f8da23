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

  /** An event as the platform sent it ({@code payload}, the adapter's own text form, such as Telegram's JSON). */
  record Received(String eventId, String payload) {}

  /**
   * Records that {@code platform}'s events arrived at {@code at}, as {@link #firstSeen(String, List, Instant)}, and
   * keeps each new one's payload until it is {@link #handled}: a process that stops between taking an event and
   * handling it (the platform was told it arrived) leaves it to {@link #unhandled}, for the next process to handle.
   * Returns the ids seen for the first time.
   */
  default Set<String> received(String platform, List<Received> events, Instant at) {
    return firstSeen(platform, events.stream().map(Received::eventId).toList(), at);
  }

  /**
   * {@code platform}'s event {@code eventId} was handled (its answer given, or owed in {@link DeliveryLog}): it is
   * not {@link #unhandled} any more. Idempotent.
   */
  default void handled(String platform, String eventId, Instant at) {}

  /**
   * {@code platform}'s events {@link #received} and never {@link #handled}, in the order they arrived: what a process
   * that stopped took and did not handle. The process that serves the platform now handles them (once: each is then
   * marked handled).
   */
  default List<Received> unhandled(String platform) {
    return List.of();
  }

  /** Forgets events seen before {@code before}; returns how many. Platforms never repeat events that old. */
  int forgetEventsBefore(Instant before);

  /** How long events are remembered: platforms repeat an event within minutes, never after days. */
  Duration REMEMBERED = Duration.ofDays(7);
}
