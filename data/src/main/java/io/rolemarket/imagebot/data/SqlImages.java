package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Image blobs with their metadata, the cache's disk tier ({@code ImageStore}) and platform file
 * references ({@code FileRefs}). A blob file is written whole before its row, so a row
 * always has its file unless someone deleted it. Safe for concurrent use.
 */
final class SqlImages {
  private final Database db;
  private final BlobFiles blobs;

  SqlImages(Database db, BlobFiles blobs) {
    this.db = db;
    this.blobs = blobs;
  }

  StoredImage put(GeneratedImage image, String prompt, String providerId) {
    StoredImage stored = new StoredImage(image.sha256(), image.format(), image.width(), image.height(), image.size());
    blobs.write(stored, image.bytes());
    db.write(c -> Sql.update(c,
        "INSERT INTO images (sha256, format, width, height, size, prompt, provider, seed, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        stored.sha256(), image.format().name(), image.width(), image.height(), (long) image.size(), prompt,
        providerId, image.seed(), db.now().toString()));
    return stored;
  }

  /** The seed recorded with a blob, when the provider told one. */
  Optional<Long> seed(String sha256) {
    return db.read(c -> Sql.first(c, "SELECT seed FROM images WHERE sha256 = ? AND seed IS NOT NULL",
        row -> row.getLong(1), sha256));
  }

  Optional<byte[]> read(String sha256) {
    return db.read(c -> images(c, sha256)).stream().findFirst().flatMap(blobs::read);
  }

  Path pathOf(StoredImage image) {
    return blobs.pathOf(image);
  }

  boolean present(List<StoredImage> images) {
    return images.stream().allMatch(blobs::exists);
  }

  void remember(CachedGeneration generation) {
    db.write(c -> remember(c, generation, db.now()));
  }

  /** Writes a cache index entry made at {@code at} inside the caller's write transaction (an empty remote job id as NULL). */
  static int remember(Connection c, CachedGeneration generation, Instant at) throws SQLException {
    return Sql.update(c,
        "INSERT INTO cache_entries (cache_key, image_list, provider, model, cost_micros, elapsed_ms, created_at, "
            + "remote_job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET "
            + "image_list = excluded.image_list, provider = excluded.provider, model = excluded.model, "
            + "cost_micros = excluded.cost_micros, elapsed_ms = excluded.elapsed_ms, created_at = excluded.created_at, "
            + "remote_job_id = excluded.remote_job_id",
        generation.cacheKey(), list(generation.images()), generation.providerId(), generation.model(),
        Money.toMicros(generation.costUsd()), generation.elapsed().toMillis(), at.toString(),
        generation.remoteJobId().isEmpty() ? null : generation.remoteJobId());
  }

  Optional<CachedGeneration> recall(String cacheKey) {
    return db.read(c -> {
      record Entry(String images, String provider, String model, long costMicros, long elapsedMs, String remoteJobId) {}
      Optional<Entry> entry = Sql.first(c,
          "SELECT image_list, provider, model, cost_micros, elapsed_ms, COALESCE(remote_job_id, '') "
              + "FROM cache_entries WHERE cache_key = ?",
          row -> new Entry(row.getString(1), row.getString(2), row.getString(3), row.getLong(4), row.getLong(5),
              row.getString(6)),
          cacheKey);
      if (entry.isEmpty()) {
        return Optional.<CachedGeneration>empty();
      }
      List<StoredImage> images = images(c, entry.get().images());
      if (images.isEmpty()) {
        return Optional.<CachedGeneration>empty();
      }
      return Optional.of(new CachedGeneration(cacheKey, images, entry.get().provider(), entry.get().model(),
          Money.fromMicros(entry.get().costMicros()), Duration.ofMillis(entry.get().elapsedMs()),
          entry.get().remoteJobId()));
    }).filter(generation -> present(generation.images()));
  }

  Optional<String> fileId(String platform, String sha256) {
    return db.read(c -> Sql.first(c, "SELECT file_id FROM file_refs WHERE platform = ? AND sha256 = ?",
        row -> row.getString(1), platform, sha256));
  }

  void rememberFileId(String platform, String sha256, String fileId) {
    db.write(c -> Sql.update(c,
        "INSERT INTO file_refs (platform, sha256, file_id, updated_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (platform, sha256) DO UPDATE SET file_id = excluded.file_id, updated_at = excluded.updated_at",
        platform, sha256, fileId, db.now().toString()));
  }

  /** Hashes as stored in an image list column: comma-separated, in order. */
  static String list(List<StoredImage> images) {
    return String.join(",", images.stream().map(StoredImage::sha256).toList());
  }

  /** The image rows for a comma-separated list of hashes, in list order; empty if any is missing. */
  static List<StoredImage> images(Connection c, String list) throws SQLException {
    List<StoredImage> images = new ArrayList<>();
    for (String sha : list.split(",")) {
      Optional<StoredImage> image = Sql.first(c, "SELECT format, width, height, size FROM images WHERE sha256 = ?",
          row -> new StoredImage(sha, ImageFormat.valueOf(row.getString(1).toUpperCase(Locale.ROOT)),
              row.getInt(2), row.getInt(3), row.getLong(4)), sha);
      if (image.isEmpty()) {
        return List.of();
      }
      images.add(image.get());
    }
    return images;
  }
}
