package io.rolemarket.imagebot.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.providers.hf.HfModel;
import io.rolemarket.imagebot.providers.hook.JobHooks;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.route.Deadlines;
import io.rolemarket.imagebot.core.route.RouterSettings;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The bot's configuration: environment variables (see DESIGN.md for the names), a {@code .env} file in
 * the working directory under them, and the YAML file named by {@code IMAGEBOT_CONFIG}. The real
 * environment wins over {@code .env}. Immutable; {@link #toString()} names the settings that are set and
 * never shows a value.
 */
final class AppConfig {
  /** Settings whose values are secrets: never printed. */
  static final List<String> SECRETS = List.of("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "HF_TOKEN",
      "REPLICATE_API_TOKEN", "TTAPI_API_KEY", "RUNPOD_API_KEY", "GOOGLE_API_KEY", "OPENAI_API_KEY",
      "TELEGRAM_WEBHOOK_SECRET", "SD_WEBUI_AUTH", "REPLICATE_WEBHOOK_SECRET");

  private static final Pattern USER_KEY = Pattern.compile("[a-z]+:[A-Za-z0-9_.@-]{1,64}");

  private final Map<String, String> env;
  private final Path workDir;
  private final JsonNode file;

  private AppConfig(Map<String, String> env, Path workDir, JsonNode file) {
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.file = file;
  }

  /** The configuration seen from {@code workDir} with {@code environment} (normally {@code System.getenv()}). */
  static AppConfig load(Path workDir, Map<String, String> environment) {
    Map<String, String> merged = new HashMap<>(EnvFile.read(workDir.resolve(".env")));
    merged.putAll(environment);
    merged.values().removeIf(String::isBlank);
    JsonNode file = new ObjectMapper().createObjectNode();
    String configPath = merged.get("IMAGEBOT_CONFIG");
    if (configPath != null) {
      Path path = workDir.resolve(configPath);
      if (!Files.isRegularFile(path)) {
        throw new ConfigException("IMAGEBOT_CONFIG names a file that does not exist: " + configPath);
      }
      try {
        JsonNode read = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        if (read != null && read.isObject()) {
          file = read;
        }
      } catch (IOException e) {
        throw new ConfigException("IMAGEBOT_CONFIG file " + path.getFileName() + " is not valid YAML: "
            + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    return new AppConfig(merged, workDir, file);
  }

  /** A setting's value, if set and not blank. */
  Optional<String> get(String name) {
    return Optional.ofNullable(env.get(name));
  }

  /** Whether a setting is set. */
  boolean has(String name) {
    return env.containsKey(name);
  }

  /** The SQLite file: {@code IMAGEBOT_DB}, default {@code ./var/imagebot.db}. */
  Path dbPath() {
    return workDir.resolve(get("IMAGEBOT_DB").orElse("var/imagebot.db")).normalize();
  }

  /** Where the console writes pictures: {@code IMAGEBOT_OUT}, default {@code ./var/out}. */
  Path outDir() {
    return workDir.resolve(get("IMAGEBOT_OUT").orElse("var/out")).normalize();
  }

  /**
   * Limits per role: the file's {@code quota: {user: {daily, monthly}, pro: {daily, monthly}}} over the
   * defaults, with {@code IMAGEBOT_QUOTA_DAILY} (or {@code quota.daily}) as the users' daily limit.
   */
  QuotaPolicy quotaPolicy() {
    QuotaPolicy defaults = QuotaPolicy.withDailyLimit(dailyQuota());
    JsonNode quota = file.path("quota");
    return new QuotaPolicy(
        limits(quota.path("user"), "quota.user", new QuotaLimits(dailyQuota(), defaults.user().monthly())),
        limits(quota.path("pro"), "quota.pro", defaults.pro()));
  }

  private static QuotaLimits limits(JsonNode node, String where, QuotaLimits fallback) {
    int daily = node.path("daily").asInt(fallback.daily());
    int monthly = node.path("monthly").asInt(fallback.monthly());
    if (daily < 0 || monthly < 0) {
      throw new ConfigException(where + " limits must not be negative");
    }
    return new QuotaLimits(daily, monthly);
  }

  /**
   * Router settings: the defaults, our region, the file's {@code deadlines: {<provider>: {silence_seconds,
   * total_seconds}}}, and the request deadlines ({@code IMAGEBOT_REQUEST_DEADLINE_SECONDS} or
   * {@code deadlines.request_seconds}, default 180; {@code IMAGEBOT_JOB_REQUEST_DEADLINE_SECONDS} or
   * {@code deadlines.job_request_seconds}, default 720).
   */
  RouterSettings routerSettings() {
    RouterSettings defaults = RouterSettings.defaults();
    Map<String, Deadlines> perProvider = new HashMap<>();
    file.path("deadlines").properties().forEach(entry -> {
      if (entry.getKey().endsWith("_seconds")) {
        return; // the request deadlines, read below
      }
      JsonNode node = entry.getValue();
      try {
        perProvider.put(entry.getKey(), new Deadlines(
            Duration.ofSeconds(node.path("silence_seconds").asLong(defaults.deadlines().silence().toSeconds())),
            Duration.ofSeconds(node.path("total_seconds").asLong(defaults.deadlines().total().toSeconds()))));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("deadlines." + entry.getKey() + ": " + e.getMessage());
      }
    });
    return new RouterSettings(defaults.maxRetries(), defaults.backoffStart(), defaults.backoffMax(),
        defaults.deadlines(), perProvider, defaults.breakerFailures(), defaults.breakerOpenFor(),
        defaults.regionBlockFor(), defaults.premiumProviders(), region(),
        seconds("IMAGEBOT_REQUEST_DEADLINE_SECONDS", "request_seconds", defaults.requestDeadline()),
        seconds("IMAGEBOT_JOB_REQUEST_DEADLINE_SECONDS", "job_request_seconds",
            defaults.jobRequestDeadline()));
  }

  /** A positive number of seconds from {@code env} or the file's {@code deadlines.<key>}, else {@code fallback}. */
  private Duration seconds(String env, String key, Duration fallback) {
    String value = get(env).orElse(file.path("deadlines").path(key).asText(Long.toString(fallback.toSeconds())));
    try {
      long seconds = Long.parseLong(value.strip());
      if (seconds < 1) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new ConfigException(env + " (or deadlines." + key + ") must be a whole number of seconds of at least 1,"
          + " was '" + value + "'");
    }
  }

  /** The in-memory image cache's size in bytes: {@code IMAGEBOT_CACHE_MB} or {@code cache.max_mb}, default 256 MiB. */
  long cacheMaxBytes() {
    String value = get("IMAGEBOT_CACHE_MB").orElse(file.path("cache").path("max_mb").asText("256"));
    try {
      long mb = Long.parseLong(value.strip());
      if (mb < 0) {
        throw new NumberFormatException();
      }
      return mb << 20;
    } catch (NumberFormatException e) {
      throw new ConfigException("IMAGEBOT_CACHE_MB must be a whole number of mebibytes, was '" + value + "'");
    }
  }

  /** How long an unused cache entry stays in memory: {@code cache.expire_hours}, default 24. */
  Duration cacheExpiry() {
    return Duration.ofHours(Math.max(1, file.path("cache").path("expire_hours").asLong(24)));
  }

  /** The default daily image limit for users: {@code IMAGEBOT_QUOTA_DAILY}, else the file's, else 25. */
  int dailyQuota() {
    String value = get("IMAGEBOT_QUOTA_DAILY")
        .orElse(file.path("quota").path("daily").asText("25"));
    try {
      int daily = Integer.parseInt(value.strip());
      if (daily < 0) {
        throw new NumberFormatException();
      }
      return daily;
    } catch (NumberFormatException e) {
      throw new ConfigException("IMAGEBOT_QUOTA_DAILY must be a whole number from 0, was '" + value + "'");
    }
  }

  /** Where the bot runs, an ISO code such as {@code HK} ({@code IMAGEBOT_REGION}), or empty. */
  String region() {
    return get("IMAGEBOT_REGION").orElse(file.path("region").asText("")).strip();
  }

  /** The team's monthly spending limit in US dollars: {@code IMAGEBOT_BUDGET_USD}, default 50. */
  java.math.BigDecimal monthlyBudgetUsd() {
    String value = get("IMAGEBOT_BUDGET_USD").orElse(file.path("budget").path("monthly_usd").asText("50"));
    try {
      java.math.BigDecimal budget = new java.math.BigDecimal(value.strip());
      if (budget.signum() < 0) {
        throw new NumberFormatException();
      }
      return budget;
    } catch (NumberFormatException e) {
      throw new ConfigException("IMAGEBOT_BUDGET_USD must be an amount of dollars such as 50, was '" + value + "'");
    }
  }

  /**
   * The provider webhooks ({@code IMAGEBOT_HOOK_URL}: the public https URL that reaches {@link #hookPort()}),
   * or empty to poll only.
   */
  Optional<JobHooks> jobHooks() {
    Optional<String> value = get("IMAGEBOT_HOOK_URL").map(String::strip).filter(url -> !url.isEmpty());
    if (value.isEmpty()) {
      return Optional.empty();
    }
    okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(value.get());
    if (url == null) {
      throw new ConfigException("IMAGEBOT_HOOK_URL must be an https:// URL, such as https://bot.example.org/hooks");
    }
    try {
      return Optional.of(new JobHooks(url));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** The local port of the provider webhook receiver: {@code IMAGEBOT_HOOK_PORT}, default 8090. */
  int hookPort() {
    String value = get("IMAGEBOT_HOOK_PORT").orElse("8090").strip();
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigException("IMAGEBOT_HOOK_PORT must be a port number 0..65535, was '" + value + "'");
    }
  }

  /**
   * Midjourney's {@code --cw} for characters with a {@code reference_url}: {@code TTAPI_CREF_WEIGHT}, else the
   * file's {@code midjourney: {cref_weight}}, 0..100; null when neither is set (Midjourney's default, 100).
   */
  @Nullable Integer ttapiCrefWeight() {
    JsonNode fromFile = file.path("midjourney").path("cref_weight");
    String value = get("TTAPI_CREF_WEIGHT").orElse(fromFile.isMissingNode() || fromFile.isNull() ? null
        : fromFile.asText());
    if (value == null) {
      return null;
    }
    try {
      int weight = Integer.parseInt(value.strip());
      if (weight < 0 || weight > 100) {
        throw new NumberFormatException();
      }
      return weight;
    } catch (NumberFormatException e) {
      throw new ConfigException("TTAPI_CREF_WEIGHT must be a whole number from 0 to 100, was '" + value + "'");
    }
  }

  /** User keys made admins at start-up ({@code IMAGEBOT_ADMINS}, comma-separated, e.g. {@code telegram:42}). */
  List<String> admins() {
    return get("IMAGEBOT_ADMINS").stream()
        .flatMap(value -> java.util.Arrays.stream(value.split(",")))
        .map(String::strip).filter(key -> !key.isEmpty()).toList();
  }

  /**
   * The Hugging Face models offered as providers: FLUX.1-dev and SDXL, then the file's
   * {@code huggingface: {models: [{id, name, model, cost_usd, seconds, steps, guidance}]}} in order.
   */
  List<HfModel> huggingFaceModels() {
    List<HfModel> models = new java.util.ArrayList<>(List.of(HfModel.FLUX_DEV, HfModel.SDXL));
    for (JsonNode node : file.path("huggingface").path("models")) {
      String id = node.path("id").asText("");
      try {
        models.add(new HfModel(id, node.path("name").asText(id + " (Hugging Face)"), node.path("model").asText(""),
            new java.math.BigDecimal(node.path("cost_usd").asText("0.001")),
            Duration.ofSeconds(node.path("seconds").asLong(10)), node.path("steps").asInt(30),
            node.path("guidance").asDouble(5.0)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("huggingface.models '" + id + "': " + e.getMessage());
      }
    }
    return models;
  }

  /**
   * Who reviews designs and when votes decide: {@code IMAGEBOT_REVIEWERS} and {@code IMAGEBOT_REVIEW_LEADS}
   * (comma-separated user keys such as {@code telegram:42}), else the file's {@code review: {reviewers,
   * leads}} lists; thresholds from {@code review: {approvals, rejections, changes, lead_veto}} (default 2,
   * 2, 1, true). Nobody named: review is off.
   */
  ReviewRules reviewRules() {
    JsonNode review = file.path("review");
    List<String> reviewers = userKeys("IMAGEBOT_REVIEWERS", review.path("reviewers"));
    List<String> leads = userKeys("IMAGEBOT_REVIEW_LEADS", review.path("leads"));
    try {
      return new ReviewRules(Set.copyOf(reviewers), Set.copyOf(leads), review.path("approvals").asInt(2),
          review.path("rejections").asInt(2), review.path("changes").asInt(1),
          review.path("lead_veto").asBoolean(true));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("IMAGEBOT_CONFIG review: " + e.getMessage());
    }
  }

  /** The Telegram review group's chat id ({@code TELEGRAM_REVIEW_CHAT_ID}), or 0 when there is none. */
  long telegramReviewChat() {
    String value = get("TELEGRAM_REVIEW_CHAT_ID").orElse("0").strip();
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException("TELEGRAM_REVIEW_CHAT_ID must be a chat id such as -1001234567890, was '" + value
          + "'");
    }
  }

  /** The Discord review channel's id ({@code DISCORD_REVIEW_CHANNEL_ID}), or 0 when there is none. */
  long discordReviewChannel() {
    String value = get("DISCORD_REVIEW_CHANNEL_ID").orElse("0").strip();
    if (!value.matches("\\d{1,20}")) {
      throw new ConfigException("DISCORD_REVIEW_CHANNEL_ID must be a channel id such as 1300000000000000002, was '"
          + value + "'");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException("DISCORD_REVIEW_CHANNEL_ID is too large to be a channel id, was '" + value + "'");
    }
  }

  /** Where approved designs are handed off: {@code IMAGEBOT_APPROVED_DIR}, default {@code ./var/approved}. */
  Path approvedDir() {
    return workDir.resolve(get("IMAGEBOT_APPROVED_DIR").orElse("var/approved")).normalize();
  }

  private List<String> userKeys(String setting, JsonNode fromFile) {
    List<String> keys = new ArrayList<>();
    if (has(setting)) {
      keys.addAll(java.util.Arrays.asList(get(setting).orElseThrow().split(",")));
    } else if (fromFile.isArray()) {
      fromFile.forEach(node -> keys.add(node.asText()));
    }
    List<String> cleaned = keys.stream().map(String::strip).filter(key -> !key.isEmpty()).toList();
    for (String key : cleaned) {
      if (!USER_KEY.matcher(key).matches()) {
        throw new ConfigException(setting + " must list user keys such as telegram:42, one was '" + key + "'");
      }
    }
    return cleaned;
  }

  /** The built-in catalog with the file's {@code catalog:} entries over it. */
  Catalog catalog() {
    Catalog catalog = Catalog.builtIn();
    JsonNode overrides = file.path("catalog");
    if (overrides.isObject()) {
      try {
        catalog = catalog.overriddenBy(Catalog.fromYaml(overrides));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("IMAGEBOT_CONFIG catalog: " + e.getMessage());
      }
    }
    return catalog;
  }

  /** The working directory paths are resolved against. */
  Path workDir() {
    return workDir;
  }

  /** A URL such as {@code http://user:pass@host} without its credentials; other values unchanged. */
  private static String withoutUserInfo(String value) {
    return value.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
  }

  @Override
  public String toString() {
    return "AppConfig" + new TreeSet<>(env.keySet().stream()
        .filter(name -> name.startsWith("IMAGEBOT_") || SECRETS.contains(name) || name.endsWith("_URL")
            || name.startsWith("DISCORD_") || name.startsWith("HF_") || name.startsWith("RUNPOD_"))
        .map(name -> SECRETS.contains(name) ? name + "=(set)" : name + "=" + withoutUserInfo(env.get(name)))
        .toList());
  }
}
