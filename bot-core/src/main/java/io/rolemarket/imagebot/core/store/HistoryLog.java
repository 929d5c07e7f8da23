package io.rolemarket.imagebot.core.store;

import java.util.List;

/** The store port for users' generation history. Safe for concurrent use. */
public interface HistoryLog {

  /** Records an entry and returns its id. */
  long record(HistoryEntry entry);

  /** The user's newest entries first, at most {@code limit}. */
  List<HistoryEntry> recent(String userKey, int limit);
}
