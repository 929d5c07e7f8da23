package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The few places where the store's SQL differs between SQLite and PostgreSQL. Everything else is one text for
 * both: {@code ON CONFLICT} upserts, {@code RETURNING}, conditional updates, times as ISO-8601 text compared as
 * bytes (PostgreSQL's text columns use the "C" collation for that), money as integer micro-dollars. Stateless.
 *
 * <p>SQLite has one writer at a time, so a read followed by a write in one transaction is never interleaved;
 * PostgreSQL runs several writers at once (connections of this process and of others), so where a decision reads
 * before it writes, the transaction takes a lock first: a row lock ({@link #forUpdate}) or a transaction-scoped
 * advisory lock ({@link #lock}).
 */
enum Dialect {
  SQLITE("migrations/", false),
  POSTGRESQL("migrations/postgresql/", true);

  /** Advisory locks taken by the store, one key each. */
  enum Lock {
    /** Schema migrations: one process migrates at a time. */
    MIGRATIONS(0x696d6701L),
    /** Budget holds: the sum checked and the hold inserted by one transaction at a time. */
    BUDGET(0x696d6702L),
    /** The edge's leader: held for the whole session of the leader's own connection ({@link Leadership}). */
    LEADER(0x696d6703L);

    final long key;

    Lock(long key) {
      this.key = key;
    }
  }

  private final String migrations;
  private final boolean severalWriters;

  Dialect(String migrations, boolean severalWriters) {
    this.migrations = migrations;
    this.severalWriters = severalWriters;
  }

  /** The resource folder (relative to this package) of this dialect's migration scripts. */
  String migrations() {
    return migrations;
  }

  /** Whether other connections (and processes) write beside this one, so nothing may be cached in memory. */
  boolean severalWriters() {
    return severalWriters;
  }

  /** The suffix that locks the rows a {@code SELECT} reads until the transaction ends (none on SQLite). */
  String forUpdate() {
    return severalWriters ? " FOR UPDATE" : "";
  }

  /**
   * The suffix that locks the rows a {@code SELECT} reads and skips those another transaction has locked (a queue's
   * claim); none on SQLite, whose writer is alone.
   */
  String skipLocked() {
    return severalWriters ? " FOR UPDATE SKIP LOCKED" : "";
  }

  /** Takes {@code lock} until the caller's transaction ends (a no-op on SQLite, whose writer is alone). */
  void lock(Connection c, Lock lock) throws SQLException {
    if (this == POSTGRESQL) {
      try (Statement statement = c.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(" + lock.key + ")");
      }
    }
  }
}
