package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.SpendHolds;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Money held against the monthly budget ({@code SpendHolds}): one conditional insert decides, inside one write
 * transaction that holds the budget lock (SQLite's single writer; an advisory lock on PostgreSQL), whether the month's billed spend plus every hold plus the new one stays
 * within the team's limit, and within the asker's own cap when they have one. Safe for concurrent use.
 */
final class SqlSpendHolds {
  // Billed since the start of the month of the caller's clock read, with no end: a caller that read the clock just
  // before a month turned and then waited for the write lock counts what the new month billed meanwhile, since its
  // call will bill there too (stricter for that moment, never over).
  private static final String TEAM_WITHIN =
      "(SELECT COALESCE(SUM(cost_micros), 0) FROM jobs WHERE " + SqlJournal.PAID + " AND billed_at >= ?) "
          + "+ (SELECT COALESCE(SUM(micros), 0) FROM budget_holds WHERE state = 'held') + ? <= ?";
  private static final String USER_COMMITTED =
      "(SELECT COALESCE(SUM(cost_micros), 0) FROM jobs WHERE " + SqlJournal.PAID + " AND user_key = ? "
          + "AND billed_at >= ?) "
          + "+ (SELECT COALESCE(SUM(micros), 0) FROM budget_holds WHERE state = 'held' AND user_key = ?)";

  private final Database db;

  private final SqlProcesses processes;

  SqlSpendHolds(Database db, SqlProcesses processes) {
    this.db = db;
    this.processes = processes;
  }

  OptionalLong hold(SpendHolds.Ask ask, Instant now) {
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    String from = SqlJournal.start(month);
    long micros = Money.toMicros(ask.usd());
    List<Object> args = new ArrayList<>(List.of(micros, now.toString(), ask.userKey(), processes.id(), from, micros,
        Money.toMicros(ask.teamLimitUsd())));
    String sql = "INSERT INTO budget_holds (micros, state, created_at, user_key, owner) SELECT ?, 'held', ?, ?, ? WHERE "
        + TEAM_WITHIN;
    if (ask.userLimitUsd() != null) {
      sql += " AND " + USER_COMMITTED + " + ? <= ?";
      args.addAll(List.of(ask.userKey(), from, ask.userKey(), micros, Money.toMicros(ask.userLimitUsd())));
    }
    String insert = sql + " RETURNING id";
    return db.write(c -> {
      // the sums and the insert must not interleave with another hold's (PostgreSQL runs writers side by side)
      db.dialect().lock(c, Dialect.Lock.BUDGET);
      return Sql.first(c, insert, row -> row.getLong(1), args.toArray())
          .map(OptionalLong::of).orElse(OptionalLong.empty());
    });
  }

  long holdAnyway(String userKey, BigDecimal usd, Instant now) {
    return db.write(c -> Sql.first(c, "INSERT INTO budget_holds (micros, state, created_at, user_key, owner) "
        + "VALUES (?, 'held', ?, ?, ?) RETURNING id", row -> row.getLong(1), Money.toMicros(usd), now.toString(), userKey,
        processes.id())
        .orElseThrow());
  }

  void release(long holdId) {
    db.write(c -> Sql.update(c, "UPDATE budget_holds SET state = 'released', released_at = ? "
        + "WHERE id = ? AND state = 'held'", db.now().toString(), holdId));
  }

  BigDecimal held() {
    return db.read(c -> Money.fromMicros(Sql.number(c,
        "SELECT COALESCE(SUM(micros), 0) FROM budget_holds WHERE state = 'held'")));
  }

  BigDecimal committedBy(String userKey, Instant now) {
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    return db.read(c -> Money.fromMicros(Sql.number(c, "SELECT " + USER_COMMITTED, userKey,
        SqlJournal.start(month), userKey)));
  }

  int releaseAll() {
    Instant now = db.now();
    return db.write(c -> Sql.update(c, "UPDATE budget_holds SET state = 'released', released_at = ? "
        + "WHERE state = 'held' AND " + SqlProcesses.orphaned("owner"), now.toString(), processes.cutoff(now)));
  }

  boolean claimWarning(YearMonth month, int percent, Instant at) {
    return db.write(c -> Sql.update(c, "INSERT INTO budget_warnings (month, percent, warned_at) VALUES (?, ?, ?) "
        + "ON CONFLICT (month, percent) DO NOTHING", month.toString(), percent, at.toString())) == 1;
  }
}
