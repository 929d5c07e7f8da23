package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.sketch.SketchProvider;
import io.rolemarket.imagebot.data.SqliteStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

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
    try {
      config = AppConfig.load(workDir, environment);
      catalog = config.catalog();
      config.quotaPolicy();
      config.routerSettings();
      config.monthlyBudgetUsd();
      config.cacheMaxBytes();
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return 2;
    }
    try (SqliteStore store = SqliteStore.open(config.dbPath());
        ImageBot bot = ImageBot.builder()
            .catalog(catalog)
            .provider(new SketchProvider(catalog))
            .quotaPolicy(config.quotaPolicy())
            .routerSettings(config.routerSettings())
            .cache(cacheBytes(config.cacheMaxBytes()), config.cacheExpiry())
            .monthlyBudget(config.monthlyBudgetUsd())
            .store(store)
            .build()) {
      for (String admin : config.admins()) {
        store.setRole(admin, Role.ADMIN);
      }
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
    }
  }

  /** The configured cache size, but never more than a quarter of the heap: pictures must not exhaust memory. */
  static long cacheBytes(long configured) {
    return Math.min(configured, Runtime.getRuntime().maxMemory() / 4);
  }

  private static String shown(Path workDir, Path dir) {
    Path base = workDir.toAbsolutePath().normalize();
    Path absolute = dir.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? "./" + base.relativize(absolute) : absolute.toString();
  }
}
