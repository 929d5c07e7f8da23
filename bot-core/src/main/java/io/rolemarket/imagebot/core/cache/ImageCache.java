package io.rolemarket.imagebot.core.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Answers repeat requests without paying again: Caffeine in memory, then the image store on disk, then
 * the loader.
 *
 * <p>Design: an {@link AsyncCache} keyed by {@link CacheKey#hash()}, weighted by image bytes. The first
 * caller for a key puts an empty future and owns the load, which it runs on its own thread (so its
 * progress events and its cancellation stay its own); identical requests arriving meanwhile find that
 * future and wait for it, so one provider call serves them all. A failed future is dropped by Caffeine,
 * so the next request tries again. The owner asks the disk tier ({@link ImageStore#recall}) before
 * paying a provider. Maintenance runs on the calling thread: no pool.
 *
 * <p>Safe for concurrent use.
 */
public final class ImageCache {
  /**
   * Caffeine's logger for failed asynchronous loads (java.util.logging), held so its level stays set. Every failed
   * generation completes its future exceptionally; the pipeline logs it once, and Caffeine's own two-line warning for
   * each (hundreds while a provider is down, in another format) is left out: only its severe records pass.
   */
  private static final java.util.logging.Logger CAFFEINE_LOADS = java.util.logging.Logger.getLogger(
      "com.github.benmanes.caffeine.cache.LocalAsyncCache");

  static {
    CAFFEINE_LOADS.setLevel(java.util.logging.Level.SEVERE);
  }

  private final AsyncCache<String, CachedImages> memory;
  private final ImageStore disk;

  /**
   * A cache holding at most {@code maxBytes} of images in memory, each kept {@code expireAfterAccess}
   * after its last use.
   *
   * @param ticker the time source for expiry ({@link Ticker#systemTicker()} outside tests)
   */
  public ImageCache(long maxBytes, Duration expireAfterAccess, ImageStore disk, Ticker ticker) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
    }
    this.memory = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, CachedImages value) -> (int) Math.min(Integer.MAX_VALUE, value.bytes()))
        .expireAfterAccess(expireAfterAccess)
        .ticker(ticker)
        .executor(Runnable::run)
        .buildAsync();
    this.disk = disk;
  }

  /**
   * Who makes the images for a key: the first caller owns the load and must complete {@code slot}
   * (with the images, or exceptionally); later callers wait on the owner's result.
   */
  public sealed interface Claim {
    /** This caller loads: complete {@link #slot()} exactly once, with the images or the failure. */
    record Owner(CompletableFuture<CachedImages> slot) implements Claim {}

    /** Another caller loads (or loaded): wait for {@link #result()}. */
    record Waiter(CompletableFuture<CachedImages> result) implements Claim {}
  }

  /**
   * Claims {@code key}: a {@link Claim.Waiter} when the images are cached or being made, else a
   * {@link Claim.Owner} who must make them (checking the disk tier first with {@link #recall}). A failed
   * or cancelled load is dropped from the cache, so its waiters may claim again.
   */
  public Claim claim(CacheKey key) {
    CompletableFuture<CachedImages> mine = new CompletableFuture<>();
    CompletableFuture<CachedImages> found = memory.asMap().putIfAbsent(key.hash(), mine);
    return found == null ? new Claim.Owner(mine) : new Claim.Waiter(found);
  }

  /** The images for {@code key} if memory holds them finished now (no waiting, no disk). */
  public Optional<CachedImages> ready(CacheKey key) {
    CompletableFuture<CachedImages> found = memory.getIfPresent(key.hash());
    return found != null && found.isDone() && !found.isCompletedExceptionally()
        ? Optional.of(found.join()) : Optional.empty();
  }

  /** Replaces whatever is cached for {@code key} (after a {@code --fresh} generation). */
  public void put(CacheKey key, CachedImages images) {
    memory.put(key.hash(), CompletableFuture.completedFuture(images));
  }

  /** Forgets {@code key} in memory (a partial result should not answer the next request). */
  public void invalidate(CacheKey key) {
    memory.synchronous().invalidate(key.hash());
  }

  /** Writes a finished generation to the disk tier, with the remote job id its follow-up actions need. */
  public void remember(CacheKey key, CachedImages images) {
    disk.remember(new CachedGeneration(
        key.hash(), images.stored(), images.providerId(), images.model(), images.costUsd(), images.elapsed(),
        images.remoteJobId()));
  }

  /** Runs pending evictions now (tests and benchmarks; Caffeine otherwise does it as it goes). */
  public void cleanUp() {
    memory.synchronous().cleanUp();
  }

  /** Bytes of images held in memory now (for metrics and benchmarks). */
  public long memoryBytes() {
    return memory.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  /**
   * The images the disk tier remembers for {@code key}, if all their blobs are still there, with the
   * provider and remote job id that made them (so a hit after a restart still offers Midjourney's U1–V4).
   */
  public Optional<CachedImages> recall(CacheKey key) {
    return disk.recall(key.hash()).flatMap(generation -> {
      List<GeneratedImage> images = new ArrayList<>();
      for (StoredImage stored : generation.images()) {
        Optional<byte[]> bytes = disk.read(stored.sha256());
        if (bytes.isEmpty()) {
          return Optional.empty();
        }
        images.add(new GeneratedImage(bytes.get(), stored.format(), stored.width(), stored.height(), null));
      }
      return Optional.of(new CachedImages(
          images, generation.images(), generation.providerId(), generation.model(), generation.costUsd(),
          generation.elapsed(), generation.remoteJobId()));
    });
  }
}
