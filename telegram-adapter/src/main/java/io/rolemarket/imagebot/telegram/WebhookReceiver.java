package io.rolemarket.imagebot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rolemarket.imagebot.core.store.UpdateInbox;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Receives Telegram's webhook calls: checks the secret-token header in constant time (401 and a log line
 * otherwise), checks the body is an update (400 otherwise), stores its raw JSON in the {@link UpdateInbox} and
 * only then answers 200, so an acknowledged update is never lost with this process. A store failure answers 500:
 * Telegram sends the update again later. A repeat is stored once and acknowledged. Whoever handles updates takes
 * them from the inbox ({@link InboxConsumer}); {@code stored} is told of each new one, to wake a consumer in this
 * process at once. Runs on the JDK's HTTP server with a virtual thread per call. Safe for concurrent use.
 */
final class WebhookReceiver implements AutoCloseable {
  /** The platform name updates are stored under, as the bot's event log knows Telegram. */
  static final String PLATFORM = "telegram";
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final byte[] secret;
  private final ObjectMapper mapper;
  private final UpdateInbox inbox;
  private final Clock clock;
  private final Runnable stored;

  WebhookReceiver(TelegramSettings.Webhook hook, ObjectMapper mapper, UpdateInbox inbox, Clock clock,
      Runnable stored) throws IOException {
    this.secret = hook.secret().getBytes(StandardCharsets.UTF_8);
    this.mapper = mapper;
    this.inbox = inbox;
    this.clock = clock;
    this.stored = stored;
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
      byte[] bytes;
      Update update;
      try (InputStream body = exchange.getRequestBody()) {
        bytes = body.readNBytes(MAX_BODY + 1);
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
      if (update.getUpdateId() == null) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      boolean fresh;
      try {
        fresh = inbox.put(PLATFORM, Integer.toString(update.getUpdateId()),
            new String(bytes, StandardCharsets.UTF_8), clock.instant());
      } catch (RuntimeException e) {
        log.error("could not store update {}; answered 500 so Telegram sends it again", update.getUpdateId(), e);
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      exchange.sendResponseHeaders(200, -1);
      if (fresh) {
        stored.run();
      } else {
        log.info("update {} came again; it was stored the first time", update.getUpdateId());
      }
    }
  }

  @Override
  public void close() {
    server.stop(1);
    threads.close();
  }
}
