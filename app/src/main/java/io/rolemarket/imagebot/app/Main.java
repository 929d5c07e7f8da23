package io.rolemarket.imagebot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.review.HandOff;
import io.rolemarket.imagebot.core.store.FileRefs;
import io.rolemarket.imagebot.data.SqliteStore;
import io.rolemarket.imagebot.telegram.TelegramAdapter;
import io.rolemarket.imagebot.telegram.TelegramSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Starts the bot: reads the configuration, opens the store, registers the providers, builds the core,
 * then runs the chat adapters whose tokens are set (until the process is stopped), or the console when
 * none is (until its input ends).
 */
public final class Main {
  /** Counted down when {@link #run} has closed everything, so a shutdown hook can wait for it. */
  private static final CountDownLatch finished = new CountDownLatch(1);
  private static volatile boolean shuttingDown;

  private Main() {}

  /** Runs the bot; exits 0 at the end of console input or on shutdown, 1 when a platform refuses us, 2 on a configuration error. */
  public static void main(String[] args) throws Exception {
    int code;
    try {
      code = run(Path.of("").toAbsolutePath(), System.getenv(), new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.console() != null,
          new PrintStream(System.out, true, StandardCharsets.UTF_8));
    } finally {
      finished.countDown();
    }
    if (!shuttingDown) {
      System.exit(code);
    }
  }

  /** The whole bot; returns the process exit code. */
  static int run(Path workDir, Map<String, String> environment, BufferedReader in, boolean interactive,
      PrintStream out) throws Exception {
    AppConfig config;
    Catalog catalog;
    List<ImageProvider> providers;
    OkHttpClient http = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory()).build();
    ObjectMapper json = new ObjectMapper();
    try {
      config = AppConfig.load(workDir, environment);
      catalog = config.catalog();
      config.quotaPolicy();
      config.routerSettings();
      config.monthlyBudgetUsd();
      config.cacheMaxBytes();
      config.reviewRules();
      config.telegramReviewChat();
      providers = ProviderRegistry.configured(config, http, json, catalog, Clock.systemUTC());
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      close(http);
      return 2;
    }
    ImageBot.Builder builder = ImageBot.builder().catalog(catalog)
        .quotaPolicy(config.quotaPolicy())
        .routerSettings(config.routerSettings())
        .cache(cacheBytes(config.cacheMaxBytes()), config.cacheExpiry())
        .monthlyBudget(config.monthlyBudgetUsd())
        .reviewRules(config.reviewRules())
        .handOff(HandOff.toFolder(config.approvedDir()));
    providers.forEach(builder::provider);
    try (SqliteStore store = SqliteStore.open(config.dbPath());
        ImageBot bot = builder.store(store).build()) {
      for (String admin : config.admins()) {
        store.setRole(admin, Role.ADMIN);
      }
      if (config.has("TELEGRAM_BOT_TOKEN") || config.has("DISCORD_BOT_TOKEN")) {
        return serve(config, bot, store, http, out);
      }
      String name = System.getProperty("user.name", "you").replaceAll("[^A-Za-z0-9_.-]", "");
      UserRef user = UserRef.of("console", name.isEmpty() ? "you" : name, name.isEmpty() ? "you" : name);
      out.println("RoleMarket Image Bot, console mode (no TELEGRAM_BOT_TOKEN or DISCORD_BOT_TOKEN set).");
      out.println("Type /help, or /generate lulu halloween. Pictures go to " + shown(workDir, config.outDir()) + ".");
      new ConsoleAdapter(bot, user, config.outDir(), workDir, out).run(in, interactive);
      return 0;
    } finally {
      close(http);
    }
  }

  /** Runs the chat adapters whose tokens are set until the process is asked to stop. */
  private static int serve(AppConfig config, ImageBot bot, FileRefs refs, OkHttpClient http, PrintStream out)
      throws InterruptedException {
    if (config.has("DISCORD_BOT_TOKEN")) {
      out.println("DISCORD_BOT_TOKEN is set, but this build has no Discord adapter yet; Discord is skipped.");
    }
    if (!config.has("TELEGRAM_BOT_TOKEN")) {
      return 0;
    }
    String token = config.get("TELEGRAM_BOT_TOKEN").orElseThrow();
    TelegramAdapter telegram;
    try {
      TelegramSettings settings = TelegramSettings.of(token,
          config.get("TELEGRAM_API_URL").orElse(TelegramSettings.DEFAULT_API_URL));
      if (config.has("TELEGRAM_WEBHOOK_URL")) {
        settings = settings.withWebhook(new TelegramSettings.Webhook(config.get("TELEGRAM_WEBHOOK_URL").orElseThrow(),
            config.get("TELEGRAM_WEBHOOK_SECRET").orElse(""),
            Integer.parseInt(config.get("TELEGRAM_WEBHOOK_PORT").orElse("8443").strip())));
      }
      settings = settings.withReviewChat(config.telegramReviewChat());
      telegram = TelegramAdapter.start(bot, refs, settings, http);
    } catch (Exception e) {
      String reason = String.valueOf(e.getMessage()).replace(token, "***");
      System.err.println("Telegram refused to start (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL): " + reason);
      return 1;
    }
    out.println("RoleMarket Image Bot on Telegram as @" + telegram.username() + ". Stop with Ctrl-C.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shuttingDown = true;
      stopped.countDown();
      try {
        finished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown"));
    try {
      stopped.await();
    } finally {
      out.println("Stopping: finishing running generations...");
      telegram.close();
    }
    return 0;
  }

  /** The configured cache size, but never more than a quarter of the heap: pictures must not exhaust memory. */
  static long cacheBytes(long configured) {
    return Math.min(configured, Runtime.getRuntime().maxMemory() / 4);
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
