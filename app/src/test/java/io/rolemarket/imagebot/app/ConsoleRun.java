package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The whole bot run once on the console in this JVM, as the end-to-end tests drive it. Stateless. */
final class ConsoleRun {
  private ConsoleRun() {}

  /** What the console printed for {@code lines} typed into the bot in {@code workDir}, which must exit 0. */
  static String run(Path workDir, Map<String, String> env, String... lines) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit = Main.run(workDir, env, new BufferedReader(new StringReader(String.join("\n", lines) + "\n")), false,
        new PrintStream(bytes, true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker());
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);
    return output;
  }
}
