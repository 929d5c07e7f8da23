package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.testing.TestClocks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy command's arguments and refusals (the copy itself: {@code SqliteToPostgresTest} in data). */
class CopyToPostgresTest {
  @TempDir Path workDir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(List<String> args, Map<String, String> env) {
    return CopyToPostgres.run(args, env, workDir, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), TestClocks.FIXED);
  }

  @Test
  void noTarget_namesTheSettingAndExits2() {
    assertEquals(2, run(List.of("--from", "var/imagebot.db"), Map.of()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--to (or IMAGEBOT_DB_URL)"));
  }

  @Test
  void unknownArgument_printsUsage() {
    assertEquals(2, run(List.of("--into", "x"), Map.of()));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: imagebot copy-to-postgres"));
  }

  @Test
  void missingSqliteFile_failsNamingItNeverThePassword() {
    int code = run(List.of("--from", "none.db", "--to", "jdbc:postgresql://localhost:1/imagebot?password=pw-value"),
        Map.of("IMAGEBOT_DB_PASSWORD", "env-password"));

    String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code);
    assertTrue(said.contains("none.db"), said);
    assertFalse(said.contains("pw-value") || said.contains("env-password"), said);
  }
}
