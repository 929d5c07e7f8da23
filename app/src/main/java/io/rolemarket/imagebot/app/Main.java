package io.rolemarket.imagebot.app;

import com.github.benmanes.caffeine.cache.Ticker;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rolemarket.imagebot.clip.ClipModelException;
import io.rolemarket.imagebot.clip.OnnxClipEmbedder;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.ProviderStatus;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.review.HandOff;
import io.rolemarket.imagebot.core.score.PictureEmbedder;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.data.PostgresStore;
import io.rolemarket.imagebot.data.SqlStore;
import io.rolemarket.imagebot.data.SqliteStore;
import io.rolemarket.imagebot.data.StoreException;
import io.rolemarket.imagebot.discord.DiscordAdapter;
import io.rolemarket.imagebot.discord.DiscordSettings;
import io.rolemarket.imagebot.providers.hook.JobHookServer;
import io.rolemarket.imagebot.providers.hook.JobHooks;
import io.rolemarket.imagebot.telegram.TelegramAdapter;
import io.rolemarket.imagebot.telegram.TelegramIngress;
import io.rolemarket.imagebot.telegram.TelegramSettings;
import io.rolemarket.imagebot.web.WebLibrary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the bot: reads the configuration, loads the CLIP model when one is set, opens the store, registers the
 * providers, builds the core, then runs the chat adapters whose tokens are set (until the process is stopped), or
 * the console when none is (until its input ends).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  /** Counted down when {@link #run} has closed everything, so a shutdown hook can wait for it. */
  private static final CountDownLatch finished = new CountDownLatch(1);
  private static volatile boolean shuttingDown;

  private Main() {}

  /** Runs the bot; exits 0 at the end of console input or on shutdown, 1 when a platform refuses us, 2 on a configuration error. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(CopyToPostgres.COMMAND)) {
      System.exit(CopyToPostgres.run(List.of(args).subList(1, args.length), System.getenv(),
          Path.of("").toAbsolutePath(), System.out, System.err, Clock.systemUTC()));
    }
    int code;
    try {
      // The one place the bot reads the system's clocks: everything else is given these two.
      code = run(Path.of("").toAbsolutePath(), System.getenv(), new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.console() != null,
          new PrintStream(System.out, true, StandardCharsets.UTF_8), Clock.systemUTC(), Ticker.systemTicker());
    } finally {
      finished.countDown();
    }
    if (!shuttingDown) {
      System.exit(code);
    }
  }

  /**
   * The whole bot on {@code clock} (every date it decides by) and {@code ticker} (every duration); returns
   * the process exit code: 0 at a normal end, 1 when the store cannot be opened, a platform refuses us (a wrong
   * token) or a port is taken, 2 when a setting is wrong, after one line on standard error naming it (nothing is
   * opened or called then).
   */
  static int run(Path workDir, Map<String, String> environment, BufferedReader in, boolean interactive,
      PrintStream out, Clock clock, Ticker ticker) throws Exception {
    AppConfig config;
    @Nullable OnnxClipEmbedder clip;
    try {
      config = AppConfig.load(workDir, environment);
      LogSettings.apply(environment, config.telegram() == null && config.discord() == null);
      clip = clipEmbedder(config);
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return 2;
    }
    try (clip) {
      return run(workDir, config, clip, in, interactive, out, clock, ticker);
    }
  }

  /** The CLIP model of the consistency check, loaded and checked; null when {@code IMAGEBOT_CLIP_MODEL} is unset. */
  private static @Nullable OnnxClipEmbedder clipEmbedder(AppConfig config) {
    if (config.clipModel() == null) {
      log.info("Consistency check off: IMAGEBOT_CLIP_MODEL is not set (docs/clip-model.md).");
      return null;
    }
    try {
      OnnxClipEmbedder clip = OnnxClipEmbedder.open(config.clipModel());
      log.info("Consistency check on: CLIP model {} ({}).", config.clipModel().getFileName(), clip.modelId());
      return clip;
    } catch (ClipModelException e) {
      throw new ConfigException("IMAGEBOT_CLIP_MODEL: " + e.getMessage());
    }
  }

  /** The bot from a checked configuration on; {@code clip} is closed by the caller. */
  private static int run(Path workDir, AppConfig config, @Nullable PictureEmbedder clip, BufferedReader in,
      boolean interactive, PrintStream out, Clock clock, Ticker ticker) throws Exception {
    OkHttpClient http = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory()).build();
    @Nullable JobHooks hooks = config.hookUrl() == null ? null : new JobHooks(config.hookUrl());
    List<ImageProvider> providers = ProviderRegistry.configured(config, http, new ObjectMapper(), config.catalog(),
        clock, hooks);
    ImageBot.Builder builder = ImageBot.builder().catalog(config.catalog()).clock(clock).ticker(ticker)
        .quotaPolicy(config.quotaPolicy())
        .routerSettings(config.routerSettings())
        .cache(cacheBytes(config.cacheMaxBytes()), config.cacheExpiry())
        .buttonLifetime(config.buttonLifetime())
        .consistency(config.consistency())
        .teamLanguage(config.language() == null ? Lang.EN : config.language())
        .monthlyBudget(config.monthlyBudgetUsd())
        .roleCaps(config.roleCapsUsd())
        .reviewRules(config.reviewRules())
        .handOff(HandOff.toFolder(config.approvedDir(), config.catalog()))
        .web(config.web() == null ? null : config.web().settings())
        .pictureEmbedder(clip);
    providers.forEach(builder::provider);
    @Nullable PrometheusMeterRegistry prometheus =
        config.metricsAddress() == null ? null : MetricsServer.registry();
    if (prometheus != null) {
      builder.metrics(BotMetrics.on(prometheus));
    }
    @Nullable JobHookServer receiver;
    try {
      receiver = hooks == null ? null : JobHookServer.start(config.hookAddress(), hooks);
    } catch (IOException e) {
      System.err.println("the provider webhook receiver cannot listen on IMAGEBOT_HOOK_PORT "
          + config.hookAddress().getPort() + ": " + e.getMessage());
      close(http);
      return 1;
    }
    SqlStore opened;
    try {
      opened = openStore(config, clock);
    } catch (StoreException e) {
      System.err.println("the store cannot be opened: " + e.getMessage());
      if (receiver != null) {
        receiver.close();
      }
      close(http);
      return 1;
    }
    if (config.postgres() != null) {
      builder.workQueue(opened, Cluster.POLL);
    }
    try (receiver;
        SqlStore store = opened;
        ImageBot bot = builder.store(store).build();
        Cluster cluster = config.postgres() instanceof AppConfig.Postgres postgres
            ? Cluster.start(postgres, bot, store) : null) {
      for (String admin : config.admins()) {
        store.setRole(admin, Role.ADMIN);
      }
      @Nullable MetricsServer metrics;
      try {
        metrics = prometheus == null ? null : MetricsServer.start(config.metricsAddress(), prometheus);
      } catch (IOException e) {
        System.err.println("metrics and health cannot listen on IMAGEBOT_METRICS_PORT "
            + config.metricsAddress().getPort() + ": " + e.getMessage());
        return 1;
      }
      @Nullable WebLibrary web;
      try {
        web = config.web() == null ? null : WebLibrary.start(bot, config.web().address(), config.web().thumbnails());
      } catch (RuntimeException e) {
        // Jetty reports a taken port as an unchecked exception wrapping the BindException.
        System.err.println("the web library cannot listen on IMAGEBOT_WEB_PORT " + config.web().address().getPort()
            + ": " + e.getMessage());
        if (metrics != null) {
          metrics.close();
        }
        return 1;
      }
      try (metrics; web) {
        if (metrics != null) {
          readiness(metrics, config, bot);
          out.println("Metrics on http://" + config.metricsAddress().getAddress().getHostAddress() + ":"
              + metrics.port() + "/metrics, health on /health/live and /health/ready.");
        }
        if (web != null) {
          out.println("Web library at " + config.web().settings().baseUrl() + " (listening on port " + web.port()
              + "); send /web for a sign-in link.");
        }
        return afterStart(workDir, config, bot, store, http, in, interactive, out, metrics, cluster);
      }
    } finally {
      close(http);
    }
  }

  /** The store: PostgreSQL when {@code IMAGEBOT_DB_URL} is set, else the SQLite file. */
  private static SqlStore openStore(AppConfig config, Clock clock) {
    return config.postgres() instanceof AppConfig.Postgres postgres
        ? PostgresStore.open(postgres.url(), postgres.password(), postgres.blobs(), clock, SqlStore.LEASE)
        : SqliteStore.open(config.dbPath(), clock);
  }

  /** What readiness needs before any platform has started: the store answers, a provider lane is usable. */
  private static void readiness(MetricsServer metrics, AppConfig config, ImageBot bot) {
    metrics.check("store", () -> bot.spend() != null); // reads the journal; throws when the database does not answer
    metrics.check("providers", () -> bot.providers().stream().anyMatch(ProviderStatus::available));
    if (config.telegram() != null) {
      metrics.check("telegram", () -> false);
    }
    if (config.discord() != null) {
      metrics.check("discord", () -> false);
    }
  }

  /** Serves the platforms whose tokens are set, or the console when none is. */
  private static int afterStart(Path workDir, AppConfig config, ImageBot bot, SqlStore store, OkHttpClient http,
      BufferedReader in, boolean interactive, PrintStream out, @Nullable MetricsServer metrics,
      @Nullable Cluster cluster) throws Exception {
    bot.resumeOpenJobs();
    if (cluster != null && !cluster.role().edge()) {
      out.println("RoleMarket Image Bot worker: running the requests the edge queues. Stop with Ctrl-C.");
      awaitShutdown();
      out.println("Stopping: finishing running generations...");
      return 0;
    }
    if (config.telegram() != null || config.discord() != null) {
      // Every edge takes Telegram's webhook calls (behind a load balancer), storing each update before its 200;
      // the leader handles what they all store.
      @Nullable TelegramIngress ingress = null;
      if (cluster != null && config.telegram() instanceof TelegramSettings telegram && telegram.webhook() != null) {
        try {
          ingress = TelegramIngress.open(store, telegram.webhook(), bot.clock());
        } catch (IOException e) {
          System.err.println("the Telegram webhook cannot listen on TELEGRAM_WEBHOOK_PORT " + telegram.webhook().port()
              + ": " + e.getMessage());
          return 1;
        }
      }
      try (TelegramIngress receiving = ingress) {
        if (cluster != null) {
          if (config.telegram() != null) {
            TelegramAdapter.warmUp(); // a standby then takes the lead without loading it while updates wait
          }
          cluster.awaitLead(out);
        }
        return serve(config, bot, store, http, out, metrics, receiving != null);
      }
    }
    String name = System.getProperty("user.name", "you").replaceAll("[^A-Za-z0-9_.-]", "");
    UserRef user = UserRef.of("console", name.isEmpty() ? "you" : name, name.isEmpty() ? "you" : name);
    // The terminal speaks IMAGEBOT_LANG when set, else the system's language.
    Lang lang = config.language() != null ? config.language() : Lang.fromTag(Locale.getDefault().toLanguageTag());
    out.println(Texts.of(lang).get("console.banner", shown(workDir, config.outDir())));
    new ConsoleAdapter(bot, user, config.outDir(), workDir, out, lang).run(in, interactive);
    return 0;
  }

  /** Runs the chat adapters whose tokens are set until the process is asked to stop. */
  private static int serve(AppConfig config, ImageBot bot, BotStore store, OkHttpClient http, PrintStream out,
      @Nullable MetricsServer metrics, boolean ingressRuns) throws InterruptedException {
    List<AutoCloseable> adapters = new ArrayList<>();
    if (config.telegram() instanceof TelegramSettings settings) {
      try {
        TelegramAdapter telegram = ingressRuns ? TelegramAdapter.startHandling(bot, store, store, settings, http)
            : TelegramAdapter.start(bot, store, store, settings, http);
        adapters.add(telegram);
        if (metrics != null) {
          metrics.check("telegram", telegram::connected);
        }
        out.println("RoleMarket Image Bot on Telegram as @" + telegram.username() + ".");
      } catch (Exception e) {
        String reason = String.valueOf(e.getMessage()).replace(settings.token(), "***");
        System.err.println("Telegram refused to start (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL): " + reason);
        closeAll(adapters);
        return 1;
      }
    }
    if (config.discord() instanceof DiscordSettings settings) {
      try {
        DiscordAdapter discord = DiscordAdapter.start(bot, settings, http);
        adapters.add(discord);
        if (metrics != null) {
          metrics.check("discord", discord::connected);
        }
        out.println("RoleMarket Image Bot on Discord as " + discord.username() + ".");
      } catch (InterruptedException e) {
        closeAll(adapters);
        throw e;
      } catch (Exception e) {
        String reason = String.valueOf(e.getMessage()).replace(settings.token(), "***");
        System.err.println("Discord refused to start (check DISCORD_BOT_TOKEN, DISCORD_API_URL, DISCORD_GATEWAY_URL, "
            + "DISCORD_GUILD_ID and DISCORD_SHARDS): " + reason);
        closeAll(adapters);
        return 1;
      }
    }
    if (adapters.isEmpty()) {
      return 0;
    }
    out.println("Stop with Ctrl-C.");
    try {
      awaitShutdown();
    } finally {
      out.println("Stopping: finishing running generations...");
      closeAll(adapters);
    }
    return 0;
  }

  /** Waits until the process is asked to stop (SIGTERM, Ctrl-C), which then waits for {@link #run} to end. */
  private static void awaitShutdown() throws InterruptedException {
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
    stopped.await();
  }

  /** Closes the adapters, newest first; one that fails to close does not keep the others open. */
  private static void closeAll(List<AutoCloseable> adapters) {
    for (AutoCloseable adapter : adapters.reversed()) {
      try {
        adapter.close();
      } catch (Exception e) {
        System.err.println("closing " + adapter.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
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
