package io.rolemarket.imagebot.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The store port for requests an edge process took from a chat and a worker process runs (issue 20): the edge
 * queues each admitted {@code /generate} under its owed answer ({@link DeliveryLog}) and waits for its outcome; a
 * worker claims the oldest queued one (never the same one as another worker), reports progress, and completes it
 * with its outcome. Work a worker claimed and never completed because its process stopped is queued again by the
 * store when it settles that process's orphans ({@link BotStore#reapOrphans}). Outcomes and progress are opaque text
 * here (the core encodes them). Safe for concurrent use, across processes.
 */
public interface WorkQueue {

  /**
   * A claimed request.
   *
   * @param owedId the owed answer it serves
   * @param command the command as {@code Command.Generate.toText()} wrote it
   * @param attempts how many times it was claimed, this time included (more than 1: a worker stopped on it)
   * @param historyId the history entry of the pictures an earlier attempt made and charged before its worker
   *     stopped, when there is one: deliver those, do not generate again
   */
  record Claimed(long owedId, String userKey, String userName, String command, int attempts, OptionalLong historyId) {
    /** Checks the fields. */
    public Claimed {
      Objects.requireNonNull(userKey, "userKey");
      Objects.requireNonNull(userName, "userName");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(historyId, "historyId");
    }
  }

  /** Where a queued request is. */
  enum State {
    QUEUED, RUNNING, DONE
  }

  /**
   * What a waiter sees of a request.
   *
   * @param progress the latest progress reported, or null
   * @param outcome the outcome, once {@link State#DONE}
   */
  record Seen(State state, @Nullable String progress, @Nullable String outcome) {}

  /** Queues the request of owed answer {@code owedId} for a worker. Queuing it again changes nothing. */
  void enqueue(long owedId, String userKey, String userName, String command, Instant at);

  /** Claims the oldest queued request for this process, or empty when none is queued. */
  Optional<Claimed> claim(Instant at);

  /** Records the latest progress of request {@code owedId}, which this process claimed. */
  void progress(long owedId, String progress);

  /**
   * Completes request {@code owedId} with {@code outcome}: done by this process (which claimed it), or taken back
   * before any worker claimed it ({@link #withdraw}).
   *
   * @return false when this process no longer holds it (it was taken for dead and the request queued again)
   */
  boolean complete(long owedId, String outcome, Instant at);

  /**
   * Completes a request no worker has claimed yet with {@code outcome} (the user cancelled it).
   *
   * @return false when a worker has claimed it already, or it is done
   */
  boolean withdraw(long owedId, String outcome, Instant at);

  /** What waiters see of each of {@code owedIds} that is queued (unknown ids are left out). */
  Map<Long, Seen> seen(Collection<Long> owedIds);
}
