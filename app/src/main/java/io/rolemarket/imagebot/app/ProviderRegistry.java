package io.rolemarket.imagebot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.providers.gemini.GeminiProvider;
import io.rolemarket.imagebot.providers.hf.HfModel;
import io.rolemarket.imagebot.providers.hf.HubProviderMapping;
import io.rolemarket.imagebot.providers.hf.HuggingFaceProvider;
import io.rolemarket.imagebot.providers.hook.JobHooks;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.openai.OpenAiImagesProvider;
import io.rolemarket.imagebot.providers.replicate.ReplicateModel;
import io.rolemarket.imagebot.providers.replicate.ReplicateProvider;
import io.rolemarket.imagebot.providers.replicate.ReplicateWebhook;
import io.rolemarket.imagebot.providers.runpod.RunPodProvider;
import io.rolemarket.imagebot.providers.sdwebui.SdWebUiProvider;
import io.rolemarket.imagebot.providers.sketch.SketchProvider;
import io.rolemarket.imagebot.providers.ttapi.MidjourneyProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The providers whose key or URL is configured, in the team's order: Hugging Face FLUX.1-dev, Hugging
 * Face SDXL, Replicate, SD WebUI, RunPod, Gemini, OpenAI, and Midjourney (premium: the router uses it only
 * for the quality tier or when named); the offline Sketch provider only when none is. One explicit line
 * per provider, no scanning. Stateless.
 */
final class ProviderRegistry {
  private ProviderRegistry() {}

  /**
   * The configured providers, all sharing {@code http} and {@code json}; the job-based ones (Replicate,
   * RunPod, Midjourney) report completion to {@code hooks} when given.
   *
   * @throws ConfigException when a provider setting is malformed (a URL, {@code HF_PROVIDER}) or the catalog's
   *     hints for Sketch are (checked whether Sketch draws or not, as every catalog entry is)
   */
  static List<ImageProvider> configured(AppConfig config, OkHttpClient http, ObjectMapper json, Catalog catalog,
      Clock clock, @Nullable JobHooks hooks) {
    try {
      SketchProvider.checkHints(catalog);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("IMAGEBOT_CONFIG catalog: " + e.getMessage());
    }
    List<ImageProvider> providers = new ArrayList<>();
    try {
      config.get("HF_TOKEN").ifPresent(token -> {
        Endpoint router = Endpoint.of(url(config, "HF_BASE_URL", HuggingFaceProvider.DEFAULT_BASE_URL), token,
            "HF_TOKEN", Duration.ofMinutes(2));
        Endpoint hub = Endpoint.of(url(config, "HF_HUB_URL", HuggingFaceProvider.DEFAULT_HUB_URL), token,
            "HF_TOKEN", Duration.ofSeconds(15)).withMaxBodyBytes(4L * 1024 * 1024);
        HubProviderMapping mapping = new HubProviderMapping(http, json, hub,
            config.get("HF_PROVIDER").orElse(HubProviderMapping.AUTO), clock);
        for (HfModel model : config.huggingFaceModels()) {
          providers.add(new HuggingFaceProvider(http, json, router, model, mapping, clock));
        }
      });
      config.get("REPLICATE_API_TOKEN").ifPresent(token -> providers.add(new ReplicateProvider(http, json,
          Endpoint.of(url(config, "REPLICATE_BASE_URL", ReplicateProvider.DEFAULT_BASE_URL), token,
              "REPLICATE_API_TOKEN", Duration.ofMinutes(2)),
          ReplicateModel.parse(config.get("REPLICATE_MODEL").orElse(ReplicateModel.FLUX_SCHNELL.name())),
          JobWait.of(Duration.ofMinutes(5)), clock, hooks, config.get("REPLICATE_WEBHOOK_SECRET")
              .map(secret -> ReplicateWebhook.of(secret, ReplicateWebhook.DEFAULT_TOLERANCE, clock)).orElse(null))));
      config.get("SD_WEBUI_URL").ifPresent(url -> providers.add(new SdWebUiProvider(http, json,
          SdWebUiProvider.endpoint(url(config, "SD_WEBUI_URL", url), config.get("SD_WEBUI_AUTH").orElse(null), Duration.ofMinutes(5)), clock)));
      config.get("RUNPOD_API_KEY").ifPresent(key -> providers.add(new RunPodProvider(http, json,
          Endpoint.of(url(config, "RUNPOD_BASE_URL", RunPodProvider.DEFAULT_BASE_URL), key, "RUNPOD_API_KEY",
              Duration.ofMinutes(1)),
          config.get("RUNPOD_ENDPOINT_ID").orElseThrow(
              () -> new ConfigException("RUNPOD_ENDPOINT_ID must be set along with RUNPOD_API_KEY")),
          JobWait.of(Duration.ofMinutes(10)), clock, hooks)));
      config.get("GOOGLE_API_KEY").ifPresent(key -> providers.add(new GeminiProvider(http, json,
          Endpoint.of(url(config, "GEMINI_BASE_URL", GeminiProvider.DEFAULT_BASE_URL), key, "GOOGLE_API_KEY",
              Duration.ofMinutes(2)), GeminiProvider.DEFAULT_MODEL, clock)));
      config.get("OPENAI_API_KEY").ifPresent(key -> providers.add(new OpenAiImagesProvider(http, json,
          Endpoint.of(url(config, "OPENAI_BASE_URL", OpenAiImagesProvider.DEFAULT_BASE_URL), key,
              "OPENAI_API_KEY", Duration.ofMinutes(3)), OpenAiImagesProvider.DEFAULT_MODEL, clock)));
      config.get("TTAPI_API_KEY").ifPresent(key -> providers.add(new MidjourneyProvider(http, json,
          Endpoint.of(url(config, "TTAPI_BASE_URL", MidjourneyProvider.DEFAULT_BASE_URL), key, "TTAPI_API_KEY",
              Duration.ofMinutes(1)), config.get("TTAPI_MODE").orElse(MidjourneyProvider.DEFAULT_MODE),
          JobWait.of(Duration.ofMinutes(10)), clock, config.ttapiCrefWeight(), hooks)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    if (providers.isEmpty()) {
      providers.add(new SketchProvider(catalog));
    }
    return List.copyOf(providers);
  }

  /** The URL set as {@code name}, else {@code fallback}; a clear error naming the setting when it is not http(s). */
  private static String url(AppConfig config, String name, String fallback) {
    String value = config.get(name).orElse(fallback);
    if (HttpUrl.parse(value.strip()) == null) {
      throw new ConfigException(name + " must be an http:// or https:// URL");
    }
    return value.strip();
  }
}
