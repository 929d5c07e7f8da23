package io.rolemarket.imagebot.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The bot's store on SQLite: one database file, with image blobs in a {@code blobs/} directory beside it.
 *
 * <pre>{@code
 * try (SqliteStore store = SqliteStore.open(Path.of("var/imagebot.db"), clock)) { ... }
 * }</pre>
 *
 * <p>One writer connection behind a fair lock (SQLite has one writer; writes are short transactions) and a small
 * pool of read-only connections that WAL mode lets read beside it. One process per database file. Safe for
 * concurrent use.
 */
public final class SqliteStore extends SqlStore {
  private SqliteStore(Database db, BlobFiles blobs) {
    super(db, blobs, LEASE, null);
  }

  /**
   * Opens (creating and migrating when needed) the database at {@code file}, reconciles what a crash
   * left behind, and keeps blobs in {@code blobs/} in the same directory.
   *
   * @param clock the bot's clock: the reconciliation's "now" and the times the store stamps on rows of its
   *     own accord (settlements, registrations, cache entries); spend is booked by the times callers give
   *
   * @throws StoreException naming the file when it is read-only, damaged, not a database, newer than
   *     this code, or its directory cannot be used
   */
  public static SqliteStore open(Path file, Clock clock) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory for " + file + " (IMAGEBOT_DB)", e);
    }
    Database db = SqliteDatabase.open(file, clock);
    return build(db, () -> new SqliteStore(db, new BlobFiles(dir.resolve("blobs"))));
  }
}
