package io.rolemarket.imagebot.providers.testing;

import io.rolemarket.imagebot.providers.hook.JobHookServer;
import io.rolemarket.imagebot.providers.hook.JobHooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import okhttp3.HttpUrl;

/**
 * The bot's webhook receiver on a free loopback port, its public URL {@code http://127.0.0.1:<port>/hooks/}
 * (plain http is allowed on loopback only), for fakes to call.
 */
public final class LoopbackHooks implements AutoCloseable {
  private final JobHooks hooks;
  private final JobHookServer server;

  private LoopbackHooks(JobHooks hooks, JobHookServer server) {
    this.hooks = hooks;
    this.server = server;
  }

  /** Starts the receiver. */
  public static LoopbackHooks start() {
    try {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
        port = probe.getLocalPort();
      }
      JobHooks hooks = new JobHooks(HttpUrl.get("http://127.0.0.1:" + port + "/hooks/"));
      return new LoopbackHooks(hooks, JobHookServer.start(new InetSocketAddress(loopback, port), hooks));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The hooks the clients open. */
  public JobHooks hooks() {
    return hooks;
  }

  /** The receiver's port. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
