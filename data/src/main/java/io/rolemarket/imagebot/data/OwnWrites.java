package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that must follow something done outside the database at once, on a PostgreSQL connection of their own: the
 * settling of an answer the chat has just taken. Through the pool such a write could wait for one of its connections
 * while every one is busy (a third of a second in the scale run), and a process killed in that wait leaves a sent
 * answer owed, which the next leader sends again. Each write is one auto-committed statement; when the connection
 * fails, the write goes through the pool, and the connection is made again for the next one. Safe for concurrent use
 * (the writes take turns: each is one short statement).
 */
final class OwnWrites implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OwnWrites.class);

  private final String url;
  private final @Nullable String password;
  private final Database pool;
  private @Nullable Connection connection; // guarded by this
  private boolean closed; // guarded by this

  OwnWrites(String url, @Nullable String password, Database pool) {
    this.url = url;
    this.password = password;
    this.pool = pool;
  }

  /** Runs {@code sql} with {@code args} as one committed statement; returns the rows it changed. */
  synchronized int update(String sql, Object... args) {
    if (!closed) {
      try {
        if (connection == null) {
          connection = OwnConnection.open(url, password, "imagebot-settle");
        }
        return Sql.update(connection, sql, args);
      } catch (SQLException e) {
        log.warn("the settling connection failed ({}); writing through the pool", e.getSQLState());
        OwnConnection.closeQuietly(connection);
        connection = null;
      }
    }
    return pool.write(c -> Sql.update(c, sql, args));
  }

  @Override
  public synchronized void close() {
    closed = true;
    OwnConnection.closeQuietly(connection);
    connection = null;
  }
}
