package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's {@code LISTEN/NOTIFY} between the bot's processes: a write that others wait for (a request queued or
 * answered, a cache key given back) sends a notification on channel {@value #CHANNEL} when it commits; each process
 * listens on a connection of its own and runs its listeners, so a waiter looks at once instead of at its next poll.
 * Notifications are a hint: a lost one (the listening connection dropped and is being made again) only delays a
 * waiter until its poll, which every waiter keeps as the fallback. Safe for concurrent use.
 */
final class Notifications implements AutoCloseable {
  static final String CHANNEL = "imagebot";
  private static final Logger log = LoggerFactory.getLogger(Notifications.class);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final String url;
  private final @Nullable String password;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Thread listening;
  private volatile boolean closed;
  private volatile @Nullable Connection connection;

  Notifications(String url, @Nullable String password) {
    this.url = url;
    this.password = password;
    this.listening = Thread.ofPlatform().daemon().name("store-notifications").start(this::listen);
  }

  /** Runs {@code listener} (quickly: on the listening thread) after each notification from any process. */
  void onNotification(Runnable listener) {
    listeners.add(listener);
  }

  /** Sends a notification when {@code c}'s transaction commits. */
  static void send(Connection c, String payload) throws SQLException {
    Sql.first(c, "SELECT pg_notify('" + CHANNEL + "', ?)", row -> true, payload);
  }

  private void listen() {
    while (!closed) {
      try {
        Connection c = connect();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] arrived = pg.getNotifications(500);
          if (arrived != null && arrived.length > 0) {
            listeners.forEach(Notifications::run);
          }
        }
      } catch (SQLException e) {
        if (!closed) {
          log.warn("not listening to the other processes for now (waiters poll meanwhile): {}", e.getMessage());
          drop();
          try {
            Thread.sleep(RETRY);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }
  }

  private static void run(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      log.warn("a notification listener failed: {}", e.getMessage());
    }
  }

  private Connection connect() throws SQLException {
    Connection c = OwnConnection.open(url, password, "imagebot-notifications");
    try (Statement statement = c.createStatement()) {
      statement.execute("LISTEN " + CHANNEL);
    }
    connection = c;
    return c;
  }

  private void drop() {
    Connection c = connection;
    connection = null;
    OwnConnection.closeQuietly(c);
  }

  @Override
  public void close() {
    closed = true;
    listening.interrupt();
    drop();
  }
}
