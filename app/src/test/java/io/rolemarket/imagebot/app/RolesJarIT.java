package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.data.EmbeddedPostgresServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as two processes on one PostgreSQL database: a worker ({@code IMAGEBOT_ROLE=worker}) and an edge
 * ({@code IMAGEBOT_ROLE=edge}, here the console) that runs no provider itself: the edge's picture is made by the
 * worker process, charged once, and written by the edge.
 */
class RolesJarIT {
  @TempDir Path workDir;

  @Test
  void anEdgesRequest_isMadeByTheWorkerProcess() throws Exception {
    String url = EmbeddedPostgresServer.freshDatabase();
    Map<String, String> shared = Map.of("IMAGEBOT_DB_URL", url, "IMAGEBOT_BLOBS", workDir.resolve("blobs").toString());
    Process worker = start(Path.of("worker"), with(shared, "IMAGEBOT_ROLE", "worker"));
    try {
      Process edge = start(Path.of("edge"), with(shared, "IMAGEBOT_ROLE", "edge"));
      try (OutputStream stdin = edge.getOutputStream()) {
        stdin.write("/generate lulu halloween\n".getBytes(StandardCharsets.UTF_8));
      }
      String printed = new String(edge.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(edge.waitFor(60, TimeUnit.SECONDS), printed);
      assertEquals(0, edge.exitValue(), printed);
      assertTrue(printed.contains("wrote ./var/out/"), printed);
      assertTrue(printed.contains("Sketch"), printed);
      assertTrue(Files.list(workDir.resolve("edge/var/out")).findAny().isPresent(), "the edge wrote the picture");

      try (Connection c = DriverManager.getConnection(url); Statement statement = c.createStatement();
          ResultSet row = statement.executeQuery("SELECT p.role, COUNT(*) FROM jobs j JOIN processes p "
              + "ON p.id = j.owner GROUP BY p.role")) {
        assertTrue(row.next(), "a job was journaled");
        assertEquals("worker", row.getString(1), "by the worker process");
        assertEquals(1, row.getInt(2));
      }
    } finally {
      worker.destroyForcibly(); // SIGKILL: what it left is the others' to settle
      worker.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(env);
    more.put(name, value);
    return more;
  }

  /** The jar started in {@code dir} (under the work directory) with {@code env}; its output merged. */
  private Process start(Path dir, Map<String, String> env) throws Exception {
    Path jar = Path.of("target/imagebot.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
    Path in = Files.createDirectories(workDir.resolve(dir));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.endsWith("_TOKEN") || name.startsWith("IMAGEBOT_"));
    builder.environment().putAll(env);
    if (dir.toString().equals("worker")) {
      builder.redirectOutput(workDir.resolve("worker.log").toFile());
    }
    return builder.start();
  }
}
