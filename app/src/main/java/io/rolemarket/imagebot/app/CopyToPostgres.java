package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.data.SqliteToPostgres;
import io.rolemarket.imagebot.data.StoreException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code imagebot copy-to-postgres [--from <sqlite file>] [--to <jdbc:postgresql://...>]}: moves a team from SQLite
 * to PostgreSQL by copying every table into an empty PostgreSQL database. {@code --from} defaults to
 * {@code IMAGEBOT_DB} (else {@code ./var/imagebot.db}), {@code --to} to {@code IMAGEBOT_DB_URL}; the password comes
 * from {@code IMAGEBOT_DB_PASSWORD} or the URL, and is never printed. Image files are not copied: they stay in the
 * blob directory beside the SQLite file, which the PostgreSQL bot reads through {@code IMAGEBOT_BLOBS}. Stateless.
 */
final class CopyToPostgres {
  static final String COMMAND = "copy-to-postgres";
  private static final String USAGE = "usage: imagebot " + COMMAND
      + " [--from <sqlite file>] [--to jdbc:postgresql://host:port/database?user=...]";

  private CopyToPostgres() {}

  /**
   * Runs the copy; returns the exit code: 0 when copied, 1 when a database refused (named on {@code err}), 2 on a
   * wrong argument or setting.
   */
  static int run(List<String> args, Map<String, String> environment, Path workDir, PrintStream out, PrintStream err,
      Clock clock) {
    Map<String, String> settings = new HashMap<>(EnvFile.read(workDir.resolve(".env")));
    settings.putAll(environment);
    settings.values().removeIf(String::isBlank);
    @Nullable String from = settings.getOrDefault("IMAGEBOT_DB", "var/imagebot.db");
    @Nullable String to = settings.get("IMAGEBOT_DB_URL");
    for (int i = 0; i < args.size(); i++) {
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      switch (args.get(i)) {
        case "--from" -> from = value;
        case "--to" -> to = value;
        default -> {
          err.println(USAGE);
          return 2;
        }
      }
      if (value == null) {
        err.println(USAGE);
        return 2;
      }
      i++;
    }
    if (to == null || !to.startsWith("jdbc:postgresql://")) {
      err.println("configuration error: --to (or IMAGEBOT_DB_URL): expected jdbc:postgresql://host:port/database"
          + "?user=... (the value is not shown)");
      return 2;
    }
    Path file;
    try {
      file = workDir.resolve(from).normalize();
    } catch (InvalidPathException e) {
      err.println("configuration error: --from (or IMAGEBOT_DB): expected a file path");
      return 2;
    }
    try {
      Map<String, Integer> rows = SqliteToPostgres.copy(file, to, settings.get("IMAGEBOT_DB_PASSWORD"), clock);
      out.println("Copied " + file + " into PostgreSQL:");
      rows.forEach((table, count) -> out.println("  " + table + ": " + count + (count == 1 ? " row" : " rows")));
      out.println("Image files are not in the database: they stay in " + file.resolveSibling("blobs") + ".");
      out.println("Start the bot with IMAGEBOT_DB_URL set and IMAGEBOT_BLOBS pointing at that directory (or at a copy "
          + "of it on the directory every bot process shares).");
      return 0;
    } catch (StoreException e) {
      err.println("copy failed: " + e.getMessage());
      return 1;
    }
  }
}
