package io.rolemarket.imagebot.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.score.ConsistencySettings;
import io.rolemarket.imagebot.core.score.ScoreShown;
import io.rolemarket.imagebot.providers.hook.JobHooks;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.route.Concurrency;
import io.rolemarket.imagebot.core.route.Deadlines;
import io.rolemarket.imagebot.core.route.RouterSettings;
import io.rolemarket.imagebot.discord.DiscordSettings;
import io.rolemarket.imagebot.telegram.TelegramSettings;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The bot's configuration, bound once at start by {@link #load} and checked there: environment variables
 * (README, Configuration), a {@code .env} file in the working directory under them, and the YAML file named by
 * {@code IMAGEBOT_CONFIG} under both. Nothing is parsed later. Immutable; {@link #toString()} names the
 * settings that are set and never shows a secret.
 *
 * @param workDir the working directory paths are resolved against
 * @param dbPath the SQLite file ({@code IMAGEBOT_DB}, default {@code ./var/imagebot.db}), used when
 *     {@code postgres} is null
 * @param postgres the PostgreSQL database ({@code IMAGEBOT_DB_URL}, {@code IMAGEBOT_DB_PASSWORD},
 *     {@code IMAGEBOT_BLOBS}), or null for SQLite
 * @param outDir where the console writes pictures ({@code IMAGEBOT_OUT}, default {@code ./var/out})
 * @param approvedDir where approved designs are handed off ({@code IMAGEBOT_APPROVED_DIR}, default
 *     {@code ./var/approved})
 * @param catalog the built-in catalog with the file's {@code catalog:} entries over it
 * @param quotaPolicy limits per role: {@code IMAGEBOT_QUOTA_DAILY} (else the file's {@code quota.user.daily},
 *     else {@code quota.daily}, else 25) for users a day, the file's {@code quota: {user, pro}} over the
 *     defaults for the rest
 * @param routerSettings the router's defaults with our region ({@code IMAGEBOT_REGION} or {@code region}), the
 *     file's {@code deadlines.<provider>: {silence_seconds, total_seconds}}, and the request deadlines
 *     ({@code IMAGEBOT_REQUEST_DEADLINE_SECONDS} or {@code deadlines.request_seconds}, default 180;
 *     {@code IMAGEBOT_JOB_REQUEST_DEADLINE_SECONDS} or {@code deadlines.job_request_seconds}, default 720)
 * @param language the team's language for group chats, review posts and the console ({@code IMAGEBOT_LANG}:
 *     {@code en} or {@code zh-hk}), or null when not set (English for the team, the system's for the console)
 * @param monthlyBudgetUsd the team's monthly spending limit ({@code IMAGEBOT_BUDGET_USD} or
 *     {@code budget.monthly_usd}, default 50)
 * @param roleCapsUsd the most one user of a role may spend a month ({@code budget.per_user_monthly_usd}, default
 *     none)
 * @param cacheMaxBytes the in-memory image cache ({@code IMAGEBOT_CACHE_MB} or {@code cache.max_mb}, default
 *     256 MiB)
 * @param cacheExpiry how long an unused cache entry stays ({@code cache.expire_hours}, default 24)
 * @param buttonLifetime how long the buttons under a result work ({@code IMAGEBOT_BUTTON_DAYS} or
 *     {@code buttons.lifetime_days}, default 14); later presses are told to ask again
 * @param consistency the consistency gate's redraws ({@code consistency.redraws}, 0..3, default 1) and who sees
 *     the score ({@code consistency.show_score}: always, reviewers or never; default always); the gate acts only
 *     with a CLIP model ({@code docs/consistency.md})
 * @param admins user keys made admins at start ({@code IMAGEBOT_ADMINS})
 * @param reviewRules reviewers and leads ({@code IMAGEBOT_REVIEWERS}, {@code IMAGEBOT_REVIEW_LEADS}, else the
 *     file's {@code review: {reviewers, leads}}) and the file's thresholds (default 2, 2, 1 and a lead's veto)
 * @param hookUrl the public https URL of the provider webhook receiver ({@code IMAGEBOT_HOOK_URL}), or null to
 *     poll only
 * @param hookAddress where that receiver listens ({@code IMAGEBOT_HOOK_BIND}, default {@code 127.0.0.1};
 *     {@code IMAGEBOT_HOOK_PORT}, default 8090)
 * @param metricsAddress where {@code /metrics}, {@code /health/live} and {@code /health/ready} are served
 *     ({@code IMAGEBOT_METRICS_PORT}; {@code IMAGEBOT_METRICS_BIND}, default {@code 127.0.0.1}), or null when no
 *     port is set
 * @param web the web library ({@code IMAGEBOT_WEB_PORT}, {@code IMAGEBOT_WEB_URL}, …; {@link WebConfig}), or null
 *     when no port is set
 * @param providers the image providers' settings
 * @param telegram Telegram's settings, or null without {@code TELEGRAM_BOT_TOKEN}
 * @param discord Discord's settings, or null without {@code DISCORD_BOT_TOKEN}
 * @param clipModel the CLIP ViT-B/32 vision model for the consistency check ({@code IMAGEBOT_CLIP_MODEL}, an ONNX
 *     file; docs/clip-model.md), or null to leave the check off
 * @param summary what {@link #toString()} shows
 */
record AppConfig(
    Path workDir,
    Path dbPath,
    @Nullable Postgres postgres,
    Path outDir,
    Path approvedDir,
    Catalog catalog,
    QuotaPolicy quotaPolicy,
    RouterSettings routerSettings,
    BigDecimal monthlyBudgetUsd,
    Map<Role, BigDecimal> roleCapsUsd,
    long cacheMaxBytes,
    Duration cacheExpiry,
    Duration buttonLifetime,
    ConsistencySettings consistency,
    List<String> admins,
    ReviewRules reviewRules,
    @Nullable HttpUrl hookUrl,
    InetSocketAddress hookAddress,
    @Nullable InetSocketAddress metricsAddress,
    @Nullable WebConfig web,
    ProviderSettings providers,
    @Nullable TelegramSettings telegram,
    @Nullable DiscordSettings discord,
    @Nullable Path clipModel,
    @Nullable Lang language,
    String summary) {

  /** Settings whose values are secrets: never printed. */
  static final List<String> SECRETS = List.of("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "HF_TOKEN",
      "REPLICATE_API_TOKEN", "TTAPI_API_KEY", "RUNPOD_API_KEY", "GOOGLE_API_KEY", "OPENAI_API_KEY",
      "TELEGRAM_WEBHOOK_SECRET", "SD_WEBUI_AUTH", "REPLICATE_WEBHOOK_SECRET", "IMAGEBOT_DB_PASSWORD",
      "IMAGEBOT_DB_URL"); // the URL may carry a password

  /** Longest duration setting, in seconds: far beyond any sensible value, well inside what a Duration can time. */
  private static final long MAX_SECONDS = 1_000_000_000L;

  /**
   * The store on PostgreSQL instead of SQLite.
   *
   * @param url {@code jdbc:postgresql://host:port/database?user=...} ({@code IMAGEBOT_DB_URL})
   * @param password {@code IMAGEBOT_DB_PASSWORD}, or null when the URL carries it or none is needed
   * @param blobs the image directory every process of the bot shares ({@code IMAGEBOT_BLOBS}, default
   *     {@code ./var/blobs}, where the SQLite store keeps them by default)
   * @param role what this process does among the bot's processes ({@code IMAGEBOT_ROLE}, default all)
   * @param workers how many requests a worker runs at once ({@code IMAGEBOT_WORKERS}, 1..256, default 16)
   */
  record Postgres(String url, @Nullable String password, Path blobs, ProcessRole role, int workers) {
    static final String PREFIX = "jdbc:postgresql://";

    /** The URL and the password are not shown: either may hold the password. */
    @Override
    public String toString() {
      return "Postgres[url=(set), password=" + (password == null ? "(unset)" : "(set)") + ", blobs=" + blobs
          + ", role=" + role + ", workers=" + workers + "]";
    }
  }

  /** What one process does when several share a PostgreSQL database ({@code IMAGEBOT_ROLE}). */
  enum ProcessRole {
    /** Leads the edge when no other process does (else stands by), and works: a whole bot in one process. */
    ALL,
    /** Leads the edge (the platforms and their send queues) when no other process does, else stands by. */
    EDGE,
    /** Runs the requests the edge queues: calls the providers, stores and charges; no platform. */
    WORKER;

    /** Whether this process may lead the edge. */
    boolean edge() {
      return this != WORKER;
    }

    /** Whether this process runs queued requests. */
    boolean works() {
      return this != EDGE;
    }
  }

  /** Copies the list of admins. */
  AppConfig {
    admins = List.copyOf(admins);
  }

  /**
   * The configuration seen from {@code workDir} with {@code environment} (normally {@code System.getenv()}),
   * every value parsed and checked.
   *
   * @throws ConfigException naming the first setting (variable or the file's key path) that is wrong
   */
  static AppConfig load(Path workDir, Map<String, String> environment) {
    Map<String, String> merged = new HashMap<>(EnvFile.read(workDir.resolve(".env")));
    merged.putAll(environment);
    merged.values().removeIf(String::isBlank);
    SettingReader settings = new SettingReader(merged);
    ConfigFile file = settings.text("IMAGEBOT_CONFIG")
        .map(name -> ConfigFile.read(settings.path(workDir, "IMAGEBOT_CONFIG", name), "IMAGEBOT_CONFIG"))
        .orElse(ConfigFile.EMPTY);

    ConfigFile.Cache cache = file.cache();
    long cacheMb = settings.whole("IMAGEBOT_CACHE_MB", cache.maxMb(), "cache.max_mb", 0, Long.MAX_VALUE >> 20, 256);
    Duration cacheExpiry = Duration.ofHours(
        SettingReader.wholeInFile(cache.expireHours(), "cache.expire_hours", 1, MAX_SECONDS / 3600, 24));
    @Nullable HttpUrl hookUrl = settings.httpUrl("IMAGEBOT_HOOK_URL").orElse(null);
    if (hookUrl != null) {
      try {
        new JobHooks(hookUrl); // the receiver's own check of its public URL, made now rather than at first use
      } catch (IllegalArgumentException e) {
        throw ConfigException.naming("IMAGEBOT_HOOK_URL", e);
      }
    }
    return new AppConfig(
        workDir,
        settings.path(workDir, "IMAGEBOT_DB", "var/imagebot.db"),
        postgres(settings, workDir),
        settings.path(workDir, "IMAGEBOT_OUT", "var/out"),
        settings.path(workDir, "IMAGEBOT_APPROVED_DIR", "var/approved"),
        catalog(file),
        quotaPolicy(settings, file.quota()),
        routerSettings(settings, file),
        settings.dollars("IMAGEBOT_BUDGET_USD", file.budget().monthlyUsd(), "budget.monthly_usd", new BigDecimal(50)),
        roleCaps(file.budget()),
        cacheMb << 20,
        cacheExpiry,
        Duration.ofDays(settings.whole("IMAGEBOT_BUTTON_DAYS", file.buttons().lifetimeDays(), "buttons.lifetime_days", 1,
            36_500, 14)),
        consistency(file.consistency()),
        settings.userKeys("IMAGEBOT_ADMINS", null, "IMAGEBOT_ADMINS"),
        reviewRules(settings, file.review()),
        hookUrl,
        new InetSocketAddress(settings.address("IMAGEBOT_HOOK_BIND", "127.0.0.1"),
            settings.port("IMAGEBOT_HOOK_PORT", 8090)),
        settings.text("IMAGEBOT_METRICS_PORT").isEmpty() ? null : new InetSocketAddress(
            settings.address("IMAGEBOT_METRICS_BIND", "127.0.0.1"), settings.port("IMAGEBOT_METRICS_PORT", 0)),
        WebConfig.read(settings, workDir),
        ProviderSettings.read(settings, file),
        ChatSettings.telegram(settings),
        ChatSettings.discord(settings),
        settings.text("IMAGEBOT_CLIP_MODEL")
            .map(name -> settings.path(workDir, "IMAGEBOT_CLIP_MODEL", name)).orElse(null),
        settings.text("IMAGEBOT_LANG").filter(text -> !text.isEmpty()).map(text -> Lang.parse(text).orElseThrow(
            () -> new ConfigException("IMAGEBOT_LANG must be en or zh-hk, was " + text))).orElse(null),
        summary(merged));
  }

  private static ConsistencySettings consistency(ConfigFile.Consistency consistency) {
    int redraws = (int) SettingReader.wholeInFile(consistency.redraws(), "consistency.redraws", 0,
        ConsistencySettings.MAX_REDRAWS, ConsistencySettings.defaults().redraws());
    ScoreShown shown = ConsistencySettings.defaults().shown();
    if (consistency.showScore() != null) {
      try {
        shown = ScoreShown.parse(consistency.showScore());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("consistency.show_score: " + e.getMessage());
      }
    }
    return new ConsistencySettings(redraws, shown);
  }

  private static Catalog catalog(ConfigFile file) {
    Catalog catalog = Catalog.builtIn();
    JsonNode overrides = file.catalogTree();
    if (overrides == null) {
      return catalog;
    }
    try {
      return catalog.overriddenBy(Catalog.fromYaml(overrides));
    } catch (IllegalArgumentException e) {
      throw ConfigException.naming("catalog", e);
    }
  }

  private static Map<Role, BigDecimal> roleCaps(ConfigFile.Budget budget) {
    Map<Role, BigDecimal> caps = new EnumMap<>(Role.class);
    Map<String, BigDecimal> given = budget.perUserMonthlyUsd() == null ? Map.of() : budget.perUserMonthlyUsd();
    for (Map.Entry<String, BigDecimal> cap : given.entrySet()) {
      String path = "budget.per_user_monthly_usd." + cap.getKey();
      Role role = Role.parse(cap.getKey()).filter(found -> found != Role.ADMIN).orElseThrow(
          () -> new ConfigException(path + ": no such role; a cap is for user or pro (admins have none)"));
      caps.put(role, SettingReader.dollarsInFile(cap.getValue(), path, BigDecimal.ZERO));
    }
    return caps;
  }

  private static QuotaPolicy quotaPolicy(SettingReader settings, ConfigFile.Quota quota) {
    int daily = (int) settings.whole("IMAGEBOT_QUOTA_DAILY", quota.daily(), "quota.daily", 0, Integer.MAX_VALUE, 25);
    QuotaPolicy defaults = QuotaPolicy.withDailyLimit(daily);
    QuotaLimits user = limits(quota.user(), "quota.user", defaults.user());
    if (settings.text("IMAGEBOT_QUOTA_DAILY").isPresent()) {
      user = new QuotaLimits(daily, user.monthly());
    }
    return new QuotaPolicy(user, limits(quota.pro(), "quota.pro", defaults.pro()));
  }

  private static QuotaLimits limits(ConfigFile.Limits limits, String path, QuotaLimits fallback) {
    return new QuotaLimits(
        (int) SettingReader.wholeInFile(limits.daily(), path + ".daily", 0, Integer.MAX_VALUE, fallback.daily()),
        (int) SettingReader.wholeInFile(limits.monthly(), path + ".monthly", 0, Integer.MAX_VALUE, fallback.monthly()));
  }

  private static RouterSettings routerSettings(SettingReader settings, ConfigFile file) {
    RouterSettings defaults = RouterSettings.defaults();
    Map<String, Deadlines> perProvider = new HashMap<>();
    new TreeMap<>(file.deadlines().providers()).forEach((provider, deadlines) -> {
      String path = "deadlines." + provider;
      ConfigFile.ProviderDeadlines given = deadlines == null ? new ConfigFile.ProviderDeadlines(null, null) : deadlines;
      long silence = SettingReader.wholeInFile(given.silenceSeconds(), path + ".silence_seconds", 1, MAX_SECONDS,
          defaults.deadlines().silence().toSeconds());
      long total = SettingReader.wholeInFile(given.totalSeconds(), path + ".total_seconds", 1, MAX_SECONDS,
          defaults.deadlines().total().toSeconds());
      try {
        perProvider.put(provider, new Deadlines(Duration.ofSeconds(silence), Duration.ofSeconds(total)));
      } catch (IllegalArgumentException e) {
        throw ConfigException.naming(path, e);
      }
    });
    String region = settings.text("IMAGEBOT_REGION").orElse(file.region() == null ? "" : file.region().strip());
    if (!region.isEmpty() && !region.matches("[A-Za-z]{2}")) {
      throw ConfigException.expected(settings.text("IMAGEBOT_REGION").isPresent() ? "IMAGEBOT_REGION" : "region",
          "a two-letter country code such as HK", SettingReader.quoted(region));
    }
    ConfigFile.Deadlines deadlines = file.deadlines();
    return new RouterSettings(defaults.maxRetries(), defaults.backoffStart(), defaults.backoffMax(),
        defaults.deadlines(), perProvider, defaults.breakerFailures(), defaults.breakerOpenFor(),
        defaults.regionBlockFor(), defaults.premiumProviders(), region,
        Duration.ofSeconds(settings.whole("IMAGEBOT_REQUEST_DEADLINE_SECONDS", deadlines.requestSeconds(),
            "deadlines.request_seconds", 1, MAX_SECONDS, defaults.requestDeadline().toSeconds())),
        Duration.ofSeconds(settings.whole("IMAGEBOT_JOB_REQUEST_DEADLINE_SECONDS", deadlines.jobRequestSeconds(),
            "deadlines.job_request_seconds", 1, MAX_SECONDS, defaults.jobRequestDeadline().toSeconds())),
        concurrency(file));
  }

  /** {@code concurrency.<provider>: {min, max}}: a missing min is 1, a missing max the core's default ceiling (or the min, if higher). */
  private static Map<String, Concurrency> concurrency(ConfigFile file) {
    Map<String, Concurrency> perProvider = new HashMap<>();
    new TreeMap<>(file.concurrency()).forEach((provider, given) -> {
      String path = "concurrency." + provider;
      ConfigFile.ProviderConcurrency bounds = given == null ? new ConfigFile.ProviderConcurrency(null, null) : given;
      int min = (int) SettingReader.wholeInFile(bounds.min(), path + ".min", 1, 1000, 1);
      int max = (int) SettingReader.wholeInFile(bounds.max(), path + ".max", min, 1000, Math.max(min, Concurrency.DEFAULT_CEILING));
      perProvider.put(provider, new Concurrency(min, max));
    });
    return perProvider;
  }

  /** PostgreSQL when {@code IMAGEBOT_DB_URL} is set; the URL is checked without ever being shown. */
  private static @Nullable Postgres postgres(SettingReader settings, Path workDir) {
    Optional<String> url = settings.secret("IMAGEBOT_DB_URL").map(String::strip);
    Optional<ProcessRole> role = settings.text("IMAGEBOT_ROLE").map(text -> {
      try {
        return ProcessRole.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ConfigException.expected("IMAGEBOT_ROLE", "all, edge or worker", text);
      }
    });
    if (url.isEmpty()) {
      if (role.isPresent() && role.get() != ProcessRole.ALL) {
        throw new ConfigException("IMAGEBOT_ROLE=" + role.get().name().toLowerCase(java.util.Locale.ROOT)
            + " needs IMAGEBOT_DB_URL (PostgreSQL): on SQLite one process does everything");
      }
      return null;
    }
    if (!url.get().startsWith(Postgres.PREFIX) || url.get().length() == Postgres.PREFIX.length()) {
      throw ConfigException.expectedHidden("IMAGEBOT_DB_URL",
          Postgres.PREFIX + "host:port/database?user=... (unset it for SQLite at IMAGEBOT_DB)");
    }
    return new Postgres(url.get(), settings.secret("IMAGEBOT_DB_PASSWORD").orElse(null),
        settings.path(workDir, "IMAGEBOT_BLOBS", "var/blobs"), role.orElse(ProcessRole.ALL),
        (int) settings.whole("IMAGEBOT_WORKERS", 1, 256, 16));
  }

  private static ReviewRules reviewRules(SettingReader settings, ConfigFile.Review review) {
    return new ReviewRules(
        Set.copyOf(settings.userKeys("IMAGEBOT_REVIEWERS", review.reviewers(), "review.reviewers")),
        Set.copyOf(settings.userKeys("IMAGEBOT_REVIEW_LEADS", review.leads(), "review.leads")),
        (int) SettingReader.wholeInFile(review.approvals(), "review.approvals", 1, Integer.MAX_VALUE, 2),
        (int) SettingReader.wholeInFile(review.rejections(), "review.rejections", 1, Integer.MAX_VALUE, 2),
        (int) SettingReader.wholeInFile(review.changes(), "review.changes", 1, Integer.MAX_VALUE, 1),
        review.leadVeto() == null || review.leadVeto());
  }

  /** The settings that are set, as {@link #toString()} shows them: secrets as {@code (set)}, URLs without passwords. */
  private static String summary(Map<String, String> env) {
    return new TreeSet<>(env.keySet().stream()
        .filter(name -> name.startsWith("IMAGEBOT_") || SECRETS.contains(name) || name.endsWith("_URL")
            || name.startsWith("DISCORD_") || name.startsWith("HF_") || name.startsWith("RUNPOD_"))
        .map(name -> SECRETS.contains(name) ? name + "=(set)" : name + "=" + withoutUserInfo(env.get(name)))
        .toList()).toString();
  }

  /** A URL such as {@code http://user:pass@host} without its credentials; other values unchanged. */
  private static String withoutUserInfo(String value) {
    return value.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
  }

  @Override
  public String toString() {
    return "AppConfig" + summary;
  }
}
