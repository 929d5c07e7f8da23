package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The store port for image blobs, content-addressed, and the disk tier of the cache (which blobs
 * answered which cache key). Safe for concurrent use; storing the same bytes twice keeps one blob.
 */
public interface ImageStore {

  /** Keeps the image's bytes (once per content) and returns what was stored. */
  StoredImage put(GeneratedImage image, String prompt, String providerId);

  /** The bytes of a stored blob, if it is there. */
  Optional<byte[]> read(String sha256);

  /** The seed a provider reported for a stored blob, if it reported one (none by default). */
  default Optional<Long> seedOf(String sha256) {
    return Optional.empty();
  }

  /** Where a blob's file lives, for adapters that send files by path. */
  Path pathOf(StoredImage image);

  /** Remembers that {@code generation.cacheKey()} is answered by these blobs. */
  void remember(CachedGeneration generation);

  /** The blobs that answered {@code cacheKey}, if all of them are still there. */
  Optional<CachedGeneration> recall(String cacheKey);
}
