package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.data.EmbeddedPostgresServer;
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
}
