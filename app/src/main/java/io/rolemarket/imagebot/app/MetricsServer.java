package io.rolemarket.imagebot.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the bot's metrics and health on a local port with the JDK's HTTP server: {@code /metrics} (Prometheus
 * text format, the bot's meters plus JVM and process ones), {@code /health/live} (200 while the process answers) and
 * {@code /health/ready} (200 when every readiness check passes, else 503; the body names each check's state).
 *
 * <p>Readiness checks are named and may be added or replaced while serving (an adapter's check once it has started).
 * A check that throws counts as failing. Safe for concurrent use; each request runs on a virtual thread.
 */
final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final JvmGcMetrics gcMetrics;
  private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

  private MetricsServer(HttpServer server, ExecutorService executor, JvmGcMetrics gcMetrics) {
    this.server = server;
    this.executor = executor;
    this.gcMetrics = gcMetrics;
  }

  /**
   * A Prometheus registry whose JVM and process meter names pass {@code promtool check metrics}: Micrometer's
   * {@code process_cpu_time_ns_total} (an abbreviated unit) gives way to the conventional
   * {@code process_cpu_seconds_total}, and {@code system_cpu_count} (a {@code _count} suffix outside a histogram)
   * is called {@code system_cpus}.
   */
  static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
          }
        });
    return registry;
  }

  /**
   * Binds the JVM and process meters to {@code registry} and serves it on {@code address}.
   *
   * @throws IOException when the address cannot be listened on (the port is taken)
   */
  static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry) throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, bean -> bean.getProcessCpuTime() / 1e9).baseUnit("seconds")
          .description("CPU time the process has used").register(registry);
    }
    JvmGcMetrics gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
    MetricsServer metrics = new MetricsServer(server, executor, gcMetrics);
    server.createContext("/metrics", exchange -> metrics.answer(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
    server.createContext("/health/live",
        exchange -> metrics.answer(exchange, 200, "text/plain; charset=utf-8", "live\n"));
    server.createContext("/health/ready", metrics::ready);
    server.setExecutor(executor);
    server.start();
    return metrics;
  }

  /** Adds (or replaces) the readiness check called {@code name}: {@code store}, {@code providers}, a platform. */
  void check(String name, BooleanSupplier ready) {
    checks.put(name, ready);
  }

  /** The port listened on (the one chosen when {@code IMAGEBOT_METRICS_PORT} is 0). */
  int port() {
    return server.getAddress().getPort();
  }

  /** Each check's state, by name in order, and whether all pass. */
  Map<String, Boolean> readiness() {
    Map<String, Boolean> states = new LinkedHashMap<>();
    checks.keySet().stream().sorted().forEach(name -> states.put(name, passes(name, checks.get(name))));
    return states;
  }

  private static boolean passes(String name, BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      log.warn("readiness check {} failed: {}", name, e.toString());
      return false;
    }
  }

  private void ready(HttpExchange exchange) throws IOException {
    Map<String, Boolean> states = readiness();
    StringBuilder body = new StringBuilder();
    states.forEach((name, ok) -> body.append(name).append(ok ? " ok" : " not ready").append('\n'));
    boolean ready = !states.isEmpty() && !states.containsValue(false);
    answer(exchange, ready ? 200 : 503, "text/plain; charset=utf-8", body.toString());
  }

  private void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, method.equals("HEAD") ? -1 : bytes.length);
      if (!method.equals("HEAD")) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** Stops serving at once and lets go of the GC notifications. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    gcMetrics.close();
  }
}
