package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.data.EmbeddedPostgresServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole bot on the console with IMAGEBOT_DB_URL set: the store on a real (embedded) PostgreSQL. */
class PostgresConsoleEndToEndTest {
  @TempDir Path workDir;

  @Test
  void dbUrlSet_generatesChargesAndRemembersInPostgres() throws Exception {
    Map<String, String> env = Map.of("IMAGEBOT_DB_URL", EmbeddedPostgresServer.freshDatabase(),
        "IMAGEBOT_DB_PASSWORD", "not-needed-by-the-test-server", "IMAGEBOT_BLOBS", "shared/blobs");

    String first = ConsoleRun.run(workDir, env, "/generate lulu halloween");
    String second = ConsoleRun.run(workDir, env, "/generate lulu halloween", "/quota", "/history");

    assertTrue(second.contains("from cache (free) [cache hit]"), second);
    assertTrue(second.contains("Quota (user): 1 of 25 images used today"), second);
    assertFalse(Files.exists(workDir.resolve("var/imagebot.db")), "no SQLite file with IMAGEBOT_DB_URL");
    try (Stream<Path> blobs = Files.walk(workDir.resolve("shared/blobs"))) {
      assertEquals(1, blobs.filter(Files::isRegularFile).count(), "the picture is in IMAGEBOT_BLOBS");
    }
    assertFalse((first + second).contains("not-needed-by-the-test-server"));
    assertFalse((first + second).contains("jdbc:postgresql"));
  }

  @Test
  void databaseUnreachable_exit1NamingTheSettingNeverThePassword() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit = Main.run(workDir, Map.of("IMAGEBOT_DB_URL", "jdbc:postgresql://127.0.0.1:1/imagebot?user=bot",
          "IMAGEBOT_DB_PASSWORD", "pw-never-shown"), new BufferedReader(new StringReader("")), false,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TestClocks.FIXED,
          Ticker.systemTicker());
    } finally {
      System.setErr(saved);
    }

    String printed = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, exit, printed);
    assertTrue(printed.startsWith("the store cannot be opened: the PostgreSQL database (IMAGEBOT_DB_URL) cannot be "
        + "opened"), printed);
    assertFalse(printed.contains("pw-never-shown"), printed);
  }
}
