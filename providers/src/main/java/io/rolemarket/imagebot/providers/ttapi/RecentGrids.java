package io.rolemarket.imagebot.providers.ttapi;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** The grids of the most recent finished jobs by job id, the least recently used dropped first. Safe for concurrent use. */
final class RecentGrids {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, GeneratedImage> grids;

  /** Keeps at most {@code capacity} grids. */
  RecentGrids(int capacity) {
    this.grids = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, GeneratedImage> eldest) {
        return size() > capacity;
      }
    };
  }

  void put(String jobId, GeneratedImage grid) {
    lock.lock();
    try {
      grids.put(jobId, grid);
    } finally {
      lock.unlock();
    }
  }

  Optional<GeneratedImage> get(String jobId) {
    lock.lock();
    try {
      return Optional.ofNullable(grids.get(jobId));
    } finally {
      lock.unlock();
    }
  }
}
