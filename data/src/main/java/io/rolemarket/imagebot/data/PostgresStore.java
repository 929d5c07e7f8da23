package io.rolemarket.imagebot.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The bot's store on PostgreSQL: the same tables as on SQLite, reached through a connection pool, with image blobs
 * in a directory every process of the bot shares (the database holds no picture bytes).
 *
 * <pre>{@code
 * try (PostgresStore store = PostgresStore.open("jdbc:postgresql://db:5432/imagebot?user=bot", password,
 *     Path.of("var/blobs"), clock)) { ... }
 * }</pre>
 *
 * <p>Quota reservations, budget holds, settlements and votes stay exact when several connections and processes
 * write at once (see {@link SqlStore}). Safe for concurrent use.
 */
public final class PostgresStore extends SqlStore {
  private PostgresStore(Database db, BlobFiles blobs, Duration lease, Notifications notifications,
      OwnWrites ownWrites) {
    super(db, blobs, lease, notifications, ownWrites);
  }

  /**
   * Opens a pool on the database at {@code url}, creates or migrates its schema when needed, reconciles what a
   * crash left behind, and keeps blobs in {@code blobs}.
   *
   * @param url {@code jdbc:postgresql://host:port/database?user=...} ({@code IMAGEBOT_DB_URL})
   * @param password the password ({@code IMAGEBOT_DB_PASSWORD}), or null when the URL carries it or none is needed
   * @param blobs the directory of image files, shared by every process on this database
   * @param clock the bot's clock, as for {@link SqliteStore#open}
   * @throws StoreException naming the setting, never its value, when the URL is not a PostgreSQL one, the server
   *     cannot be reached or refuses us, its schema is newer than this code, or the blob directory cannot be made
   */
  public static PostgresStore open(String url, @Nullable String password, Path blobs, Clock clock) {
    return open(url, password, blobs, clock, LEASE);
  }

  /**
   * Opens the store as {@link #open(String, String, Path, Clock)} does, where a process of the bot that has not
   * stamped itself alive for {@code lease} is dead and what it left in flight is settled by the others.
   *
   * @param lease at least 2 s
   */
  public static PostgresStore open(String url, @Nullable String password, Path blobs, Clock clock, Duration lease) {
    try {
      Files.createDirectories(blobs);
    } catch (IOException e) {
      throw new StoreException("cannot create the image directory " + blobs, e);
    }
    Database db = PostgresDatabase.open(url, password, clock);
    return build(db, () -> new PostgresStore(db, new BlobFiles(blobs), lease, new Notifications(url, password),
        new OwnWrites(url, password, db)));
  }
}
