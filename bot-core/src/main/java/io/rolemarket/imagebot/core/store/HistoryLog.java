package io.rolemarket.imagebot.core.store;

import java.util.List;
import java.util.Optional;

/** The store port for users' generation history. Safe for concurrent use. */
public interface HistoryLog {

  /** Records an entry and returns its id. */
  long record(HistoryEntry entry);

  /** The user's newest entries first, at most {@code limit}, each with its images. */
  List<HistoryEntry> recent(String userKey, int limit);

  /**
   * One entry with its images, to resend them; empty when there is no such entry or it belongs to
   * someone else (so one user cannot fetch another's pictures by guessing ids).
   */
  Optional<HistoryEntry> entry(String userKey, long historyId);
}
