package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.data.EmbeddedPostgresServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team moved from SQLite to PostgreSQL with the packaged jar: a picture made on SQLite, the database copied by
 * {@code copy-to-postgres}, and the bot on PostgreSQL answering the same request from the copied cache.
 */
class PostgresJarIT {
  @TempDir Path workDir;

  @Test
  void copyToPostgres_thenTheBotOnPostgresAnswersFromTheCopiedCache() throws Exception {
    String url = EmbeddedPostgresServer.emptyDatabase();
    String onSqlite = run(Map.of(), "/generate lulu halloween\n");
    assertFalse(onSqlite.contains("[cache hit]"), onSqlite);

    String copy = run(Map.of("IMAGEBOT_DB_PASSWORD", "unused-password"), "", "copy-to-postgres", "--to", url);
    assertTrue(copy.contains("users: 1 row"), copy);
    assertTrue(copy.contains("history: 1 row"), copy);
    assertTrue(copy.contains("Image files are not in the database: they stay in"), copy);
    assertFalse(copy.contains("unused-password"), copy);

    String onPostgres = run(Map.of("IMAGEBOT_DB_URL", url, "IMAGEBOT_BLOBS", "var/blobs"),
        "/generate lulu halloween\n/history\n");
    assertTrue(onPostgres.contains("[cache hit]"), onPostgres);
    assertFalse(onPostgres.contains(url), onPostgres);
  }

  /** What the jar printed, run in the work directory with {@code env}, {@code input} and {@code args}; exit 0. */
  private String run(Map<String, String> env, String input, String... args) throws Exception {
    Path jar = Path.of("target/imagebot.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.endsWith("_TOKEN") || name.startsWith("IMAGEBOT_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the jar did not exit:\n" + output);
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
