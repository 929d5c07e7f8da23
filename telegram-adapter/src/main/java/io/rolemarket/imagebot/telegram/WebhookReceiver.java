package io.rolemarket.imagebot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Receives Telegram's webhook calls: checks the secret-token header in constant time (401 and a log
 * line otherwise), parses the update, hands it on (the adapter drops repeats by {@code update_id}, durably)
 * and answers 200 at once. Runs on the JDK's HTTP server with a virtual thread per call. Safe for
 * concurrent use.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final byte[] secret;
  private final ObjectMapper mapper;
  private final Consumer<Update> sink;

  WebhookReceiver(TelegramSettings.Webhook hook, ObjectMapper mapper, Consumer<Update> sink) throws IOException {
    this.secret = hook.secret().getBytes(StandardCharsets.UTF_8);
    this.mapper = mapper;
    this.sink = sink;
    String path = URI.create(hook.publicUrl()).getPath();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(hook.bindAddress()), hook.port()), 64);
    server.createContext(path == null || path.isEmpty() ? "/" : path, this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** The address it listens on. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  /** The local port (useful when configured as 0). */
  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String given = exchange.getRequestHeaders().getFirst("X-Telegram-Bot-Api-Secret-Token");
      if (!"POST".equals(exchange.getRequestMethod()) || given == null
          || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
        log.warn("refused a webhook call without the right secret from {}", exchange.getRemoteAddress().getAddress());
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      Update update;
      try (InputStream body = exchange.getRequestBody()) {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          exchange.sendResponseHeaders(413, -1);
          return;
        }
        update = mapper.readValue(bytes, Update.class);
      } catch (IOException e) {
        log.warn("a webhook call with an unreadable update: {}", e.getMessage());
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      exchange.sendResponseHeaders(200, -1);
      if (update.getUpdateId() != null) {
        sink.accept(update);
      }
    }
  }

  @Override
  public void close() {
    server.stop(1);
    threads.close();
  }
}
