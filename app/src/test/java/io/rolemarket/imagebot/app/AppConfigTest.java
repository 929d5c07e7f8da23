package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.score.ConsistencySettings;
import io.rolemarket.imagebot.core.score.ScoreShown;
import io.rolemarket.imagebot.core.route.Concurrency;
import io.rolemarket.imagebot.core.route.RouterSettings;
import io.rolemarket.imagebot.discord.DiscordSettings;
import io.rolemarket.imagebot.providers.openai.OpenAiPrices;
import io.rolemarket.imagebot.providers.replicate.ReplicateModel;
import io.rolemarket.imagebot.providers.replicate.ReplicatePrice;
import io.rolemarket.imagebot.providers.runpod.RunPodProvider;
import io.rolemarket.imagebot.telegram.TelegramSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration bound once: defaults, precedence, and a message naming the setting for every kind of bad value. */
class AppConfigTest {
  @TempDir Path workDir;

  private AppConfig load(Map<String, String> env) {
    return AppConfig.load(workDir, env);
  }

  private AppConfig loadYaml(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(workDir.resolve("bot.yaml"), yaml);
    Map<String, String> withFile = new HashMap<>(env);
    withFile.put("IMAGEBOT_CONFIG", "bot.yaml");
    return load(withFile);
  }

  private String refusal(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> load(env)).getMessage();
  }

  private String yamlRefusal(String yaml) {
    return assertThrows(ConfigException.class, () -> loadYaml(yaml, Map.of())).getMessage();
  }

  @Test
  void nothingSet_todaysDefaults() {
    AppConfig config = load(Map.of());

    assertEquals(workDir.resolve("var/imagebot.db"), config.dbPath());
    assertEquals(workDir.resolve("var/out"), config.outDir());
    assertEquals(workDir.resolve("var/approved"), config.approvedDir());
    assertEquals(QuotaPolicy.withDailyLimit(25), config.quotaPolicy());
    assertEquals(RouterSettings.defaults(), config.routerSettings());
    assertEquals(new BigDecimal(50), config.monthlyBudgetUsd());
    assertEquals(256L << 20, config.cacheMaxBytes());
    assertEquals(Duration.ofHours(24), config.cacheExpiry());
    assertEquals(List.of(), config.admins());
    assertEquals(ReviewRules.none(), config.reviewRules());
    assertNull(config.hookUrl());
    assertEquals(new InetSocketAddress("127.0.0.1", 8090), config.hookAddress());
    assertEquals(new ProviderSettings(null, null, null, null, null, null, null), config.providers());
    assertNull(config.telegram());
    assertNull(config.discord());
    assertNull(config.clipModel());
  }

  @Test
  void clipModel_resolvedAgainstTheWorkingDirectory() {
    AppConfig config = load(Map.of("IMAGEBOT_CLIP_MODEL", " models/../models/vision_model.onnx "));

    assertEquals(workDir.resolve("models/vision_model.onnx"), config.clipModel());
  }

  @Test
  void platformTokensOnly_platformDefaults() {
    AppConfig config = load(Map.of("TELEGRAM_BOT_TOKEN", "123:abc", "DISCORD_BOT_TOKEN", "discord-token"));

    assertEquals(TelegramSettings.of("123:abc", TelegramSettings.DEFAULT_API_URL), config.telegram());
    assertEquals(DiscordSettings.of("discord-token", null, null, null), config.discord());
  }

  @Test
  void telegramWebhook_boundAtLoad() {
    TelegramSettings telegram = load(Map.of("TELEGRAM_BOT_TOKEN", "123:abc", "TELEGRAM_WEBHOOK_URL",
        "https://bot.example.org/telegram", "TELEGRAM_WEBHOOK_SECRET", "s3cret_token", "TELEGRAM_WEBHOOK_PORT", "9000",
        "TELEGRAM_REVIEW_CHAT_ID", "-1001234567890")).telegram();

    assertEquals(new TelegramSettings.Webhook("https://bot.example.org/telegram", "s3cret_token", 9000,
        TelegramSettings.Webhook.LOOPBACK), Objects.requireNonNull(telegram).webhook());
    assertEquals(-1001234567890L, telegram.reviewChatId());
  }

  @Test
  void environment_winsOverTheFile() throws IOException {
    AppConfig config = loadYaml("""
        quota: {daily: 3, user: {daily: 4, monthly: 40}}
        budget: {monthly_usd: 10}
        cache: {max_mb: 16}
        buttons: {lifetime_days: 3}
        region: HK
        deadlines: {request_seconds: 60}
        """, Map.of("IMAGEBOT_QUOTA_DAILY", "7", "IMAGEBOT_BUDGET_USD", "20.5", "IMAGEBOT_CACHE_MB", "32",
        "IMAGEBOT_REGION", "SG", "IMAGEBOT_REQUEST_DEADLINE_SECONDS", "90", "IMAGEBOT_BUTTON_DAYS", "30"));

    assertEquals(new QuotaLimits(7, 40), config.quotaPolicy().user());
    assertEquals(new BigDecimal("20.5"), config.monthlyBudgetUsd());
    assertEquals(32L << 20, config.cacheMaxBytes());
    assertEquals(Duration.ofDays(30), config.buttonLifetime());
    assertEquals("SG", config.routerSettings().region());
    assertEquals(Duration.ofSeconds(90), config.routerSettings().requestDeadline());
  }

  @Test
  void fileAlone_applies() throws IOException {
    AppConfig config = loadYaml("""
        quota: {daily: 3, pro: {daily: 50, monthly: 500}}
        budget: {monthly_usd: 10}
        cache: {max_mb: 16, expire_hours: 2}
        buttons: {lifetime_days: 3}
        concurrency: {sdwebui: {max: 1}, flux: {min: 2, max: 12}}
        region: HK
        deadlines:
          job_request_seconds: 900
          midjourney: {silence_seconds: 120, total_seconds: 1800}
        review: {reviewers: ["telegram:42"], approvals: 1, lead_veto: false}
        """, Map.of());

    assertEquals(new QuotaPolicy(new QuotaLimits(3, 300), new QuotaLimits(50, 500)), config.quotaPolicy());
    assertEquals(new BigDecimal(10), config.monthlyBudgetUsd());
    assertEquals(Duration.ofHours(2), config.cacheExpiry());
    assertEquals(Duration.ofDays(3), config.buttonLifetime());
    assertEquals(Map.of("sdwebui", new Concurrency(1, 1), "flux", new Concurrency(2, 12)),
        config.routerSettings().providerConcurrency());
    assertEquals("HK", config.routerSettings().region());
    assertEquals(Duration.ofSeconds(900), config.routerSettings().jobRequestDeadline());
    assertEquals(Duration.ofSeconds(120), config.routerSettings().providerDeadlines().get("midjourney").silence());
    assertEquals(new ReviewRules(java.util.Set.of("telegram:42"), java.util.Set.of(), 1, 2, 1, false),
        config.reviewRules());
  }

  @Test
  void readmeExample_loadsAsDocumented() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("```yaml\ncatalog:") + "```yaml\n".length();
    String example = readme.substring(start, readme.indexOf("```", start));

    AppConfig config = loadYaml(example, Map.of("TTAPI_API_KEY", "tt", "OPENAI_API_KEY", "sk-x",
        "REPLICATE_API_TOKEN", "r8_x", "RUNPOD_API_KEY", "rp", "RUNPOD_ENDPOINT_ID", "abc123"));

    assertEquals("Bobo Bear", config.catalog().character("bobo").orElseThrow().name());
    assertEquals(java.util.List.of("brand/bobo-sheet.png", "brand/bobo-side.png"),
        config.catalog().character("bobo").orElseThrow().references());
    assertEquals(new QuotaPolicy(new QuotaLimits(25, 300), new QuotaLimits(100, 1500)), config.quotaPolicy());
    assertEquals(60, Objects.requireNonNull(config.providers().midjourney()).crefWeight());
    assertEquals(Duration.ofMinutes(30), config.routerSettings().providerDeadlines().get("midjourney").total());
    assertEquals(0, new BigDecimal("40").compareTo(
        Objects.requireNonNull(config.providers().openAi()).prices().imageOutputPerMillionUsd()));
    assertEquals(ReplicatePrice.perImage(new BigDecimal("0.003")),
        Objects.requireNonNull(config.providers().replicate()).model().price());
    assertEquals(new BigDecimal("0.00019"), Objects.requireNonNull(config.providers().runPod()).pricePerSecondUsd());
  }

  @Test
  void dotEnv_underTheEnvironment() throws IOException {
    Files.writeString(workDir.resolve(".env"), "IMAGEBOT_BUDGET_USD=10\nIMAGEBOT_CACHE_MB=8\n");

    AppConfig config = load(Map.of("IMAGEBOT_BUDGET_USD", "20"));

    assertEquals(new BigDecimal(20), config.monthlyBudgetUsd());
    assertEquals(8L << 20, config.cacheMaxBytes());
  }

  @Test
  void dotEnv_badValueNamesTheVariable() throws IOException {
    Files.writeString(workDir.resolve(".env"), "IMAGEBOT_HOOK_PORT=eighty\n");

    assertEquals("IMAGEBOT_HOOK_PORT: expected a port number from 0 to 65535, got \"eighty\"", refusal(Map.of()));
  }

  @Test
  void yamlWrongType_namesThePathAndWhatWasGiven() {
    assertEquals("quota.user.daily: expected a whole number, got \"ten\"",
        yamlRefusal("quota:\n  user: {daily: \"ten\"}\n"));
    assertEquals("cache.max_mb: expected a whole number, got \"2.5\"", yamlRefusal("cache: {max_mb: 2.5}\n"));
    assertEquals("review.lead_veto: expected true or false, got \"maybe\"", yamlRefusal("review: {lead_veto: maybe}\n"));
    assertEquals("review.reviewers: expected a list, got \"telegram:42\"",
        yamlRefusal("review: {reviewers: \"telegram:42\"}\n"));
    assertEquals("huggingface.models[0].steps: expected a whole number, got \"many\"",
        yamlRefusal("huggingface: {models: [{id: sd35, model: o/n, steps: many}]}\n"));
    assertEquals("deadlines.flux.silence_seconds: expected a whole number, got \"soon\"",
        yamlRefusal("deadlines: {flux: {silence_seconds: soon}}\n"));
    assertEquals("quota: expected a section of keys, got a list", yamlRefusal("quota: [1, 2]\n"));
    assertEquals("quota.daily: expected a whole number that fits, got \"99999999999\"", yamlRefusal("quota: {daily: 99999999999}\n"));
    assertEquals("catalog: expected a section of keys, got a list", yamlRefusal("catalog: [a]\n"));
    assertEquals("catalog.characters.bobo.aliases: expected a list, got \"bear\"",
        yamlRefusal("catalog: {characters: {bobo: {name: Bobo, aliases: bear}}}\n"));
  }

  @Test
  void yamlUnknownKey_namesThePathAndTheKnownKeys() {
    assertEquals("quota.user.dayly: unknown key; known here: daily, monthly",
        yamlRefusal("quota:\n  user: {dayly: 5}\n"));
    assertEquals("deadlines.flux.silence: unknown key; known here: silence_seconds, total_seconds",
        yamlRefusal("deadlines: {flux: {silence: 5}}\n"));
    assertEquals("catalog.characters.bobo.sketch.colour: unknown key; known here: color, species",
        yamlRefusal("catalog: {characters: {bobo: {sketch: {colour: \"#A0522D\"}}}}\n"));
  }

  @Test
  void yamlConcurrency_ceilingBelowTheFloor_namesThePath() {
    String message = yamlRefusal("concurrency: {flux: {min: 5, max: 2}}\n");
    assertTrue(message.startsWith("concurrency.flux.max: expected a whole number from 5"), message);
  }

  @Test
  void consistency_notSet_oneRedrawShownToEveryone() {
    assertEquals(new ConsistencySettings(1, ScoreShown.ALWAYS), load(Map.of()).consistency());
  }

  @Test
  void consistency_fromTheFile_applies() throws IOException {
    AppConfig config = loadYaml("consistency: {redraws: 0, show_score: reviewers}\n", Map.of());

    assertEquals(new ConsistencySettings(0, ScoreShown.REVIEWERS), config.consistency());
  }

  @Test
  void consistency_badValues_refusedNamingTheKey() {
    assertEquals("consistency.show_score: must be always, reviewers or never, was 'admins'",
        yamlRefusal("consistency: {show_score: admins}\n"));
    String message = yamlRefusal("consistency: {redraws: 5}\n");
    assertTrue(message.startsWith("consistency.redraws: expected a whole number from 0 to 3"), message);
  }

  @Test
  void catalog_characterReferencesAndThreshold_reachTheCatalog() throws IOException {
    AppConfig config = loadYaml("""
        catalog:
          characters:
            lulu:
              name: Lulu Pig
              description: a round pink cartoon pig
              references: [brand/lulu-front.png, brand/lulu-side.png]
              threshold: 0.7
        """, Map.of());

    var lulu = config.catalog().character("lulu").orElseThrow();
    assertEquals(List.of("brand/lulu-front.png", "brand/lulu-side.png"), lulu.references());
    assertEquals(0.7, lulu.threshold());
  }

  @Test
  void yamlUnknownKey_neverShowsItsValue() {
    String message = yamlRefusal("telegram_bot_token: \"123456:AAF-very-secret\"\n");

    assertTrue(message.startsWith("telegram_bot_token: unknown key; known here: budget, buttons, cache, catalog, concurrency"), message);
    assertFalse(message.contains("very-secret"), message);
  }

  @Test
  void budgetCapsPerRole_readFromTheFile_badOnesNamed() throws IOException {
    AppConfig config = loadYaml("budget: {monthly_usd: 80, per_user_monthly_usd: {pro: 5, user: 0.5}}\n", Map.of());
    assertEquals(Map.of(io.rolemarket.imagebot.core.Role.PRO, new BigDecimal("5"),
        io.rolemarket.imagebot.core.Role.USER, new BigDecimal("0.5")), config.roleCapsUsd());
    assertEquals(Map.of(), loadYaml("budget: {monthly_usd: 80}\n", Map.of()).roleCapsUsd(), "no caps by default");
    assertEquals("budget.per_user_monthly_usd.admin: no such role; a cap is for user or pro (admins have none)",
        yamlRefusal("budget: {per_user_monthly_usd: {admin: 5}}\n"));
    assertEquals("budget.per_user_monthly_usd.pro: expected an amount of dollars from 0 such as 50, got -1",
        yamlRefusal("budget: {per_user_monthly_usd: {pro: -1}}\n"));
  }

  @Test
  void yamlOutOfRange_namesThePath() {
    assertEquals("quota.pro.monthly: expected a whole number from 0, got -1", yamlRefusal("quota: {pro: {monthly: -1}}\n"));
    assertEquals("review.approvals: expected a whole number from 1, got 0", yamlRefusal("review: {approvals: 0}\n"));
    assertEquals("budget.monthly_usd: expected an amount of dollars from 0 such as 50, got -5",
        yamlRefusal("budget: {monthly_usd: -5}\n"));
    assertEquals("region: expected a two-letter country code such as HK, got \"Hong Kong\"",
        yamlRefusal("region: Hong Kong\n"));
    assertEquals("review.leads: expected user keys such as telegram:42, got \"bob\"",
        yamlRefusal("review: {leads: [bob]}\n"));
  }

  @Test
  void yamlPrices_badValues_nameThePath() {
    assertEquals("runpod.per_second_usd: expected an amount of dollars from 0 such as 50, got -1",
        yamlRefusal("runpod: {per_second_usd: -1}\n"));
    assertEquals("openai.image_output_per_million_usd: expected an amount of dollars from 0 such as 50, got -40",
        yamlRefusal("openai: {image_output_per_million_usd: -40}\n"));
    assertEquals("replicate.models.acme/sdxl: expected one of per_image_usd or per_second_usd, got both",
        yamlRefusal("replicate: {models: {acme/sdxl: {per_image_usd: 0.01, per_second_usd: 0.001}}}\n"));
    assertEquals("replicate.models.acme/sdxl: expected one of per_image_usd or per_second_usd, got neither",
        yamlRefusal("replicate: {models: {acme/sdxl: {}}}\n"));
    assertEquals("replicate.models.sdxl: Replicate model must be owner/name in lower case, was 'sdxl'",
        yamlRefusal("replicate: {models: {sdxl: {per_image_usd: 0.01}}}\n"));
    assertEquals("runpod.per_hour_usd: unknown key; known here: per_second_usd",
        yamlRefusal("runpod: {per_hour_usd: 0.7}\n"));
  }

  @Test
  void yamlPrices_absent_datedDefaults() {
    ProviderSettings providers = load(Map.of("OPENAI_API_KEY", "sk-x", "REPLICATE_API_TOKEN", "r8_x",
        "RUNPOD_API_KEY", "rp", "RUNPOD_ENDPOINT_ID", "abc123")).providers();
    assertEquals(OpenAiPrices.GPT_IMAGE_1, Objects.requireNonNull(providers.openAi()).prices());
    assertEquals(ReplicateModel.FLUX_SCHNELL, Objects.requireNonNull(providers.replicate()).model());
    assertEquals(RunPodProvider.DEFAULT_PRICE_PER_SECOND_USD,
        Objects.requireNonNull(providers.runPod()).pricePerSecondUsd());
  }

  @Test
  void yamlFile_missingOrNotYaml_namesIMAGEBOT_CONFIG() throws IOException {
    assertEquals("IMAGEBOT_CONFIG: no such file, nope.yaml", refusal(Map.of("IMAGEBOT_CONFIG", "nope.yaml")));
    assertTrue(yamlRefusal("quota: {daily: [\n").startsWith("IMAGEBOT_CONFIG: bot.yaml is not valid YAML"));
    assertTrue(yamlRefusal("- a list\n").startsWith("IMAGEBOT_CONFIG: expected a YAML file of sections"));
  }

  @Test
  void badEnvironmentNumbers_nameTheVariable() {
    assertEquals("IMAGEBOT_HOOK_PORT: expected a port number from 0 to 65535, got \"70000\"",
        refusal(Map.of("IMAGEBOT_HOOK_PORT", "70000")));
    assertEquals("IMAGEBOT_CACHE_MB: expected a whole number from 0, got \"-1\"",
        refusal(Map.of("IMAGEBOT_CACHE_MB", "-1")));
    assertTrue(refusal(Map.of("IMAGEBOT_BUTTON_DAYS", "0")).startsWith("IMAGEBOT_BUTTON_DAYS: expected a whole number"),
        refusal(Map.of("IMAGEBOT_BUTTON_DAYS", "0")));
    assertEquals("IMAGEBOT_BUDGET_USD: expected an amount of dollars from 0 such as 50, got \"fifty\"",
        refusal(Map.of("IMAGEBOT_BUDGET_USD", "fifty")));
    assertEquals("IMAGEBOT_REQUEST_DEADLINE_SECONDS: expected a whole number from 1, got \"0\"",
        refusal(Map.of("IMAGEBOT_REQUEST_DEADLINE_SECONDS", "0")));
    assertEquals("DISCORD_SHARDS: expected a whole number from 1, got \"two\"",
        refusal(Map.of("DISCORD_SHARDS", "two")));
    assertEquals("TTAPI_CREF_WEIGHT: expected a whole number from 0 to 100, got \"101\"",
        refusal(Map.of("TTAPI_CREF_WEIGHT", "101")));
  }

  @Test
  void badEnvironmentValueOverAGoodFile_namesTheVariable() throws IOException {
    Files.writeString(workDir.resolve("bot.yaml"), "quota: {daily: 3}\n");

    assertEquals("IMAGEBOT_QUOTA_DAILY: expected a whole number from 0, got \"3.5\"",
        refusal(Map.of("IMAGEBOT_CONFIG", "bot.yaml", "IMAGEBOT_QUOTA_DAILY", "3.5")));
  }

  @Test
  void badIdsAndChoices_nameTheVariable() {
    assertEquals("DISCORD_GUILD_ID: expected a server id such as 123456789012345678, got \"my-server\"",
        refusal(Map.of("DISCORD_GUILD_ID", "my-server")));
    assertEquals("DISCORD_COMPRESSION: expected zlib or none, got \"gzip\"", refusal(Map.of("DISCORD_COMPRESSION", "gzip")));
    assertEquals("TTAPI_MODE: expected relax, fast or turbo, got \"slow\"", refusal(Map.of("TTAPI_MODE", "slow")));
    assertTrue(refusal(Map.of("HF_PROVIDER", "nobody")).startsWith("HF_PROVIDER: must be auto or one of"));
    assertTrue(refusal(Map.of("REPLICATE_MODEL", "Not A Model")).startsWith("REPLICATE_MODEL: "));
    assertEquals("RUNPOD_ENDPOINT_ID: expected an endpoint id such as abc123xyz, got \"a/b\"",
        refusal(Map.of("RUNPOD_ENDPOINT_ID", "a/b")));
    assertEquals("IMAGEBOT_HOOK_BIND: expected an address of this machine such as 127.0.0.1 or 0.0.0.0, got \"any host!\"",
        refusal(Map.of("IMAGEBOT_HOOK_BIND", "any host!")));
    assertEquals("IMAGEBOT_REGION: expected a two-letter country code such as HK, got \"HKG\"",
        refusal(Map.of("IMAGEBOT_REGION", "HKG")));
  }

  @Test
  void metricsPort_unset_noMetricsServer() {
    assertNull(load(Map.of()).metricsAddress());
  }

  @Test
  void metricsPort_set_boundToLoopbackUnlessTold() {
    assertEquals(new InetSocketAddress("127.0.0.1", 9464), load(Map.of("IMAGEBOT_METRICS_PORT", "9464")).metricsAddress());
    assertEquals(new InetSocketAddress("0.0.0.0", 9464),
        load(Map.of("IMAGEBOT_METRICS_PORT", "9464", "IMAGEBOT_METRICS_BIND", "0.0.0.0")).metricsAddress());
  }

  @Test
  void metricsPort_bad_namesTheVariable() {
    assertEquals("IMAGEBOT_METRICS_PORT: expected a port number from 0 to 65535, got \"prometheus\"",
        refusal(Map.of("IMAGEBOT_METRICS_PORT", "prometheus")));
  }

  @Test
  void badUserKeys_nameTheVariable() {
    assertEquals("IMAGEBOT_ADMINS: expected user keys such as telegram:42, got \"alice\"",
        refusal(Map.of("IMAGEBOT_ADMINS", "telegram:1, alice")));
    assertEquals("IMAGEBOT_REVIEW_LEADS: expected user keys such as telegram:42, got \"telegram\"",
        refusal(Map.of("IMAGEBOT_REVIEW_LEADS", "telegram")));
  }

  @Test
  void badUrls_nameTheVariableButNotTheValue() {
    assertEquals("OPENAI_BASE_URL: expected an http:// or https:// URL (the value is not shown)",
        refusal(Map.of("OPENAI_BASE_URL", "ftp://nope")));
    String sdWebUi = refusal(Map.of("SD_WEBUI_URL", "pod:s3cret@10.0.0.5:7860"));
    assertTrue(sdWebUi.startsWith("SD_WEBUI_URL: expected an http:// or https:// URL"), sdWebUi);
    assertFalse(sdWebUi.contains("s3cret"), sdWebUi);
    assertTrue(refusal(Map.of("DISCORD_GATEWAY_URL", "https://gateway.example.org"))
        .startsWith("DISCORD_GATEWAY_URL: expected a URL starting with wss:// or ws://"));
    assertTrue(refusal(Map.of("TELEGRAM_API_URL", "api.telegram.org")).startsWith("TELEGRAM_API_URL: "));
    assertTrue(refusal(Map.of("IMAGEBOT_HOOK_URL", "http://bot.example.org/hooks"))
        .startsWith("IMAGEBOT_HOOK_URL: must be an https URL"));
  }

  @Test
  void badTelegramWebhook_namesTheSettingNeverTheSecret() {
    Map<String, String> webhook = Map.of("TELEGRAM_BOT_TOKEN", "123:abc", "TELEGRAM_WEBHOOK_URL",
        "https://bot.example.org/telegram", "TELEGRAM_WEBHOOK_SECRET", "s3cret_token");

    assertEquals("TELEGRAM_WEBHOOK_PORT: expected a port number from 0 to 65535, got \"-1\"",
        refusal(with(webhook, "TELEGRAM_WEBHOOK_PORT", "-1")));
    assertTrue(refusal(with(webhook, "TELEGRAM_WEBHOOK_BIND", "every interface")).startsWith("TELEGRAM_WEBHOOK_BIND: "));
    assertTrue(refusal(with(webhook, "TELEGRAM_WEBHOOK_URL", "http://bot.example.org/telegram"))
        .startsWith("TELEGRAM_WEBHOOK_URL: expected an https:// URL on port 443, 80, 88 or 8443"));
    String secret = refusal(with(webhook, "TELEGRAM_WEBHOOK_SECRET", "not so secret!"));
    assertEquals("TELEGRAM_WEBHOOK_SECRET: expected 1 to 256 of A-Z a-z 0-9 _ - (the value is not shown)", secret);
    Map<String, String> noSecret = new HashMap<>(webhook);
    noSecret.remove("TELEGRAM_WEBHOOK_SECRET");
    assertEquals("TELEGRAM_WEBHOOK_SECRET: must be set along with TELEGRAM_WEBHOOK_URL", refusal(noSecret));
  }

  @Test
  void badSecrets_nameTheSettingNeverTheValue() {
    String replicate = refusal(Map.of("REPLICATE_WEBHOOK_SECRET", "whsec_not*base64*secret"));
    assertEquals("REPLICATE_WEBHOOK_SECRET: expected whsec_ followed by base64 (the value is not shown)", replicate);
    String auth = refusal(Map.of("SD_WEBUI_AUTH", "onlyapassword"));
    assertEquals("SD_WEBUI_AUTH: expected user:password, as given to --api-auth (the value is not shown)", auth);
  }

  @Test
  void toString_namesSettingsButNeverASecret() {
    Map<String, String> env = new HashMap<>();
    AppConfig.SECRETS.forEach(name -> env.put(name, "value-of-" + name.toLowerCase(java.util.Locale.ROOT)));
    env.put("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/telegram");
    env.put("TELEGRAM_WEBHOOK_SECRET", "webhook_secret_value");
    env.put("SD_WEBUI_AUTH", "pod:sd-secret-value");
    env.put("REPLICATE_WEBHOOK_SECRET", "whsec_c2VjcmV0LXZhbHVl");
    env.put("RUNPOD_ENDPOINT_ID", "abc123");
    env.put("IMAGEBOT_DB_URL", "jdbc:postgresql://db:5432/imagebot?user=bot&password=url-secret-value");

    AppConfig config = load(env);
    String shown = config.toString() + config.providers() + config.telegram() + config.discord() + config.postgres();

    for (String name : AppConfig.SECRETS) {
      assertFalse(shown.contains(env.get(name)), name + " leaked: " + shown);
      assertTrue(config.toString().contains(name + "=(set)"), shown);
    }
  }

  @Test
  void dbUrlUnset_sqliteAtImagebotDb() {
    AppConfig config = load(Map.of("IMAGEBOT_DB", "data/team.db"));

    assertNull(config.postgres());
    assertEquals(workDir.resolve("data/team.db"), config.dbPath());
  }

  @Test
  void dbUrlSet_postgresWithThePasswordAndTheSharedBlobs() {
    AppConfig config = load(Map.of("IMAGEBOT_DB_URL", "jdbc:postgresql://db:5432/imagebot?user=bot",
        "IMAGEBOT_DB_PASSWORD", "pg-secret", "IMAGEBOT_BLOBS", "/srv/imagebot/blobs"));

    assertEquals(new AppConfig.Postgres("jdbc:postgresql://db:5432/imagebot?user=bot", "pg-secret",
        Path.of("/srv/imagebot/blobs"), AppConfig.ProcessRole.ALL, 16), config.postgres());
    assertEquals(workDir.resolve("var/blobs"),
        Objects.requireNonNull(load(Map.of("IMAGEBOT_DB_URL", "jdbc:postgresql://db/imagebot")).postgres()).blobs());
  }

  @Test
  void role_workerOrEdgeWithItsConcurrency_onPostgresOnly() {
    Map<String, String> postgres = Map.of("IMAGEBOT_DB_URL", "jdbc:postgresql://db/imagebot", "IMAGEBOT_ROLE",
        "Worker", "IMAGEBOT_WORKERS", "4");
    AppConfig.Postgres worker = Objects.requireNonNull(load(postgres).postgres());

    assertEquals(AppConfig.ProcessRole.WORKER, worker.role());
    assertEquals(4, worker.workers());
    assertEquals("IMAGEBOT_ROLE: expected all, edge or worker, got leader",
        refusal(with(postgres, "IMAGEBOT_ROLE", "leader")));
    assertEquals("IMAGEBOT_ROLE=edge needs IMAGEBOT_DB_URL (PostgreSQL): on SQLite one process does everything",
        refusal(Map.of("IMAGEBOT_ROLE", "edge")));
    assertNull(load(Map.of("IMAGEBOT_ROLE", "all")).postgres(), "all is SQLite's one process");
    assertTrue(refusal(with(postgres, "IMAGEBOT_WORKERS", "0")).startsWith("IMAGEBOT_WORKERS"));
  }

  @Test
  void dbUrlNotPostgres_namesTheSettingNeverTheValue() {
    String refusal = refusal(Map.of("IMAGEBOT_DB_URL", "mysql://bot:pw-in-url@db/imagebot"));

    assertEquals("IMAGEBOT_DB_URL: expected jdbc:postgresql://host:port/database?user=... (unset it for SQLite at "
        + "IMAGEBOT_DB) (the value is not shown)", refusal);
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> changed = new HashMap<>(env);
    changed.put(name, value);
    return changed;
  }
}
