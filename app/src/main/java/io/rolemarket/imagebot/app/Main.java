package io.rolemarket.imagebot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.data.SqliteStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * Starts the bot: reads the configuration, opens the store, registers the providers, builds the core,
 * then runs the chat adapters whose tokens are set, or the console when none is.
 */
public final class Main {
  private Main() {}

  /** Runs the bot; exits 0 at the end of console input, 2 on a configuration error. */
  public static void main(String[] args) throws Exception {
    System.exit(run(Path.of("").toAbsolutePath(), System.getenv(), new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.console() != null,
        new PrintStream(System.out, true, StandardCharsets.UTF_8)));
  }

  /** The whole bot; returns the process exit code. */
  static int run(Path workDir, Map<String, String> environment, BufferedReader in, boolean interactive,
      PrintStream out) throws Exception {
    AppConfig config;
    Catalog catalog;
    List<ImageProvider> providers;
    OkHttpClient http = new OkHttpClient();
    ObjectMapper json = new ObjectMapper();
    try {
      config = AppConfig.load(workDir, environment);
      catalog = config.catalog();
      config.dailyQuota();
      providers = ProviderRegistry.configured(config, http, json, catalog, Clock.systemUTC());
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      close(http);
      return 2;
    }
    ImageBot.Builder builder = ImageBot.builder().catalog(catalog)
        .quotaPolicy(QuotaPolicy.withDailyLimit(config.dailyQuota()));
    providers.forEach(builder::provider);
    try (SqliteStore store = SqliteStore.open(config.dbPath());
        ImageBot bot = builder.store(store).build()) {
      String name = System.getProperty("user.name", "you").replaceAll("[^A-Za-z0-9_.-]", "");
      UserRef user = UserRef.of("console", name.isEmpty() ? "you" : name, name.isEmpty() ? "you" : name);
      for (String token : new String[] {"TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN"}) {
        if (config.has(token)) {
          out.println(token + " is set, but this build has no chat adapter for it yet; running on the console.");
        }
      }
      out.println("RoleMarket Image Bot, console mode"
          + (config.has("TELEGRAM_BOT_TOKEN") || config.has("DISCORD_BOT_TOKEN")
              ? "." : " (no TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN set)."));
      out.println("Type /help, or /generate lulu halloween. Pictures go to " + shown(workDir, config.outDir()) + ".");
      new ConsoleAdapter(bot, user, config.outDir(), workDir, out).run(in, interactive);
      return 0;
    } finally {
      close(http);
    }
  }

  /** Releases the shared HTTP client's threads and idle connections. */
  private static void close(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static String shown(Path workDir, Path dir) {
    Path base = workDir.toAbsolutePath().normalize();
    Path absolute = dir.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? "./" + base.relativize(absolute) : absolute.toString();
  }
}
