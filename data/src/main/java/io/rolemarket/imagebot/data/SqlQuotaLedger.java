package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaUsage;
import io.rolemarket.imagebot.core.quota.Reservation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The quota ledger ({@code QuotaLedger}). A reservation is one conditional
 * {@code UPDATE ... WHERE used + ? <= limit + bonus RETURNING used} per window inside one write
 * transaction, never a read-then-write, so concurrent reservations cannot overspend. Safe for
 * concurrent use.
 */
final class SqlQuotaLedger {
  private final Database db;

  private final String owner;

  SqlQuotaLedger(Database db, String owner) {
    this.db = db;
    this.owner = owner;
  }

  Reservation reserve(String userKey, int images, QuotaLimits limits, Instant now) {
    if (images < 1) {
      throw new IllegalArgumentException("images must be at least 1, was " + images);
    }
    String day = dayKey(now);
    String month = monthKey(now);
    return db.write(c -> {
      ensureWindow(c, userKey, day);
      ensureWindow(c, userKey, month);
      boolean dayOk = add(c, userKey, day, images, limits.daily());
      boolean monthOk = dayOk && add(c, userKey, month, images, limits.monthly());
      if (!monthOk) {
        c.rollback();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant resets = !dayOk
            ? today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
            : today.withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new Reservation.Exceeded(
            remaining(c, userKey, day, limits.daily()), remaining(c, userKey, month, limits.monthly()), resets);
      }
      long id = Sql.number(c, "INSERT INTO reservations (user_key, day_key, month_key, images, state, created_at, owner) "
          + "VALUES (?, ?, ?, ?, 'held', ?, ?) RETURNING id", userKey, day, month, images, now.toString(), owner);
      return new Reservation.Held(id, images);
    });
  }

  void commit(long reservationId, int imagesUsed) {
    db.write(c -> settle(c, db.dialect(), reservationId, imagesUsed, db.now()));
  }

  void refund(long reservationId) {
    db.write(c -> settle(c, db.dialect(), reservationId, 0, db.now()));
  }

  /**
   * Settles a held reservation inside the caller's write transaction: {@code charged} images (at most
   * the hold) stay used, the rest is given back, to the day and month the reservation was made in
   * ({@code at} is only recorded). Returns false when it was not held. The reservation's row stays locked until the
   * transaction ends, so two settlements of one reservation (by two processes) give back once.
   */
  static boolean settle(Connection c, Dialect dialect, long reservationId, int charged, Instant at)
      throws SQLException {
    record Hold(String user, String day, String month, int images) {}
    var hold = Sql.first(c, "SELECT user_key, day_key, month_key, images FROM reservations WHERE id = ? "
        + "AND state = 'held'" + dialect.forUpdate(), row -> new Hold(row.getString(1), row.getString(2), row.getString(3), row.getInt(4)),
        reservationId);
    if (hold.isEmpty()) {
      return false;
    }
    int kept = Math.max(0, Math.min(hold.get().images(), charged));
    int giveBack = hold.get().images() - kept;
    for (String window : List.of(hold.get().day(), hold.get().month())) {
      Sql.update(c, "UPDATE quota_usage SET used = used - ? WHERE user_key = ? AND window_key = ?",
          giveBack, hold.get().user(), window);
    }
    Sql.update(c, "UPDATE reservations SET state = ?, charged = ?, settled_at = ? WHERE id = ?",
        kept > 0 ? "committed" : "refunded", kept, at.toString(), reservationId);
    return true;
  }

  QuotaUsage usage(String userKey, Instant now) {
    return db.read(c -> new QuotaUsage(used(c, userKey, dayKey(now)), used(c, userKey, monthKey(now))));
  }

  void grant(String userKey, int images, Instant now) {
    db.write(c -> {
      for (String window : List.of(dayKey(now), monthKey(now))) {
        ensureWindow(c, userKey, window);
        Sql.update(c, "UPDATE quota_usage SET bonus = bonus + ? WHERE user_key = ? AND window_key = ?",
            images, userKey, window);
      }
      return null;
    });
  }

  private static void ensureWindow(Connection c, String user, String window) throws SQLException {
    Sql.update(c, "INSERT INTO quota_usage (user_key, window_key, used, bonus) VALUES (?, ?, 0, 0) "
        + "ON CONFLICT DO NOTHING", user, window);
  }

  private static boolean add(Connection c, String user, String window, int images, int limit) throws SQLException {
    return !Sql.list(c, "UPDATE quota_usage SET used = used + ? WHERE user_key = ? AND window_key = ? "
        + "AND used + ? <= ? + bonus RETURNING used", row -> row.getInt(1),
        images, user, window, images, (long) limit).isEmpty();
  }

  private static int remaining(Connection c, String user, String window, int limit) throws SQLException {
    return Sql.first(c, "SELECT used, bonus FROM quota_usage WHERE user_key = ? AND window_key = ?",
        row -> (int) Math.max(0, Math.min(Integer.MAX_VALUE, (long) limit + row.getInt(2) - row.getInt(1))),
        user, window).orElse(limit);
  }

  private static int used(Connection c, String user, String window) throws SQLException {
    return Sql.first(c, "SELECT used FROM quota_usage WHERE user_key = ? AND window_key = ?",
        row -> row.getInt(1), user, window).orElse(0);
  }

  static String dayKey(Instant now) {
    return "d:" + LocalDate.ofInstant(now, ZoneOffset.UTC);
  }

  static String monthKey(Instant now) {
    return "m:" + YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
  }
}
