package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL connection of its own, outside the pool, for what holds a session open (the leader's advisory lock,
 * the notification listener): auto-commit, TCP keep-alive, named for {@code pg_stat_activity}. Stateless.
 */
final class OwnConnection {
  private static final Logger log = LoggerFactory.getLogger(OwnConnection.class);

  private OwnConnection() {}

  /** Connects to {@code url} as {@code name}. */
  static Connection open(String url, @Nullable String password, String name) throws SQLException {
    Properties properties = new Properties();
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("ApplicationName", name);
    properties.setProperty("tcpKeepAlive", "true");
    Connection c = DriverManager.getConnection(url, properties);
    c.setAutoCommit(true);
    return c;
  }

  /** Closes {@code c} if there is one; a failure to close is only logged. */
  static void closeQuietly(@Nullable Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("closing a connection: {}", e.getMessage());
      }
    }
  }
}
