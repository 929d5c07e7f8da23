package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.data.EmbeddedPostgresServer;
import io.rolemarket.imagebot.providers.hf.FakeHuggingFaceServer;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.telegram.FakeBotApi;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram's webhook on every edge, behind a load balancer: two processes from the jar on one PostgreSQL, one leading
 * and one standing by. An update posted to the standby is stored there and handled by the leader; once the leader is
 * killed, the standby leads and handles what it receives. Each gets one picture.
 */
class WebhookEdgesJarIT {
  private static final String SECRET = "edge-secret_1";

  @TempDir Path workDir;

  @Test
  void eitherEdgeTakesTheWebhook_andTheStandbyCarriesOnWhenTheLeaderIsKilled() throws Exception {
    FakeBotApi api = new FakeBotApi();
    String url = EmbeddedPostgresServer.freshDatabase();
    try (MockWebServer telegram = new MockWebServer(); FakeHuggingFaceServer huggingFace = new FakeHuggingFaceServer()) {
      telegram.setDispatcher(api);
      telegram.start(InetAddress.getLoopbackAddress(), 0);
      int leaderPort = freePort();
      int standbyPort = freePort();
      Process leader = start("leader", leaderPort, url, telegram, huggingFace);
      awaitLine("leader", "Leading", leader);
      Process standby = start("standby", standbyPort, url, telegram, huggingFace);
      try {
        awaitLine("standby", "Standing by", standby);

        assertEquals(200, post(standbyPort, api.messageUpdateJson(7, 7, "/generate lulu halloween")));
        List<FakeBotApi.Call> photos = api.await(c -> c.method().equals("sendphoto"), 1, 60_000);
        assertEquals(1, photos.size(), log("leader") + log("standby"));

        awaitNothingOwed(url); // killed after the first answer was delivered and settled (a kill between the
                               // send and the settle would have it sent again by the next leader: at least once)
        leader.destroyForcibly(); // SIGKILL
        leader.waitFor(10, TimeUnit.SECONDS);
        assertEquals(200, post(standbyPort, api.messageUpdateJson(8, 8, "/generate lulu christmas")));
        awaitLine("standby", "Leading", standby);
        photos = api.await(c -> c.method().equals("sendphoto"), 2, 60_000);
        assertEquals(2, photos.size(), log("standby"));
        assertEquals(8, photos.get(1).chatId());
        assertEquals(2, api.calls().stream().filter(c -> c.method().equals("sendphoto")).count(), "each once");
        assertFalse(log("standby").contains(SECRET), "the webhook secret leaked");
      } finally {
        leader.destroyForcibly();
        standby.destroyForcibly();
        standby.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Process start(String name, int port, String url, MockWebServer telegram, FakeHuggingFaceServer huggingFace)
      throws Exception {
    Path jar = Path.of("target/imagebot.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
    Path dir = Files.createDirectories(workDir.resolve(name));
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m", "-jar", jar.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("bot.log").toFile());
    builder.environment().keySet().removeIf(key -> key.endsWith("_TOKEN") || key.startsWith("IMAGEBOT_"));
    builder.environment().put("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN);
    builder.environment().put("TELEGRAM_API_URL", telegram.url("/").toString());
    builder.environment().put("TELEGRAM_WEBHOOK_URL", "http://127.0.0.1:" + port + "/telegram");
    builder.environment().put("TELEGRAM_WEBHOOK_SECRET", SECRET);
    builder.environment().put("TELEGRAM_WEBHOOK_PORT", Integer.toString(port));
    builder.environment().put("HF_TOKEN", FakeProviderServer.KEY);
    builder.environment().put("HF_BASE_URL", huggingFace.url().toString());
    builder.environment().put("HF_HUB_URL", huggingFace.url().toString());
    builder.environment().put("IMAGEBOT_DB_URL", url);
    builder.environment().put("IMAGEBOT_BLOBS", workDir.resolve("blobs").toString());
    return builder.start();
  }

  private String log(String name) throws Exception {
    return Files.readString(workDir.resolve(name).resolve("bot.log"), StandardCharsets.UTF_8);
  }

  private void awaitLine(String name, String line, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (log(name).contains(line)) {
        return;
      }
      assertTrue(process.isAlive(), name + " stopped:\n" + log(name));
      Thread.sleep(100);
    }
    throw new AssertionError(name + " never said '" + line + "':\n" + log(name));
  }

  private static void awaitNothingOwed(String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
      while (System.nanoTime() < deadline) {
        try (java.sql.Statement statement = c.createStatement(); java.sql.ResultSet row = statement.executeQuery(
            "SELECT COUNT(*) FROM owed_deliveries WHERE state = 'owed'")) {
          row.next();
          if (row.getInt(1) == 0) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the first answer was never settled");
  }

  private static int post(int port, String update) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/telegram"))
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(update)).build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
