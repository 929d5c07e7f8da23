package io.rolemarket.imagebot.providers.hook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP receiver for provider webhooks ({@code IMAGEBOT_HOOK_PORT}), behind the public URL of
 * {@link JobHooks} (a reverse proxy or tunnel terminates TLS). A call is {@code POST .../<provider>/<token>}
 * (the last two path segments, so a proxy may keep or strip a prefix); it is answered 200 when handed to
 * its job, 404 for a callback that is not open, 401 when the vendor's signature is wrong, 413 over 1 MiB
 * and 405 for other methods. Runs on the JDK's HTTP server, a virtual thread per call. Safe for
 * concurrent use.
 */
public final class JobHookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobHookServer.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final JobHooks hooks;

  private JobHookServer(HttpServer server, JobHooks hooks) {
    this.server = server;
    this.hooks = hooks;
    server.createContext("/", this::handle);
    server.setExecutor(threads);
  }

  /**
   * Listens on {@code address} (port 0 picks a free one) for calls to {@code hooks}.
   *
   * @throws IOException when the port cannot be bound
   */
  public static JobHookServer start(InetSocketAddress address, JobHooks hooks) throws IOException {
    JobHookServer receiver = new JobHookServer(HttpServer.create(address, 64), hooks);
    receiver.server.start();
    log.info("provider webhooks: listening on port {} for {}", receiver.port(), hooks.publicBase().redact());
    return receiver;
  }

  /** The local port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String[] segments = exchange.getRequestURI().getRawPath().split("/");
      if (segments.length < 2) {
        log.warn("refused a webhook call without a provider and token from {}", exchange.getRemoteAddress().getAddress());
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        log.warn("refused a webhook call over {} bytes from {}", MAX_BODY, exchange.getRemoteAddress().getAddress());
        exchange.sendResponseHeaders(413, -1);
        return;
      }
      JobHooks.Delivery delivery = hooks.deliver(segments[segments.length - 2], segments[segments.length - 1],
          name -> exchange.getRequestHeaders().getFirst(name), body);
      exchange.sendResponseHeaders(switch (delivery) {
        case ACCEPTED -> 200;
        case UNKNOWN -> 404;
        case REFUSED -> 401;
      }, -1);
    }
  }

  @Override
  public void close() {
    // Up to a second for calls in progress: a call that just woke its job must still get its 200, else the
    // vendor (and a bot that finished because of it) sees the answer cut off.
    server.stop(1);
    threads.close();
  }
}
