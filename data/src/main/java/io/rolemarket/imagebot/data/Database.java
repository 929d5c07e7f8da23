package io.rolemarket.imagebot.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite database file: a single connection in WAL mode, used one transaction at a time behind a
 * fair lock. SQLite has one writer anyway; serialising here keeps every transaction short and free of
 * {@code SQLITE_BUSY} inside the process, and the busy timeout covers other processes. Safe for
 * concurrent use.
 */
final class Database implements AutoCloseable {
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock(true);

  /** A unit of work on the connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private Database(Connection connection) {
    this.connection = connection;
  }

  static Database open(Path file) {
    try {
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        statement.execute("PRAGMA synchronous=NORMAL");
        statement.execute("PRAGMA busy_timeout=5000");
        statement.execute("PRAGMA foreign_keys=ON");
      }
      Database database = new Database(connection);
      database.inTransaction(Migrations::applyInside);
      return database;
    } catch (SQLException e) {
      throw new StoreException("cannot open the database " + file.getFileName() + " (IMAGEBOT_DB): " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  <T> T inTransaction(Work<T> work) {
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the database", e);
    } finally {
      lock.unlock();
    }
  }
}
