package io.rolemarket.imagebot.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * Money held against the monthly budget ({@code SpendHolds}) on SQLite: one conditional insert decides, inside
 * the store's single write transaction, whether the month's billed spend plus every hold plus the new one stays
 * within the limit. Safe for concurrent use.
 */
final class SqliteSpendHolds {
  private final Database db;

  SqliteSpendHolds(Database db) {
    this.db = db;
  }

  OptionalLong hold(BigDecimal usd, BigDecimal limitUsd, Instant now) {
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    long micros = Money.toMicros(usd);
    return db.write(c -> Sql.first(c,
        "INSERT INTO budget_holds (micros, state, created_at) SELECT ?, 'held', ? WHERE "
            + "(SELECT COALESCE(SUM(cost_micros), 0) FROM jobs WHERE state = 'succeeded' AND billed_at >= ? "
            + "AND billed_at < ?) + (SELECT COALESCE(SUM(micros), 0) FROM budget_holds WHERE state = 'held') + ? <= ? "
            + "RETURNING id",
        row -> row.getLong(1), micros, now.toString(), SqliteJournal.start(month),
        SqliteJournal.start(month.plusMonths(1)), micros, Money.toMicros(limitUsd))
        .map(OptionalLong::of).orElse(OptionalLong.empty()));
  }

  void release(long holdId) {
    db.write(c -> Sql.update(c, "UPDATE budget_holds SET state = 'released', released_at = ? "
        + "WHERE id = ? AND state = 'held'", db.now().toString(), holdId));
  }

  BigDecimal held() {
    return db.read(c -> Money.fromMicros(Sql.number(c,
        "SELECT COALESCE(SUM(micros), 0) FROM budget_holds WHERE state = 'held'")));
  }

  int releaseAll() {
    return db.write(c -> Sql.update(c, "UPDATE budget_holds SET state = 'released', released_at = ? "
        + "WHERE state = 'held'", db.now().toString()));
  }
}
