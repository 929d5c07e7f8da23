package io.rolemarket.imagebot.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * One SQLite database file: one writer connection used one transaction at a time behind a fair lock,
 * and a few read-only connections in a pool for reads, which WAL mode lets run beside the writer.
 *
 * <p>SQLite has one writer anyway; serialising writes here keeps every write transaction short and free
 * of {@code SQLITE_BUSY} inside the process, and the busy timeout covers other processes (a backup). A
 * read takes a free reader (waiting if all are busy) and sees the last committed write. Safe for
 * concurrent use.
 */
final class SqliteDatabase implements Database {
  static final int READERS = 4;
  private static final int BUSY_TIMEOUT_MS = 5000;

  private final Path file;
  private final Clock clock;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<Connection> readers;
  private final BlockingQueue<Connection> idleReaders;

  private SqliteDatabase(Path file, Clock clock, Connection writer, List<Connection> readers) {
    this.file = file;
    this.clock = clock;
    this.writer = writer;
    this.readers = List.copyOf(readers);
    this.idleReaders = new ArrayBlockingQueue<>(Math.max(1, readers.size()), false, readers);
  }

  /**
   * Opens {@code file}, creating and migrating it when needed.
   *
   * @param clock the time written into the rows this store stamps itself (migrations, settlements,
   *     registrations); times that decide something come from the caller
   *
   * @throws StoreException naming the file when it is read-only, not a database, or cannot be opened
   */
  static SqliteDatabase open(Path file, Clock clock) {
    refuseReadOnly(file);
    @Nullable Connection writer = null;
    List<Connection> readers = new ArrayList<>();
    try {
      writer = connect(file, false);
      try (Statement statement = writer.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        statement.execute("PRAGMA synchronous=NORMAL");
      }
      SqliteDatabase migrating = new SqliteDatabase(file, clock, writer, List.of());
      migrating.write(c -> Migrations.applyInside(c, Dialect.SQLITE, clock.instant()));
      for (int i = 0; i < READERS; i++) {
        readers.add(connect(file, true));
      }
      return new SqliteDatabase(file, clock, writer, readers);
    } catch (SQLException | StoreException e) {
      closeQuietly(writer);
      readers.forEach(SqliteDatabase::closeQuietly);
      throw explain(file, e);
    }
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  private static Connection connect(Path file, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(readOnly);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  private static void refuseReadOnly(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    boolean writable = Files.isWritable(file);
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    try {
      // root may write anything; a file without its owner's write bit was still meant to be left alone
      if (posix != null && !posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE)) {
        writable = false;
      }
    } catch (java.io.IOException e) {
      throw new StoreException("cannot read the permissions of the database file " + file + " (IMAGEBOT_DB)", e);
    }
    if (!writable) {
      throw new StoreException("the database file " + file + " (IMAGEBOT_DB) is read-only; "
          + "make it writable for the bot's user or point IMAGEBOT_DB at another file");
    }
  }

  private static StoreException explain(Path file, Exception e) {
    if (e instanceof StoreException store && store.getMessage().contains(file.toString())) {
      return store;
    }
    Throwable cause = e instanceof StoreException && e.getCause() != null ? e.getCause() : e;
    String reason = cause instanceof org.sqlite.SQLiteException sqlite
        ? switch (sqlite.getResultCode()) {
            case SQLITE_NOTADB, SQLITE_CORRUPT -> "is not a SQLite database or is damaged; "
                + "restore it from a backup or point IMAGEBOT_DB at another file";
            case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM -> "cannot be opened for writing; "
                + "check the permissions of the file and its directory";
            case SQLITE_BUSY, SQLITE_LOCKED -> "is locked by another process; stop it or wait";
            default -> "cannot be opened (" + codeName(sqlite.getResultCode()) + ")";
          }
        : "cannot be opened (" + cause.getMessage() + ")";
    return new StoreException("the database file " + file + " (IMAGEBOT_DB) " + reason, e);
  }

  private static String codeName(SQLiteErrorCode code) {
    return code.name() + ": " + code.message;
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public <T> T write(Work<T> work) {
    writeLock.lock();
    try {
      try {
        return Database.inTransaction(writer, work);
      } finally {
        writer.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("database error on " + file.getFileName() + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public <T> T read(Work<T> work) {
    if (readers.isEmpty()) {
      return write(work);
    }
    Connection reader;
    try {
      reader = idleReaders.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database reader", e);
    }
    try {
      reader.setAutoCommit(false);
      try {
        return work.run(reader);
      } finally {
        reader.rollback();
        reader.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("database error on " + file.getFileName() + ": " + e.getMessage(), e);
    } finally {
      idleReaders.add(reader);
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      for (Connection reader : readers) {
        closeQuietly(reader);
      }
      writer.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the database " + file.getFileName(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private static void closeQuietly(@Nullable Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // already failing; the first error is the one to report
    }
  }
}
