package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Users' generation history ({@code HistoryLog}), each entry with its images. Safe for concurrent use. */
final class SqlHistory {
  private static final String COLUMNS =
      "id, user_key, character, theme, prompt, provider, cost_micros, elapsed_ms, from_cache, image_list, at, "
          + "COALESCE(remote_job_id, ''), cost_source, similarity";

  private final Database db;

  SqlHistory(Database db) {
    this.db = db;
  }

  long record(HistoryEntry entry) {
    return db.write(c -> record(c, entry));
  }

  /** Records an entry inside the caller's write transaction (an empty remote job id as NULL); returns its id. */
  static long record(Connection c, HistoryEntry entry) throws SQLException {
    return Sql.number(c,
        "INSERT INTO history (user_key, character, theme, prompt, provider, cost_micros, elapsed_ms, from_cache, "
            + "image_list, at, remote_job_id, cost_source, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "RETURNING id",
        entry.userKey(), entry.character(), entry.theme(), entry.prompt(), entry.providerId(),
        Money.toMicros(entry.costUsd()), entry.elapsed().toMillis(), entry.fromCache(),
        SqlImages.list(entry.images()), entry.at().toString(),
        entry.remoteJobId().isEmpty() ? null : entry.remoteJobId(), entry.costSource().label(), entry.similarity());
  }

  List<HistoryEntry> recent(String userKey, int limit) {
    return db.read(c -> {
      List<HistoryEntry> entries = new ArrayList<>();
      for (Row row : Sql.list(c, "SELECT " + COLUMNS + " FROM history WHERE user_key = ? ORDER BY id DESC LIMIT ?",
          Row::of, userKey, limit)) {
        entries.add(row.entry(c));
      }
      return entries;
    });
  }

  Optional<HistoryEntry> entry(String userKey, long historyId) {
    return db.read(c -> {
      Optional<Row> row = Sql.first(c, "SELECT " + COLUMNS + " FROM history WHERE id = ? AND user_key = ?",
          Row::of, historyId, userKey);
      return row.isEmpty() ? Optional.<HistoryEntry>empty() : Optional.of(row.get().entry(c));
    });
  }

  /** A history row before its images are looked up. */
  private record Row(long id, String userKey, String character, String theme, String prompt, String provider,
      long costMicros, long elapsedMs, boolean fromCache, String imageList, String at, String remoteJobId,
      CostSource costSource, @Nullable Double similarity) {
    static Row of(ResultSet row) throws SQLException {
      return new Row(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
          row.getString(6), row.getLong(7), row.getLong(8), row.getInt(9) == 1, row.getString(10), row.getString(11),
          row.getString(12), CostSource.parse(Objects.requireNonNullElse(row.getString(13), ""))
              .orElse(CostSource.DECLARED), similarity(row, 14));
    }

    private static @Nullable Double similarity(ResultSet row, int column) throws SQLException {
      double value = row.getDouble(column);
      return row.wasNull() ? null : value;
    }

    HistoryEntry entry(Connection c) throws SQLException {
      return new HistoryEntry(id, userKey, character, theme, prompt, provider, Money.fromMicros(costMicros),
          Duration.ofMillis(elapsedMs), fromCache, SqlImages.images(c, imageList), Instant.parse(at), remoteJobId,
          costSource, similarity);
    }
  }
}
