package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.CachedGeneration;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.StoredImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bot's store on SQLite: every core store port over one database file, with image blobs as
 * content-addressed files in a {@code blobs/} directory beside it.
 *
 * <pre>{@code
 * try (SqliteStore store = SqliteStore.open(Path.of("var/imagebot.db"))) { ... }
 * }</pre>
 *
 * <p>Quota reservations are one conditional {@code UPDATE ... WHERE used + ? <= limit} per window inside
 * one transaction, so concurrent reservations can never overspend. Safe for concurrent use.
 */
public final class SqliteStore implements BotStore {
  private final Database db;
  private final BlobFiles blobs;

  private SqliteStore(Database db, BlobFiles blobs) {
    this.db = db;
    this.blobs = blobs;
  }

  /**
   * Opens (creating and migrating when needed) the database at {@code file}; blobs go to
   * {@code blobs/} in the same directory.
   *
   * @throws StoreException when the file or directory cannot be used
   */
  public static SqliteStore open(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory for " + file.getFileName() + " (IMAGEBOT_DB)", e);
    }
    return new SqliteStore(Database.open(file), new BlobFiles(dir.resolve("blobs")));
  }

  // ---- users

  @Override
  public Role register(UserRef user) {
    return db.inTransaction(c -> {
      try (PreparedStatement upsert = c.prepareStatement(
          "INSERT INTO users (user_key, display_name, role, created_at) VALUES (?, ?, 'user', ?) "
              + "ON CONFLICT (user_key) DO UPDATE SET display_name = excluded.display_name RETURNING role")) {
        upsert.setString(1, user.key());
        upsert.setString(2, user.displayName());
        upsert.setString(3, Instant.now().toString());
        try (ResultSet rows = upsert.executeQuery()) {
          rows.next();
          return Role.parse(rows.getString(1)).orElse(Role.USER);
        }
      }
    });
  }

  @Override
  public void setRole(String userKey, Role role) {
    db.inTransaction(c -> {
      try (PreparedStatement upsert = c.prepareStatement(
          "INSERT INTO users (user_key, display_name, role, created_at) VALUES (?, ?, ?, ?) "
              + "ON CONFLICT (user_key) DO UPDATE SET role = excluded.role")) {
        upsert.setString(1, userKey);
        upsert.setString(2, userKey);
        upsert.setString(3, role.label());
        upsert.setString(4, Instant.now().toString());
        return upsert.executeUpdate();
      }
    });
  }

  // ---- quota ledger

  @Override
  public Reservation reserve(String userKey, int images, QuotaLimits limits, Instant now) {
    if (images < 1) {
      throw new IllegalArgumentException("images must be at least 1, was " + images);
    }
    String day = dayKey(now);
    String month = monthKey(now);
    return db.inTransaction(c -> {
      ensureWindow(c, userKey, day);
      ensureWindow(c, userKey, month);
      boolean dayOk = add(c, userKey, day, images, limits.daily());
      boolean monthOk = dayOk && add(c, userKey, month, images, limits.monthly());
      if (!monthOk) {
        c.rollback();
        int leftToday = remaining(c, userKey, day, limits.daily());
        int leftMonth = remaining(c, userKey, month, limits.monthly());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant resets = !dayOk
            ? today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
            : today.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new Reservation.Exceeded(leftToday, leftMonth, resets);
      }
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO reservations (user_key, day_key, month_key, images, state, created_at) "
              + "VALUES (?, ?, ?, ?, 'held', ?) RETURNING id")) {
        insert.setString(1, userKey);
        insert.setString(2, day);
        insert.setString(3, month);
        insert.setInt(4, images);
        insert.setString(5, now.toString());
        try (ResultSet rows = insert.executeQuery()) {
          rows.next();
          return new Reservation.Held(rows.getLong(1), images);
        }
      }
    });
  }

  @Override
  public void commit(long reservationId, int imagesUsed) {
    settle(reservationId, imagesUsed, "committed");
  }

  @Override
  public void refund(long reservationId) {
    settle(reservationId, 0, "refunded");
  }

  private void settle(long reservationId, int charged, String state) {
    db.inTransaction(c -> {
      String user;
      String day;
      String month;
      int held;
      try (PreparedStatement select = c.prepareStatement(
          "SELECT user_key, day_key, month_key, images FROM reservations WHERE id = ? AND state = 'held'")) {
        select.setLong(1, reservationId);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return null;
          }
          user = rows.getString(1);
          day = rows.getString(2);
          month = rows.getString(3);
          held = rows.getInt(4);
        }
      }
      int giveBack = held - Math.max(0, Math.min(held, charged));
      for (String window : List.of(day, month)) {
        try (PreparedStatement update = c.prepareStatement(
            "UPDATE quota_usage SET used = used - ? WHERE user_key = ? AND window_key = ?")) {
          update.setInt(1, giveBack);
          update.setString(2, user);
          update.setString(3, window);
          update.executeUpdate();
        }
      }
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE reservations SET state = ?, charged = ?, settled_at = ? WHERE id = ?")) {
        update.setString(1, state);
        update.setInt(2, held - giveBack);
        update.setString(3, Instant.now().toString());
        update.setLong(4, reservationId);
        update.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public QuotaUsage usage(String userKey, Instant now) {
    return db.inTransaction(c -> new QuotaUsage(used(c, userKey, dayKey(now)), used(c, userKey, monthKey(now))));
  }

  @Override
  public void grant(String userKey, int images, Instant now) {
    db.inTransaction(c -> {
      for (String window : List.of(dayKey(now), monthKey(now))) {
        ensureWindow(c, userKey, window);
        try (PreparedStatement update = c.prepareStatement(
            "UPDATE quota_usage SET bonus = bonus + ? WHERE user_key = ? AND window_key = ?")) {
          update.setInt(1, images);
          update.setString(2, userKey);
          update.setString(3, window);
          update.executeUpdate();
        }
      }
      return null;
    });
  }

  private static void ensureWindow(Connection c, String user, String window) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO quota_usage (user_key, window_key, used, bonus) VALUES (?, ?, 0, 0) ON CONFLICT DO NOTHING")) {
      insert.setString(1, user);
      insert.setString(2, window);
      insert.executeUpdate();
    }
  }

  private static boolean add(Connection c, String user, String window, int images, int limit) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE quota_usage SET used = used + ? WHERE user_key = ? AND window_key = ? AND used + ? <= ? + bonus "
            + "RETURNING used")) {
      update.setInt(1, images);
      update.setString(2, user);
      update.setString(3, window);
      update.setInt(4, images);
      update.setLong(5, limit);
      try (ResultSet rows = update.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static int remaining(Connection c, String user, String window, int limit) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(
        "SELECT used, bonus FROM quota_usage WHERE user_key = ? AND window_key = ?")) {
      select.setString(1, user);
      select.setString(2, window);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return limit;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (long) limit + rows.getInt(2) - rows.getInt(1)));
      }
    }
  }

  private static int used(Connection c, String user, String window) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(
        "SELECT used FROM quota_usage WHERE user_key = ? AND window_key = ?")) {
      select.setString(1, user);
      select.setString(2, window);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getInt(1) : 0;
      }
    }
  }

  static String dayKey(Instant now) {
    return "d:" + LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  static String monthKey(Instant now) {
    return "m:" + YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
  }

  // ---- job journal

  @Override
  public long open(String userKey, String cacheKey, String prompt, String plannedProviderId, long reservationId,
      Instant at) {
    return db.inTransaction(c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO jobs (user_key, cache_key, prompt, planned_provider, reservation_id, state, opened_at) "
              + "VALUES (?, ?, ?, ?, ?, 'open', ?) RETURNING id")) {
        insert.setString(1, userKey);
        insert.setString(2, cacheKey);
        insert.setString(3, prompt);
        insert.setString(4, plannedProviderId);
        insert.setLong(5, reservationId);
        insert.setString(6, at.toString());
        try (ResultSet rows = insert.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    });
  }

  @Override
  public void close(long jobId, boolean succeeded, String providerId, int images, BigDecimal costUsd, Instant at) {
    db.inTransaction(c -> {
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE jobs SET state = ?, provider = ?, images = ?, cost_micros = ?, closed_at = ? "
              + "WHERE id = ? AND state = 'open'")) {
        update.setString(1, succeeded ? "succeeded" : "failed");
        update.setString(2, providerId);
        update.setInt(3, images);
        update.setLong(4, Money.toMicros(costUsd));
        update.setString(5, at.toString());
        update.setLong(6, jobId);
        return update.executeUpdate();
      }
    });
  }

  @Override
  public BigDecimal spend(YearMonth month) {
    return db.inTransaction(c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT COALESCE(SUM(cost_micros), 0) FROM jobs WHERE state = 'succeeded' AND closed_at >= ? AND closed_at < ?")) {
        select.setString(1, month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        select.setString(2, month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return Money.fromMicros(rows.getLong(1));
        }
      }
    });
  }

  // ---- image blobs and the cache's disk tier

  @Override
  public StoredImage put(GeneratedImage image, String prompt, String providerId) {
    String sha = image.sha256();
    StoredImage stored = new StoredImage(sha, image.format(), image.width(), image.height(), image.size());
    blobs.write(stored, image.bytes());
    db.inTransaction(c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO images (sha256, format, width, height, size, prompt, provider, created_at) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        insert.setString(1, sha);
        insert.setString(2, image.format().name());
        insert.setInt(3, image.width());
        insert.setInt(4, image.height());
        insert.setLong(5, image.size());
        insert.setString(6, prompt);
        insert.setString(7, providerId);
        insert.setString(8, Instant.now().toString());
        return insert.executeUpdate();
      }
    });
    return stored;
  }

  @Override
  public Optional<byte[]> read(String sha256) {
    return lookupImage(sha256).flatMap(blobs::read);
  }

  @Override
  public Path pathOf(StoredImage image) {
    return blobs.pathOf(image);
  }

  @Override
  public void remember(CachedGeneration generation) {
    db.inTransaction(c -> {
      try (PreparedStatement upsert = c.prepareStatement(
          "INSERT INTO cache_entries (cache_key, image_list, provider, model, cost_micros, elapsed_ms, created_at) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET image_list = excluded.image_list, "
              + "provider = excluded.provider, model = excluded.model, cost_micros = excluded.cost_micros, "
              + "elapsed_ms = excluded.elapsed_ms, created_at = excluded.created_at")) {
        upsert.setString(1, generation.cacheKey());
        upsert.setString(2, String.join(",", generation.images().stream().map(StoredImage::sha256).toList()));
        upsert.setString(3, generation.providerId());
        upsert.setString(4, generation.model());
        upsert.setLong(5, Money.toMicros(generation.costUsd()));
        upsert.setLong(6, generation.elapsed().toMillis());
        upsert.setString(7, Instant.now().toString());
        return upsert.executeUpdate();
      }
    });
  }

  @Override
  public Optional<CachedGeneration> recall(String cacheKey) {
    return db.inTransaction(c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT image_list, provider, model, cost_micros, elapsed_ms FROM cache_entries WHERE cache_key = ?")) {
        select.setString(1, cacheKey);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return Optional.<CachedGeneration>empty();
          }
          List<StoredImage> images = images(c, rows.getString(1));
          if (images.isEmpty()) {
            return Optional.<CachedGeneration>empty();
          }
          return Optional.of(new CachedGeneration(cacheKey, images, rows.getString(2), rows.getString(3),
              Money.fromMicros(rows.getLong(4)), Duration.ofMillis(rows.getLong(5))));
        }
      }
    }).filter(generation -> generation.images().stream().allMatch(blobs::exists));
  }

  private Optional<StoredImage> lookupImage(String sha256) {
    return db.inTransaction(c -> {
      List<StoredImage> found = images(c, sha256);
      return found.isEmpty() ? Optional.<StoredImage>empty() : Optional.of(found.get(0));
    });
  }

  /** The image rows for a comma-separated list of hashes, in list order; empty if any is missing. */
  private static List<StoredImage> images(Connection c, String list) throws SQLException {
    List<StoredImage> images = new ArrayList<>();
    for (String sha : list.split(",")) {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT format, width, height, size FROM images WHERE sha256 = ?")) {
        select.setString(1, sha);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return List.of();
          }
          images.add(new StoredImage(sha,
              io.rolemarket.imagebot.core.provider.ImageFormat.valueOf(rows.getString(1).toUpperCase(Locale.ROOT)),
              rows.getInt(2), rows.getInt(3), rows.getLong(4)));
        }
      }
    }
    return images;
  }

  // ---- history

  @Override
  public long record(HistoryEntry entry) {
    return db.inTransaction(c -> {
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO history (user_key, character, theme, prompt, provider, cost_micros, elapsed_ms, from_cache, "
              + "image_list, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
        insert.setString(1, entry.userKey());
        insert.setString(2, entry.character());
        insert.setString(3, entry.theme());
        insert.setString(4, entry.prompt());
        insert.setString(5, entry.providerId());
        insert.setLong(6, Money.toMicros(entry.costUsd()));
        insert.setLong(7, entry.elapsed().toMillis());
        insert.setInt(8, entry.fromCache() ? 1 : 0);
        insert.setString(9, String.join(",", entry.images().stream().map(StoredImage::sha256).toList()));
        insert.setString(10, entry.at().toString());
        try (ResultSet rows = insert.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    });
  }

  @Override
  public List<HistoryEntry> recent(String userKey, int limit) {
    return db.inTransaction(c -> {
      List<HistoryEntry> entries = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement(
          "SELECT id, character, theme, prompt, provider, cost_micros, elapsed_ms, from_cache, image_list, at "
              + "FROM history WHERE user_key = ? ORDER BY id DESC LIMIT ?")) {
        select.setString(1, userKey);
        select.setInt(2, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            entries.add(new HistoryEntry(rows.getLong(1), userKey, rows.getString(2), rows.getString(3),
                rows.getString(4), rows.getString(5), Money.fromMicros(rows.getLong(6)),
                Duration.ofMillis(rows.getLong(7)), rows.getInt(8) == 1, images(c, rows.getString(9)),
                Instant.parse(rows.getString(10))));
          }
        }
      }
      return entries;
    });
  }

  @Override
  public void close() {
    db.close();
  }
}
