package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.UpdateInbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/** The update inbox in memory, in arrival order, for tests. One lock around everything. Safe for concurrent use. */
public final class InMemoryUpdateInbox implements UpdateInbox {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Row> rows = new LinkedHashMap<>();

  private static final class Row {
    final Inboxed update;
    @Nullable Instant claimedUntil;
    @Nullable Instant doneAt;

    Row(Inboxed update) {
      this.update = update;
    }
  }

  @Override
  public boolean put(String platform, String eventId, String payload, Instant at) {
    lock.lock();
    try {
      return rows.putIfAbsent(platform + "\u0000" + eventId, new Row(new Inboxed(platform, eventId, payload, at)))
          == null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Inboxed> take(String platform, int max, Instant now, Duration lease) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be 1 or more, was " + max);
    }
    lock.lock();
    try {
      List<Inboxed> taken = new ArrayList<>();
      for (Row row : rows.values()) {
        if (taken.size() == max) {
          break;
        }
        if (row.update.platform().equals(platform) && row.doneAt == null
            && (row.claimedUntil == null || !row.claimedUntil.isAfter(now))) {
          row.claimedUntil = now.plus(lease);
          taken.add(row.update);
        }
      }
      return taken;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void done(String platform, String eventId, Instant at) {
    lock.lock();
    try {
      Row row = rows.get(platform + "\u0000" + eventId);
      if (row != null && row.doneAt == null) {
        row.doneAt = at;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int forgetHandledBefore(Instant before) {
    lock.lock();
    try {
      int size = rows.size();
      rows.values().removeIf(row -> row.doneAt != null && row.doneAt.isBefore(before));
      return size - rows.size();
    } finally {
      lock.unlock();
    }
  }
}
