package io.rolemarket.imagebot.core.store;

import java.time.Duration;

/**
 * The store port for single-flight across processes: the cache keys some process of the bot is asking a provider
 * for right now. A process takes a key before it calls a provider for it and gives it back once the pictures are
 * stored (and the cache index written) or the call failed; another process that wants the same pictures meanwhile
 * waits for the key to be given back, then reads them from the cache instead of paying again. A key a stopped process
 * held is free again. Within one process, the cache's own claim does the same ({@code ImageCache#claim}). The
 * defaults are for a store one process uses: every key is free. Safe for concurrent use, across processes.
 */
public interface Flights {

  /** Takes cache key {@code cacheKey} for this process; false when a live process holds it. */
  default boolean take(String cacheKey) {
    return true;
  }

  /** Gives back a key this process took; giving back a key it does not hold changes nothing. */
  default void giveBack(String cacheKey) {}

  /** Whether a live process holds {@code cacheKey} now. */
  default boolean held(String cacheKey) {
    return false;
  }

  /**
   * Waits up to {@code max} for a sign that some key was given back (a notification from another process), or
   * {@code max} when there are no signs; then look with {@link #held} again.
   */
  default void awaitGiveBack(String cacheKey, Duration max) throws InterruptedException {
    Thread.sleep(max.toMillis());
  }
}
