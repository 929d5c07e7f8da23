package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Prometheus's own checker ({@code promtool}, Debian's {@code prometheus} package; {@code .ci/run} installs it). */
final class Promtool {
  private Promtool() {}

  /** The promtool on the PATH, if any. */
  static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
  }

  /**
   * Pipes {@code scrape} into {@code promtool check metrics} and fails the test on any complaint (lint problems
   * included); skips the test with a message when promtool is not installed, unless {@code PROMTOOL_REQUIRED} is set
   * (as {@code .ci/run} does).
   */
  static void checkMetrics(String scrape) throws Exception {
    Optional<Path> promtool = find();
    if (System.getenv("PROMTOOL_REQUIRED") != null) {
      assertTrue(promtool.isPresent(), "PROMTOOL_REQUIRED is set but promtool is not on the PATH");
    }
    assumeTrue(promtool.isPresent(), "promtool is not on the PATH (apt-get install prometheus; .ci/run does): "
        + "the scrape was not checked by it");
    Process process = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true)
        .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(scrape.getBytes(StandardCharsets.UTF_8));
    }
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
    assertEquals(0, process.exitValue(), "promtool check metrics:\n" + said);
    assertTrue(said.isBlank(), "promtool check metrics:\n" + said);
  }

  /**
   * Runs {@code promtool check rules} on {@code rulesYaml} (written to a temporary file) and fails the test on any
   * complaint; skips as {@link #checkMetrics} does when promtool is not installed.
   */
  static void checkRules(String rulesYaml) throws Exception {
    Optional<Path> promtool = find();
    if (System.getenv("PROMTOOL_REQUIRED") != null) {
      assertTrue(promtool.isPresent(), "PROMTOOL_REQUIRED is set but promtool is not on the PATH");
    }
    assumeTrue(promtool.isPresent(), "promtool is not on the PATH (apt-get install prometheus; .ci/run does): "
        + "the expressions were not checked by it");
    Path file = Files.createTempFile("imagebot-rules", ".yml");
    try {
      Files.writeString(file, rulesYaml);
      Process process = new ProcessBuilder(promtool.get().toString(), "check", "rules", file.toString())
          .redirectErrorStream(true).start();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
      assertEquals(0, process.exitValue(), "promtool check rules:\n" + said);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
