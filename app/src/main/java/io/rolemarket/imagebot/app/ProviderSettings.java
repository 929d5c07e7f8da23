package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.providers.gemini.GeminiProvider;
import io.rolemarket.imagebot.providers.hf.HfModel;
import io.rolemarket.imagebot.providers.hf.HubProviderMapping;
import io.rolemarket.imagebot.providers.hf.HuggingFaceProvider;
import io.rolemarket.imagebot.providers.openai.OpenAiImagesProvider;
import io.rolemarket.imagebot.providers.openai.OpenAiPrices;
import io.rolemarket.imagebot.providers.replicate.ReplicateModel;
import io.rolemarket.imagebot.providers.replicate.ReplicatePrice;
import io.rolemarket.imagebot.providers.replicate.ReplicateProvider;
import io.rolemarket.imagebot.providers.runpod.RunPodProvider;
import io.rolemarket.imagebot.providers.ttapi.MidjourneyProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The image providers' settings, checked: each provider is here when its key (or URL) is set, else null.
 * Base URLs are the public ones unless set. Immutable; keys are {@link Secret}s, so {@link #toString()} never
 * shows one.
 */
record ProviderSettings(
    @Nullable HuggingFace huggingFace,
    @Nullable Replicate replicate,
    @Nullable SdWebUi sdWebUi,
    @Nullable RunPod runPod,
    @Nullable Api gemini,
    @Nullable OpenAi openAi,
    @Nullable Midjourney midjourney) {

  /** A secret setting's value; {@link #toString()} never shows it. */
  record Secret(String value) {
    @Override
    public String toString() {
      return "(set)";
    }
  }

  /** An API reached with one key ({@code GOOGLE_API_KEY}). */
  record Api(Secret key, HttpUrl baseUrl) {}

  /**
   * OpenAI: {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, and the token prices ({@code openai.*_per_million_usd}
   * in the file, else gpt-image-1's).
   */
  record OpenAi(Secret key, HttpUrl baseUrl, OpenAiPrices prices) {}

  /**
   * Hugging Face: {@code HF_TOKEN}, the router {@code HF_BASE_URL}, the Hub {@code HF_HUB_URL}, the provider
   * behind the router {@code HF_PROVIDER} ({@code auto}), and the models (FLUX.1-dev, SDXL, FLUX.1 Kontext dev for
   * characters with a reference picture, then the file's).
   */
  record HuggingFace(Secret token, HttpUrl baseUrl, HttpUrl hubUrl, String provider, List<HfModel> models) {
    /** Copies the models. */
    HuggingFace {
      models = List.copyOf(models);
    }
  }

  /**
   * Replicate: {@code REPLICATE_API_TOKEN}, {@code REPLICATE_BASE_URL}, {@code REPLICATE_MODEL} (with its price
   * from the file's {@code replicate.models} when listed there), {@code REPLICATE_WEBHOOK_SECRET}, and
   * {@code REPLICATE_KONTEXT_MODEL}: the model of provider {@code replicate-kontext}, which draws characters from
   * their reference picture, or null when unset (no such provider).
   */
  record Replicate(Secret token, HttpUrl baseUrl, ReplicateModel model, @Nullable Secret webhookSecret,
      @Nullable ReplicateModel kontextModel) {}

  /** SD WebUI: {@code SD_WEBUI_URL} (it may carry {@code user:pass}, so it is secret too), {@code SD_WEBUI_AUTH}. */
  record SdWebUi(Secret url, @Nullable Secret auth) {}

  /**
   * RunPod serverless: {@code RUNPOD_API_KEY}, {@code RUNPOD_BASE_URL}, {@code RUNPOD_ENDPOINT_ID}, and its workers'
   * price a second ({@code runpod.per_second_usd} in the file, else a 24 GB flex worker's).
   */
  record RunPod(Secret key, HttpUrl baseUrl, String endpointId, BigDecimal pricePerSecondUsd) {}

  /**
   * Midjourney through TTAPI: {@code TTAPI_API_KEY}, {@code TTAPI_BASE_URL}, {@code TTAPI_MODE} and the
   * {@code --cw} weight ({@code TTAPI_CREF_WEIGHT} or {@code midjourney.cref_weight}), null when neither is set.
   */
  record Midjourney(Secret key, HttpUrl baseUrl, String mode, @Nullable Integer crefWeight) {}

  /**
   * Every provider setting from the environment, with the file's {@code huggingface.models},
   * {@code midjourney.cref_weight} and prices ({@code openai}, {@code replicate.models}, {@code runpod}); each
   * setting is checked whether or not its provider is configured.
   *
   * @throws ConfigException naming the first setting that is wrong
   */
  static ProviderSettings read(SettingReader settings, ConfigFile file) {
    HttpUrl hfBase = url(settings, "HF_BASE_URL", HuggingFaceProvider.DEFAULT_BASE_URL);
    HttpUrl hfHub = url(settings, "HF_HUB_URL", HuggingFaceProvider.DEFAULT_HUB_URL);
    String hfProvider = checked("HF_PROVIDER", settings.text("HF_PROVIDER").orElse(HubProviderMapping.AUTO),
        HubProviderMapping::choice);
    List<HfModel> hfModels = huggingFaceModels(file.huggingface());

    HttpUrl replicateBase = url(settings, "REPLICATE_BASE_URL", ReplicateProvider.DEFAULT_BASE_URL);
    ReplicateModel replicateModel = priced(checked("REPLICATE_MODEL",
        settings.text("REPLICATE_MODEL").orElse(ReplicateModel.FLUX_SCHNELL.name()), ReplicateModel::parse),
        file.replicate());
    ReplicateModel replicateKontext = settings.text("REPLICATE_KONTEXT_MODEL")
        .map(name -> priced(checked("REPLICATE_KONTEXT_MODEL", name, ProviderSettings::kontext), file.replicate()))
        .orElse(null);
    OpenAiPrices openAiPrices = openAiPrices(file.openai());
    BigDecimal runPodPrice = SettingReader.dollarsInFile(file.runpod().perSecondUsd(), "runpod.per_second_usd",
        RunPodProvider.DEFAULT_PRICE_PER_SECOND_USD);
    Optional<Secret> replicateWebhook = settings.secret("REPLICATE_WEBHOOK_SECRET").map(secret -> {
      String encoded = secret.strip().startsWith("whsec_") ? secret.strip().substring("whsec_".length())
          : secret.strip();
      try {
        if (Base64.getDecoder().decode(encoded).length > 0) {
          return new Secret(secret);
        }
      } catch (IllegalArgumentException e) {
        // reported below, without the value
      }
      throw ConfigException.expectedHidden("REPLICATE_WEBHOOK_SECRET", "whsec_ followed by base64");
    });

    settings.httpUrl("SD_WEBUI_URL"); // only checked: the provider takes any user:pass out of it itself
    Optional<Secret> sdAuth = settings.secret("SD_WEBUI_AUTH").map(auth -> {
      if (auth.indexOf(':') < 1) {
        throw ConfigException.expectedHidden("SD_WEBUI_AUTH", "user:password, as given to --api-auth");
      }
      return new Secret(auth);
    });

    HttpUrl runPodBase = url(settings, "RUNPOD_BASE_URL", RunPodProvider.DEFAULT_BASE_URL);
    Optional<String> runPodEndpoint = settings.text("RUNPOD_ENDPOINT_ID").map(id -> {
      if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
        throw ConfigException.expected("RUNPOD_ENDPOINT_ID", "an endpoint id such as abc123xyz",
            SettingReader.quoted(id));
      }
      return id;
    });
    HttpUrl geminiBase = url(settings, "GEMINI_BASE_URL", GeminiProvider.DEFAULT_BASE_URL);
    HttpUrl openAiBase = url(settings, "OPENAI_BASE_URL", OpenAiImagesProvider.DEFAULT_BASE_URL);

    HttpUrl ttapiBase = url(settings, "TTAPI_BASE_URL", MidjourneyProvider.DEFAULT_BASE_URL);
    String ttapiMode = settings.text("TTAPI_MODE").orElse(MidjourneyProvider.DEFAULT_MODE);
    if (!MidjourneyProvider.MODES.contains(ttapiMode)) {
      throw ConfigException.expected("TTAPI_MODE", "relax, fast or turbo", SettingReader.quoted(ttapiMode));
    }
    Integer fileWeight = file.midjourney().crefWeight();
    Integer crefWeight = settings.text("TTAPI_CREF_WEIGHT").isEmpty() && fileWeight == null ? null
        : (int) settings.whole("TTAPI_CREF_WEIGHT", fileWeight, "midjourney.cref_weight", 0, 100, 0);

    Optional<Secret> runPodKey = settings.secret("RUNPOD_API_KEY").map(Secret::new);
    if (runPodKey.isPresent() && runPodEndpoint.isEmpty()) {
      throw new ConfigException("RUNPOD_ENDPOINT_ID: must be set along with RUNPOD_API_KEY");
    }
    return new ProviderSettings(
        settings.secret("HF_TOKEN").map(token -> new HuggingFace(new Secret(token), hfBase, hfHub, hfProvider,
            hfModels)).orElse(null),
        settings.secret("REPLICATE_API_TOKEN").map(token -> new Replicate(new Secret(token), replicateBase,
            replicateModel, replicateWebhook.orElse(null), replicateKontext)).orElse(null),
        settings.secret("SD_WEBUI_URL").map(url -> new SdWebUi(new Secret(url.strip()), sdAuth.orElse(null)))
            .orElse(null),
        runPodKey.map(key -> new RunPod(key, runPodBase, runPodEndpoint.orElseThrow(), runPodPrice)).orElse(null),
        settings.secret("GOOGLE_API_KEY").map(key -> new Api(new Secret(key), geminiBase)).orElse(null),
        settings.secret("OPENAI_API_KEY").map(key -> new OpenAi(new Secret(key), openAiBase, openAiPrices))
            .orElse(null),
        settings.secret("TTAPI_API_KEY").map(key -> new Midjourney(new Secret(key), ttapiBase, ttapiMode,
            crefWeight)).orElse(null));
  }

  /**
   * The Replicate model named {@code name} as one that draws from a reference picture: {@code flux-kontext-pro},
   * {@code flux-kontext-dev}, or any {@code owner/name} taking the picture as {@code input_image} as they do.
   */
  private static ReplicateModel kontext(String name) {
    ReplicateModel model = ReplicateModel.parse(name);
    return model.imageInput() != null ? model : model.withImageInput("input_image");
  }

  /** gpt-image-1's token prices, each replaced by the file's {@code openai.*_per_million_usd} when set. */
  private static OpenAiPrices openAiPrices(ConfigFile.OpenAi section) {
    OpenAiPrices defaults = OpenAiPrices.GPT_IMAGE_1;
    return new OpenAiPrices(
        SettingReader.dollarsInFile(section.textInputPerMillionUsd(), "openai.text_input_per_million_usd",
            defaults.textInputPerMillionUsd()),
        SettingReader.dollarsInFile(section.imageInputPerMillionUsd(), "openai.image_input_per_million_usd",
            defaults.imageInputPerMillionUsd()),
        SettingReader.dollarsInFile(section.imageOutputPerMillionUsd(), "openai.image_output_per_million_usd",
            defaults.imageOutputPerMillionUsd()));
  }

  /**
   * {@code model} at its price in the file's {@code replicate.models} when listed there (by full or short name),
   * else as it is; every entry is checked, listed model or not.
   */
  private static ReplicateModel priced(ReplicateModel model, ConfigFile.Replicate section) {
    ReplicateModel priced = model;
    for (Map.Entry<String, ConfigFile.ReplicatePriceEntry> entry : section.models().entrySet()) {
      String path = "replicate.models." + entry.getKey();
      String name = checked(path, entry.getKey(), ReplicateModel::parse).name();
      ConfigFile.ReplicatePriceEntry given = entry.getValue() == null
          ? new ConfigFile.ReplicatePriceEntry(null, null) : entry.getValue();
      if ((given.perImageUsd() == null) == (given.perSecondUsd() == null)) {
        throw ConfigException.expected(path, "one of per_image_usd or per_second_usd",
            given.perImageUsd() == null ? "neither" : "both");
      }
      ReplicatePrice price = given.perImageUsd() != null
          ? ReplicatePrice.perImage(SettingReader.dollarsInFile(given.perImageUsd(), path + ".per_image_usd",
              BigDecimal.ZERO))
          : ReplicatePrice.perSecond(SettingReader.dollarsInFile(given.perSecondUsd(), path + ".per_second_usd",
              BigDecimal.ZERO));
      if (name.equals(model.name())) {
        priced = model.withPrice(price);
      }
    }
    return priced;
  }

  /** FLUX.1-dev, SDXL and FLUX.1 Kontext dev, then the file's {@code huggingface.models} in order, each checked. */
  private static List<HfModel> huggingFaceModels(ConfigFile.HuggingFace section) {
    List<HfModel> models = new ArrayList<>(List.of(HfModel.FLUX_DEV, HfModel.SDXL, HfModel.KONTEXT_DEV));
    for (int i = 0; i < section.models().size(); i++) {
      ConfigFile.HfModelEntry entry = section.models().get(i);
      String path = "huggingface.models[" + i + "]";
      String id = entry.id();
      if (id == null || !id.matches("[a-z][a-z0-9-]{0,31}")) {
        throw ConfigException.expected(path + ".id", "a provider id of lower-case letters, digits and '-'",
            id == null ? "nothing" : SettingReader.quoted(id));
      }
      if (entry.model() == null) {
        throw ConfigException.expected(path + ".model", "a Hugging Face model such as owner/name", "nothing");
      }
      BigDecimal cost = SettingReader.dollarsInFile(entry.costUsd(), path + ".cost_usd", new BigDecimal("0.001"));
      long seconds = SettingReader.wholeInFile(entry.seconds(), path + ".seconds", 1, 3_600, 10);
      String name = entry.name() != null ? entry.name() : id + " (Hugging Face)";
      int steps = entry.steps() != null ? entry.steps() : 30;
      double guidance = entry.guidance() != null ? entry.guidance() : 5.0;
      HfModel.Task task = HfModel.Task.TEXT_TO_IMAGE;
      if (entry.task() != null) {
        task = java.util.Arrays.stream(HfModel.Task.values()).filter(t -> t.hubName().equals(entry.task()))
            .findFirst().orElseThrow(() -> ConfigException.expected(path + ".task", "text-to-image or image-to-image",
                SettingReader.quoted(entry.task())));
      }
      try {
        models.add(new HfModel(id, name, entry.model(), cost, Duration.ofSeconds(seconds), steps, guidance, task));
      } catch (IllegalArgumentException e) {
        throw ConfigException.naming(path, e);
      }
    }
    return models;
  }

  /** The URL set as {@code name}, else {@code fallback}. */
  private static HttpUrl url(SettingReader settings, String name, String fallback) {
    return settings.httpUrl(name).orElseGet(() -> HttpUrl.get(fallback));
  }

  /** {@code value} through {@code parse}, whose refusal becomes a configuration error naming {@code name}. */
  private static <T> T checked(String name, String value, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw ConfigException.naming(name, e);
    }
  }
}
