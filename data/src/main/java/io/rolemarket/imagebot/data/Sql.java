package io.rolemarket.imagebot.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Small JDBC shorthands: statements with positional arguments bound by type. Stateless. */
final class Sql {
  private Sql() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Runs an {@code INSERT}, {@code UPDATE} or {@code DELETE}; returns the rows changed. */
  static int update(Connection c, String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement statement = prepare(c, sql, args)) {
      return statement.executeUpdate();
    }
  }

  /** Runs a query (or a statement with {@code RETURNING}) and maps every row. */
  static <T> List<T> list(Connection c, String sql, Row<T> mapper, @Nullable Object... args) throws SQLException {
    try (PreparedStatement statement = prepare(c, sql, args);
        ResultSet rows = statement.executeQuery()) {
      List<T> found = new ArrayList<>();
      while (rows.next()) {
        found.add(mapper.map(rows));
      }
      return found;
    }
  }

  /** Runs a query and maps the first row, if any. */
  static <T> Optional<T> first(Connection c, String sql, Row<T> mapper, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement statement = prepare(c, sql, args);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
    }
  }

  /** Runs a query whose first row's first column is a number (a count, a sum, a returned id). */
  static long number(Connection c, String sql, @Nullable Object... args) throws SQLException {
    return first(c, sql, row -> row.getLong(1), args)
        .orElseThrow(() -> new SQLException("no row from: " + sql));
  }

  private static PreparedStatement prepare(Connection c, String sql, @Nullable Object... args) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        Object arg = args[i];
        switch (arg) {
          case null -> statement.setNull(i + 1, Types.BIGINT);
          case String text -> statement.setString(i + 1, text);
          case Integer number -> statement.setInt(i + 1, number);
          case Long number -> statement.setLong(i + 1, number);
          case Boolean flag -> statement.setInt(i + 1, flag ? 1 : 0);
          case Double number -> statement.setDouble(i + 1, number);
          case byte[] bytes -> statement.setBytes(i + 1, bytes);
          default -> throw new IllegalArgumentException("cannot bind a " + arg.getClass().getSimpleName());
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }
}
