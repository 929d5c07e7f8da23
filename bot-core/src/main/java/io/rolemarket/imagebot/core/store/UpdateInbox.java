package io.rolemarket.imagebot.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The store port that keeps platform updates (Telegram's webhook calls) between the process that received them
 * and the one that handles them. A receiver {@link #put}s each update before it answers the platform, so an
 * acknowledged update survives the receiver's death; the handling process {@link #take}s what is waiting,
 * oldest first, under a claim (a lease) that keeps other takers off it, hands it to the bot and marks it
 * {@link #done}. A taker that dies leaves its claim to run out: the updates are then taken again, so an update is
 * handed out at least once (the bot drops repeats by event id, see {@link EventLog}).
 *
 * <p>Receivers and takers may be different processes sharing one database; the claim is what keeps two takers
 * from handing out the same update at once. Safe for concurrent use.
 */
public interface UpdateInbox {

  /** An update waiting in the inbox, as its receiver stored it. */
  record Inboxed(String platform, String eventId, String payload, Instant receivedAt) {
    /** Checks the fields. */
    public Inboxed {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(receivedAt, "receivedAt");
    }
  }

  /**
   * Stores {@code platform}'s update {@code eventId} with its raw {@code payload}, once: a repeat (the platform
   * retrying, another receiver storing it too) changes nothing. When this returns the update is durable.
   *
   * @return true when the update is new, false for a repeat
   * @throws RuntimeException when the store fails (the receiver must then not acknowledge the update)
   */
  boolean put(String platform, String eventId, String payload, Instant at);

  /**
   * Claims up to {@code max} of {@code platform}'s updates that are neither done nor claimed by another taker
   * until after {@code now}, oldest first, for {@code lease}: until {@code now + lease} no other {@code take}
   * returns them. An update whose claim ran out (its taker died before {@link #done}) is taken again.
   *
   * @param max how many at most, 1 or more
   * @return the claimed updates, oldest first; empty when none waits
   */
  List<Inboxed> take(String platform, int max, Instant now, Duration lease);

  /** Marks {@code platform}'s update {@code eventId} handled at {@code at}: it is never taken again. */
  void done(String platform, String eventId, Instant at);

  /** Forgets updates handled before {@code before} (updates not yet handled stay); returns how many. */
  int forgetHandledBefore(Instant before);

  /** How long handled updates are kept: a week, as {@link EventLog#REMEMBERED}. */
  Duration KEPT = EventLog.REMEMBERED;
}
