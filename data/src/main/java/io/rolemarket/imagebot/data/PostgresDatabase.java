package io.rolemarket.imagebot.data;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One PostgreSQL database through a HikariCP pool. Unlike SQLite, several connections (of this process and of
 * others) write at once, each write transaction in Read Committed; the port classes make every decision that
 * reads before it writes safe with a conditional statement, a row lock or an advisory lock (see {@link Dialect}).
 * A write that loses a deadlock or a serialisation check is rolled back and run again. Reads run read-only in
 * Repeatable Read, so the several statements of one read see one snapshot. Safe for concurrent use.
 */
final class PostgresDatabase implements Database {
  static final String URL_PREFIX = "jdbc:postgresql:";
  private static final int POOL_SIZE = 8;
  private static final int ATTEMPTS = 5;
  /** Serialisation failure and deadlock: the transaction did nothing and may simply run again. */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

  private final HikariDataSource pool;
  private final Clock clock;

  private PostgresDatabase(HikariDataSource pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Opens a pool on {@code url} ({@code jdbc:postgresql://host:port/database?user=...}), creating and migrating the
   * schema when needed.
   *
   * @param password the password, or null when the URL carries it or the server needs none
   * @throws StoreException naming the setting (never the URL or the password) when the URL is not a PostgreSQL one,
   *     the server cannot be reached or refuses us, or its schema is newer than this code
   */
  static PostgresDatabase open(String url, @Nullable String password, Clock clock) {
    if (!url.startsWith(URL_PREFIX)) {
      throw new StoreException("IMAGEBOT_DB_URL must start with " + URL_PREFIX + "//");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (password != null) {
      config.setPassword(password);
    }
    config.setPoolName("imagebot-store");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("the PostgreSQL database (IMAGEBOT_DB_URL) cannot be opened: " + reason(e), e);
    }
    PostgresDatabase db = new PostgresDatabase(pool, clock);
    try {
      db.write(c -> Migrations.applyInside(c, Dialect.POSTGRESQL, clock.instant()));
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }

  @Override
  public <T> T write(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        return Database.inTransaction(c, work);
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && e.getSQLState() != null && RETRYABLE.contains(e.getSQLState())) {
          continue;
        }
        throw new StoreException("database error on PostgreSQL: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public <T> T read(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return work.run(c);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new StoreException("database error on PostgreSQL: " + e.getMessage(), e);
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public void close() {
    pool.close();
  }
}
