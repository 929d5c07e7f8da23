package io.rolemarket.imagebot.core.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.ImageStore;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Answers repeat requests without paying again: Caffeine in memory, then the image store on disk, then
 * the loader.
 *
 * <p>Design: an {@link AsyncCache} keyed by {@link CacheKey#hash()}, weighted by image bytes. Concurrent
 * identical requests find the same future, so one loader runs and every caller gets its result (a
 * failed future is dropped by Caffeine, so the next request tries again). A memory miss first asks the
 * disk tier ({@link ImageStore#recall}); only a disk miss runs the loader. {@link Lookup#loaded()} tells
 * a caller whether its own loader ran, which is how the pipeline charges only the request that paid.
 *
 * <p>Safe for concurrent use.
 */
public final class ImageCache {
  private final AsyncCache<String, CachedImages> memory;
  private final ImageStore disk;
  private final Executor executor;

  /**
   * A cache holding at most {@code maxBytes} of images in memory, each kept {@code expireAfterAccess}
   * after its last use.
   *
   * @param executor where loaders run (virtual threads in production)
   */
  public ImageCache(long maxBytes, Duration expireAfterAccess, ImageStore disk, Executor executor) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
    }
    this.memory = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, CachedImages value) -> (int) Math.min(Integer.MAX_VALUE, value.bytes()))
        .expireAfterAccess(expireAfterAccess)
        .executor(executor)
        .buildAsync();
    this.disk = disk;
    this.executor = executor;
  }

  /**
   * A lookup's answer.
   *
   * @param result completes with the images, or exceptionally when the loader failed
   * @param ranLoader set before {@code result} completes when this call's own loader made the images
   */
  public record Lookup(CompletableFuture<CachedImages> result, AtomicBoolean ranLoader) {
    /** Whether this call paid: its loader ran (a miss). False for a hit or for joining another load. */
    public boolean loaded() {
      return ranLoader.get();
    }
  }

  /**
   * The images for {@code key}: from memory, from disk, or from {@code loader} (run once per key at a
   * time). Disk reads and the loader run on the executor, never on the caller's thread.
   */
  public Lookup get(CacheKey key, Supplier<CachedImages> loader) {
    AtomicBoolean ranLoader = new AtomicBoolean();
    CompletableFuture<CachedImages> result = memory.get(key.hash(), (hash, ignored) ->
        CompletableFuture.supplyAsync(() -> recall(key).orElseGet(() -> {
          ranLoader.set(true);
          return loader.get();
        }), executor));
    return new Lookup(result, ranLoader);
  }

  /** Replaces whatever is cached for {@code key} (after a {@code --fresh} generation). */
  public void put(CacheKey key, CachedImages images) {
    memory.put(key.hash(), CompletableFuture.completedFuture(images));
  }

  /** Forgets {@code key} in memory (a partial result should not answer the next request). */
  public void invalidate(CacheKey key) {
    memory.synchronous().invalidate(key.hash());
  }

  /** Writes a finished generation to the disk tier. */
  public void remember(CacheKey key, CachedImages images) {
    disk.remember(new CachedGeneration(
        key.hash(), images.stored(), images.providerId(), images.model(), images.costUsd(), images.elapsed()));
  }

  /** Bytes of images held in memory now (for metrics and benchmarks). */
  public long memoryBytes() {
    return memory.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  private Optional<CachedImages> recall(CacheKey key) {
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
          generation.elapsed()));
    });
  }
}
