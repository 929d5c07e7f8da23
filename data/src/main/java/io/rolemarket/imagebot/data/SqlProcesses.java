package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The processes of the bot on one database ({@code processes}) and who owns what they left in flight. Each store
 * registers its process when it opens, stamps {@code seen_at} every few seconds ({@link #beat}) and leaves when it
 * closes; a process whose stamp is older than the lease is dead, and the rows it owned (open jobs, held reservations
 * and budget holds, flights, claimed work) are orphans the others settle. On SQLite the opening process is the only
 * one (one process per database file), so every process registered before it is dead at once. Times here are whole
 * seconds, so they compare as text. Safe for concurrent use.
 */
final class SqlProcesses {
  private final Database db;
  private final String id;
  private final Duration lease;

  SqlProcesses(Database db, Duration lease) {
    if (lease.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("the lease must be at least 2 s, was " + lease);
    }
    this.db = db;
    this.lease = lease;
    this.id = UUID.randomUUID().toString();
  }

  /** This process's id, the {@code owner} of the rows it writes in flight. */
  String id() {
    return id;
  }

  /** How long a process may go without a stamp before it counts as dead. */
  Duration lease() {
    return lease;
  }

  /** Registers this process with {@code role}; on SQLite every other process registered before is gone. */
  void register(String role) {
    String now = stamp(db.now());
    db.write(c -> {
      if (!db.dialect().severalWriters()) {
        Sql.update(c, "DELETE FROM processes");
      }
      return Sql.update(c, "INSERT INTO processes (id, role, started_at, seen_at) VALUES (?, ?, ?, ?)", id, role, now,
          now);
    });
  }

  /** Says what this process does among the others ({@code all}, {@code edge} or {@code worker}). */
  void announce(String role) {
    db.write(c -> Sql.update(c, "UPDATE processes SET role = ? WHERE id = ?", role, id));
  }

  /**
   * Stamps this process as alive. False when its row is gone: the others took it for dead (it stalled for longer
   * than the lease) and settled what it owned, so it must not go on with that work.
   */
  boolean beat() {
    String now = stamp(db.now());
    return db.write(c -> Sql.update(c, "UPDATE processes SET seen_at = ? WHERE id = ?", now, id)) == 1;
  }

  /** Leaves: what this process still owns is an orphan at once. */
  void leave() {
    db.write(c -> Sql.update(c, "DELETE FROM processes WHERE id = ?", id));
  }

  /**
   * A condition, for a {@code WHERE} clause, that {@code column} (an owner) names no live process; it takes one
   * parameter, {@link #cutoff}.
   */
  static String orphaned(String column) {
    return "(" + column + " IS NULL OR " + column + " NOT IN (SELECT id FROM processes WHERE seen_at >= ?))";
  }

  /** The parameter of {@link #orphaned}: a process last seen before it is dead. */
  String cutoff(Instant now) {
    return stamp(now.minus(lease));
  }

  /** Forgets the processes dead for longer than ten leases (what they owned is settled by then). */
  void forgetDead(Connection c, Instant now) throws SQLException {
    Sql.update(c, "DELETE FROM processes WHERE seen_at < ?", stamp(now.minus(lease.multipliedBy(10))));
  }

  /** Whole seconds, so that stamps compare as text. */
  static String stamp(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
