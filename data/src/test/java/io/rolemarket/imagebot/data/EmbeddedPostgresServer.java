package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.TestClocks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One real PostgreSQL server per test JVM (zonky's embedded binaries from the build's dependencies, no Docker),
 * started on first use and stopped when the JVM exits, and a fresh empty database on it for each caller.
 *
 * <p>PostgreSQL refuses to run as root. Under root, zonky starts {@code initdb} and {@code pg_ctl} through
 * {@code unshare -U}: in a new user namespace the server runs as the unmapped user ("nobody", uid 65534) while the
 * kernel still lets it use the files the JVM wrote. That needs user namespaces (allowed on Debian by default, often
 * forbidden inside containers); {@code .ci/run} checks it first and says what to do. Safe for concurrent use.
 */
public final class EmbeddedPostgresServer {
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static @Nullable EmbeddedPostgres server;
  private static boolean templateReady;
  /** Databases copied ahead by a background thread while tests run, so a test seldom waits for one. */
  private static final BlockingQueue<String> READY = new ArrayBlockingQueue<>(2);

  private EmbeddedPostgresServer() {}

  /**
   * The JDBC URL of a new database on the shared server with the bot's schema and no rows: a copy of a template
   * migrated once, which is much quicker than migrating each, made ahead of the call when possible.
   */
  public static String freshDatabase() {
    LOCK.lock();
    try {
      if (!templateReady) {
        String template = create("imagebot_template", "template0");
        PostgresDatabase.open(template, null, TestClocks.FIXED).close();
        templateReady = true;
        Thread.ofVirtual().name("test-database-maker").start(EmbeddedPostgresServer::makeAhead);
      }
    } finally {
      LOCK.unlock();
    }
    try {
      String url = READY.poll(30, TimeUnit.SECONDS);
      return url != null ? url : copyOfTemplate();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a test database", e);
    }
  }

  private static void makeAhead() {
    try {
      while (true) {
        READY.put(copyOfTemplate());
      }
    } catch (InterruptedException | RuntimeException e) {
      // the JVM is ending (the server stops with it); a caller that finds nothing ready makes its own database
    }
  }

  private static String copyOfTemplate() {
    return create("test" + DATABASES.incrementAndGet(), "imagebot_template");
  }

  /** The JDBC URL of a new database on the shared server without even a schema. */
  public static String emptyDatabase() {
    return create("empty" + DATABASES.incrementAndGet(), "template0");
  }

  private static String create(String name, String template) {
    EmbeddedPostgres pg = server();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement statement = c.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database " + name, e);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  private static EmbeddedPostgres server() {
    LOCK.lock();
    try {
      if (server == null) {
        // a test database need not survive a power cut: no fsync makes creating and migrating one quick
        server = EmbeddedPostgres.builder()
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("max_connections", "300")
            .start();
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL (as root it needs user namespaces: "
          + "unshare -U)", e);
    } finally {
      LOCK.unlock();
    }
  }
}
