package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in {@code deploy/grafana/imagebot.json} draws what the bot serves: every metric its
 * panels query is in a scrape of a bot that has worked, and every query is PromQL that Prometheus's own checker
 * accepts.
 */
class DashboardTest {
  private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "imagebot.json");
  private static final Pattern METRIC = Pattern.compile("\\b((?:imagebot|jvm|process)_[a-z_]+)\\b");

  private static List<String> queries() throws Exception {
    JsonNode root = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    List<String> queries = new ArrayList<>();
    collect(root.path("panels"), queries);
    return queries;
  }

  private static void collect(JsonNode panels, List<String> queries) {
    for (JsonNode panel : panels) {
      panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
      collect(panel.path("panels"), queries);
    }
  }

  /**
   * A scrape of the metrics server (which binds the JVM and process meters) over a bot that made a picture,
   * delivered it, answered its repeat from the cache and met a platform's 429, after a garbage collection.
   */
  private static String scrape() throws Exception {
    PrometheusMeterRegistry registry = MetricsServer.registry();
    BotMetrics metrics = BotMetrics.on(registry);
    UserRef alice = UserRef.of("test", "alice", "Alice");
    try (MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), registry);
        ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(new InMemoryStore()).metrics(metrics)
            .provider(ScriptedProvider.named("flux", "0.002")).build()) {
      Command.Generate command = (Command.Generate) new CommandParser(null).parse("/generate lulu halloween");
      for (int i = 0; i < 2; i++) {
        try (ImageBot.Ticket ticket = bot.admit(alice, "test", "chat", command).orElseThrow()) {
          assertTrue(ticket.generate(event -> {}) instanceof GenerateOutcome.Generated);
        }
      }
      metrics.platformRateLimited("telegram", Duration.ofSeconds(3));
      // GC pauses are reported when a collection ends, on the JVM's notification thread.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!registry.scrape().contains("\njvm_gc_pause_seconds_sum") && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(50);
      }
      return registry.scrape();
    }
  }

  @Test
  void everyMetricAPanelQueries_isServed() throws Exception {
    List<String> queries = queries();
    assertTrue(queries.size() >= 20, "the dashboard's panels: " + queries.size());
    Set<String> served = new TreeSet<>();
    scrape().lines().filter(line -> !line.startsWith("#"))
        .forEach(line -> served.add(line.replaceFirst("[{ ].*", "")));
    Set<String> missing = new TreeSet<>();
    for (String query : queries) {
      Matcher metric = METRIC.matcher(query);
      while (metric.find()) {
        if (!served.contains(metric.group(1))) {
          missing.add(metric.group(1));
        }
      }
    }
    assertTrue(missing.isEmpty(), "the dashboard queries metrics the bot does not serve: " + missing);
  }

  @Test
  void everyQuery_isPromqlPrometheusAccepts() throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> queries = queries();
    for (int i = 0; i < queries.size(); i++) {
      // Grafana's own variables are not PromQL; the interval they stand for is.
      String query = queries.get(i).replace("$__rate_interval", "5m").replace("$__interval", "1m");
      rules.append("      - record: dashboard:panel_").append(i).append('\n')
          .append("        expr: '").append(query.replace("'", "''")).append("'\n");
    }
    Promtool.checkRules(rules.toString());
  }
}
