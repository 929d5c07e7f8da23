package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Where the store's SQL runs: transactions on one database, SQLite ({@link SqliteDatabase}) or PostgreSQL
 * ({@link PostgresDatabase}), and the {@link Dialect} for the few clauses that differ. The port classes
 * ({@code SqlQuotaLedger}, {@code SqlJournal}, ...) are written once against this. Implementations are safe for
 * concurrent use.
 */
interface Database extends AutoCloseable {
  /** A unit of work on a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one write transaction: committed when it returns, rolled back when it throws. On a
   * database with several writers it may run again after a deadlock or serialisation failure, so work must not
   * have effects outside the transaction other than idempotent ones.
   *
   * @throws StoreException when the database fails
   */
  <T> T write(Work<T> work);

  /** Runs {@code work} in one read transaction, so it sees one snapshot. */
  <T> T read(Work<T> work);

  /** Runs {@code work} on {@code c} as one transaction: committed when it returns, rolled back when it throws. */
  static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  /** The SQL dialect. */
  Dialect dialect();

  /** Now, by the store's clock: the time to stamp on a row this store writes of its own accord. */
  Instant now();

  @Override
  void close();
}
