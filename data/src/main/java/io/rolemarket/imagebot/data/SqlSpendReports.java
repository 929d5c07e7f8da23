package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.SpendReport;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Where a month's money went ({@code JobJournal.spendReport} and {@code spendOf}): grouped sums over
 * the paid, succeeded jobs whose {@code billed_at} falls in the month, read in one transaction so the parts
 * agree. Plain SQL (SUBSTR, GROUP BY, LIMIT) that PostgreSQL runs as well. Safe for concurrent use.
 */
final class SqlSpendReports {
  /** The paid, succeeded jobs billed in a month, with its start and the next month's start as parameters. */
  private static final String PAID_IN_MONTH =
      " FROM jobs WHERE " + SqlJournal.PAID + " AND cost_micros > 0 AND billed_at >= ? AND billed_at < ?";

  private final Database db;

  SqlSpendReports(Database db) {
    this.db = db;
  }

  SpendReport report(YearMonth month, int top) {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, was " + top);
    }
    String from = SqlJournal.start(month);
    String until = SqlJournal.start(month.plusMonths(1));
    return db.read(c -> new SpendReport(month,
        // billed_at is an ISO-8601 instant in UTC, so its first ten characters are the UTC day.
        Sql.list(c, "SELECT SUBSTR(billed_at, 1, 10), provider, SUM(cost_micros), COUNT(*)" + PAID_IN_MONTH
                + " GROUP BY SUBSTR(billed_at, 1, 10), provider ORDER BY 1, 2",
            row -> new SpendReport.DaySpend(LocalDate.parse(row.getString(1)), row.getString(2),
                Money.fromMicros(row.getLong(3)), row.getInt(4)), from, until),
        shares(c, "provider", Integer.MAX_VALUE, from, until),
        shares(c, "user_key", top, from, until),
        shares(c, "character", top, from, until),
        shares(c, "theme", top, from, until)));
  }

  BigDecimal spendOf(String userKey, YearMonth month) {
    return db.read(c -> Money.fromMicros(Sql.number(c, "SELECT COALESCE(SUM(cost_micros), 0)" + PAID_IN_MONTH
        + " AND user_key = ?", SqlJournal.start(month), SqlJournal.start(month.plusMonths(1)), userKey)));
  }

  /** The largest {@code top} sums by {@code column} (one of ours, never user input), ties by key. */
  private static List<SpendReport.Share> shares(Connection c, String column, int top, String from, String until)
      throws SQLException {
    return Sql.list(c, "SELECT " + column + ", SUM(cost_micros), COUNT(*)" + PAID_IN_MONTH + " GROUP BY " + column
            + " ORDER BY SUM(cost_micros) DESC, " + column + " LIMIT ?",
        row -> new SpendReport.Share(row.getString(1), Money.fromMicros(row.getLong(2)), row.getInt(3)),
        from, until, top);
  }
}
