package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bot in this JVM with the web library on: {@code /web} typed on the console gives a link that signs in
 * to the library Main started, on the store Main opened.
 */
class WebEndToEndTest {
  private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/signin/\\S+");

  @TempDir Path workDir;

  @Test
  void webOnTheConsole_givesALinkThatOpensTheLibrary() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PipedWriter typed = new PipedWriter();
    BufferedReader in = new BufferedReader(new PipedReader(typed));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Map<String, String> env = Map.of("IMAGEBOT_WEB_PORT", String.valueOf(port),
        "IMAGEBOT_WEB_URL", "http://127.0.0.1:" + port + "/");
    CompletableFuture<Integer> bot = CompletableFuture.supplyAsync(() -> {
      try {
        return Main.run(workDir, env, in, false, out, TestClocks.FIXED, Ticker.systemTicker());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      typed.write("/web\n");
      typed.flush();
      URI link = URI.create(awaitLink(printed));
      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

      HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(link).POST(HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());
      String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
      HttpResponse<String> library = http.send(HttpRequest.newBuilder(link.resolve("/library"))
          .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());

      assertEquals(303, signedIn.statusCode());
      assertEquals(200, library.statusCode());
      assertTrue(library.body().contains("No approved design matches."), library.body());
      assertTrue(printed.toString(StandardCharsets.UTF_8).contains("Web library at http://127.0.0.1:" + port + "/"));
    } finally {
      typed.close();
    }
    assertEquals(0, bot.get(60, TimeUnit.SECONDS), printed.toString(StandardCharsets.UTF_8));
    assertTrue(Files.isDirectory(workDir.resolve("var")));
  }

  private static String awaitLink(ByteArrayOutputStream printed) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      Matcher link = LINK.matcher(printed.toString(StandardCharsets.UTF_8));
      if (link.find()) {
        return link.group();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no sign-in link printed: " + printed.toString(StandardCharsets.UTF_8));
  }
}
