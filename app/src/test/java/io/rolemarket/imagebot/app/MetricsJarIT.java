package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar with {@code IMAGEBOT_METRICS_PORT} set: a scrape after two generations, checked by promtool. */
class MetricsJarIT {
  private static final Pattern ANNOUNCED = Pattern.compile("Metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path workDir;

  @Test
  void metricsPort_generateTwice_scrapeCountsThemAndPassesPromtool() throws Exception {
    Path jar = Path.of("target/imagebot.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
        .directory(workDir.toFile())
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.endsWith("_TOKEN") || name.startsWith("IMAGEBOT_"));
    builder.environment().put("IMAGEBOT_METRICS_PORT", "0");
    Process process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)).lines().forEach(lines::add));
    StringBuilder output = new StringBuilder();
    try (HttpClient http = HttpClient.newHttpClient()) {
      String port;
      try (OutputStream stdin = process.getOutputStream()) {
        port = awaitLine(lines, output, ANNOUNCED).group(1);
        stdin.write("/generate lulu halloween\n/generate lulu halloween\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        awaitLine(lines, output, Pattern.compile("\\[cache hit]"));

        HttpResponse<String> ready = get(http, port, "/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("providers ok\nstore ok\n", ready.body());
        String scrape = get(http, port, "/metrics").body();
        assertTrue(scrape.contains(
            "imagebot_generations_total{outcome=\"generated\",provider=\"sketch\",reason=\"none\",tier=\"balanced\"} 1.0\n"),
            scrape);
        assertTrue(scrape.contains(
            "imagebot_generations_total{outcome=\"cached\",provider=\"sketch\",reason=\"none\",tier=\"balanced\"} 1.0\n"),
            scrape);
        assertTrue(scrape.contains("imagebot_cache_answers_total{tier=\"memory\"} 1.0\n"), scrape);
        assertTrue(scrape.contains("\njvm_memory_used_bytes{"), scrape);
        Promtool.checkMetrics(scrape);
      }
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the bot did not exit at end of input:\n" + output);
      assertEquals(0, process.exitValue(), output.toString());
    } finally {
      process.destroy();
    }
  }

  private static HttpResponse<String> get(HttpClient http, String port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The first line (after those read already) matching {@code pattern}; fails after a minute without one. */
  private static Matcher awaitLine(BlockingQueue<String> lines, StringBuilder output, Pattern pattern)
      throws InterruptedException {
    while (true) {
      String line = lines.poll(60, TimeUnit.SECONDS);
      assertNotNull(line, "no line matching " + pattern + " in:\n" + output);
      output.append(line).append('\n');
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return matcher;
      }
    }
  }
}
