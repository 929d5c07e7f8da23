package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics and health endpoints on loopback, over a real bot's meters in the Prometheus registry. */
class MetricsServerTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  private final PrometheusMeterRegistry registry = MetricsServer.registry();
  private final HttpClient http = HttpClient.newHttpClient();
  private ImageBot bot;
  private MetricsServer server;

  @BeforeEach
  void start() throws Exception {
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.002")
        .thenFail(new ProviderFailure.RateLimited("429", Duration.ZERO));
    bot = ImageBot.builder().clock(TestClocks.FIXED).store(new InMemoryStore()).provider(flux)
        .metrics(BotMetrics.on(registry)).build();
    server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry);
  }

  @AfterEach
  void stop() {
    server.close();
    bot.close();
    http.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metrics_afterAGeneration_prometheusNamesWithBaseUnitsAndBoundedLabels() throws Exception {
    assertTrue(bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {})
        instanceof GenerateOutcome.Generated);

    HttpResponse<String> response = get("/metrics");

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    String scrape = response.body();
    for (String line : new String[] {
        "imagebot_generations_total{outcome=\"generated\",provider=\"flux\",reason=\"none\",tier=\"balanced\"} 1.0",
        "imagebot_provider_attempts_total{outcome=\"ok\",provider=\"flux\"} 1.0",
        "imagebot_provider_attempts_total{outcome=\"rate_limited\",provider=\"flux\"} 1.0",
        "imagebot_provider_generation_seconds_count{provider=\"flux\"} 1",
        "imagebot_request_duration_seconds_count{tier=\"balanced\"} 1",
        "imagebot_lane_queue_wait_seconds_count{provider=\"flux\"} 2",
        "imagebot_spend_usd_total{provider=\"flux\"} 0.002",
        "imagebot_budget_limit_usd 50.0",
        "imagebot_budget_spent_usd 0.002",
        "imagebot_budget_remaining_usd 49.998",
        "imagebot_lane_queue_depth{provider=\"flux\"} 0.0",
        "imagebot_provider_breaker_state{provider=\"flux\",state=\"closed\"} 1.0",
        "imagebot_provider_breaker_state{provider=\"flux\",state=\"open\"} 0.0",
        "imagebot_provider_generation_seconds_bucket{provider=\"flux\",le=\"15.0\"} 1"}) {
      assertTrue(scrape.contains(line + "\n"), "missing " + line + " in\n" + scrape);
    }
    assertTrue(scrape.contains("\njvm_memory_used_bytes{"), "JVM meters bound");
    assertTrue(scrape.contains("\nprocess_cpu_usage "), "process meters bound");
    assertTrue(scrape.contains("\nprocess_cpu_seconds_total "), scrape);
    assertTrue(!scrape.contains("alice"), "no user id in any label");
  }

  @Test
  void metrics_scrape_passesPromtoolCheck() throws Exception {
    bot.generate(GenerateRequest.of(ALICE, "lulu", "halloween"), e -> {});

    Promtool.checkMetrics(get("/metrics").body());
  }

  @Test
  void live_always200() throws Exception {
    assertEquals(200, get("/health/live").statusCode());
  }

  @Test
  void ready_aCheckFails_503NamingIt() throws Exception {
    server.check("store", () -> true);
    server.check("telegram", () -> false);

    HttpResponse<String> response = get("/health/ready");

    assertEquals(503, response.statusCode());
    assertEquals("store ok\ntelegram not ready\n", response.body());
  }

  @Test
  void ready_aCheckThrows_503() throws Exception {
    server.check("store", () -> {
      throw new IllegalStateException("database is locked");
    });

    assertEquals(503, get("/health/ready").statusCode());
  }

  @Test
  void ready_everyCheckPasses_200() throws Exception {
    server.check("store", () -> true);
    server.check("providers", () -> bot.providers().stream().anyMatch(status -> status.available()));

    HttpResponse<String> response = get("/health/ready");

    assertEquals(200, response.statusCode());
    assertEquals("providers ok\nstore ok\n", response.body());
  }

  @Test
  void unknownPathOrMethod_refused() throws Exception {
    assertEquals(404, get("/metrics/extra").statusCode());
    assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }
}
