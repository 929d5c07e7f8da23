package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which edge process leads: holds the platforms (Telegram polling or its webhook's handling, the Discord gateway) and
 * their send queues, so that platform limits live in one place. Leading is holding a PostgreSQL session advisory lock
 * on a connection of its own: a standby asks for it every {@code every}, and gets it within that once the leader's
 * connection is gone (the process stopped or was killed: the server ends its session and the lock with it). A leader
 * checks its connection every {@code every}; when it is lost, so may the lock be, and {@code onLost} runs (the
 * process must stop leading at once: {@code Main} exits, and its supervisor starts it again as a standby). Safe for
 * concurrent use.
 */
public final class Leadership implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final String url;
  private final @Nullable String password;
  private final Duration every;
  private final Runnable onLost;
  private final CountDownLatch leading = new CountDownLatch(1);
  private final Thread campaign;
  private volatile boolean closed;
  private volatile @Nullable Connection connection;

  private Leadership(String url, @Nullable String password, Duration every, Runnable onLost) {
    this.url = url;
    this.password = password;
    this.every = every;
    this.onLost = onLost;
    this.campaign = Thread.ofPlatform().daemon().name("leadership").start(this::campaign);
  }

  /**
   * Starts asking to lead the bot's processes on the PostgreSQL database at {@code url} ({@code IMAGEBOT_DB_URL}).
   *
   * @param every how often a standby asks, and a leader checks its connection
   * @param onLost what to do when a leader loses its connection (and so perhaps the lead)
   */
  public static Leadership campaign(String url, @Nullable String password, Duration every, Runnable onLost) {
    return new Leadership(url, password, every, onLost);
  }

  /** Waits until this process leads. */
  public void awaitLead() throws InterruptedException {
    leading.await();
  }

  /** Waits up to {@code max} for the lead; true when this process leads. */
  public boolean awaitLead(Duration max) throws InterruptedException {
    return leading.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether this process leads now. */
  public boolean leads() {
    return leading.getCount() == 0 && connection != null && !closed;
  }

  private void campaign() {
    try {
      while (!closed && !ask()) {
        Thread.sleep(every);
      }
      if (closed) {
        return;
      }
      log.info("this process leads the bot's edge now");
      leading.countDown();
      while (!closed) {
        Thread.sleep(every);
        if (!closed && !stillConnected()) {
          log.error("the leader's connection to PostgreSQL is lost, and the lead with it perhaps: stopping");
          onLost.run();
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks for the lock once; connects first when needed. */
  private boolean ask() {
    try {
      Connection c = connection;
      if (c == null || c.isClosed()) {
        c = OwnConnection.open(url, password, "imagebot-leadership");
        connection = c;
      }
      try (Statement statement = c.createStatement();
          ResultSet row = statement.executeQuery("SELECT pg_try_advisory_lock(" + Dialect.Lock.LEADER.key + ")")) {
        return row.next() && row.getBoolean(1);
      }
    } catch (SQLException e) {
      log.warn("cannot ask PostgreSQL for the lead (IMAGEBOT_DB_URL): {}", e.getMessage());
      closeConnection();
      return false;
    }
  }

  private boolean stillConnected() {
    Connection c = connection;
    try {
      return c != null && c.isValid((int) Math.max(1, every.toSeconds()));
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeConnection() {
    Connection c = connection;
    connection = null;
    OwnConnection.closeQuietly(c);
  }

  /** Stops asking, or gives the lead up (another process takes it). */
  @Override
  public void close() {
    closed = true;
    campaign.interrupt();
    try {
      campaign.join(every.toMillis() * 2 + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeConnection();
  }
}
