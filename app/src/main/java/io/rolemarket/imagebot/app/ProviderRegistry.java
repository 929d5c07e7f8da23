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
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The providers whose key or URL is configured, in the team's order: Hugging Face FLUX.1-dev, Hugging
 * Face SDXL, Hugging Face FLUX.1 Kontext dev, Replicate, Replicate Kontext (when its model is set), SD WebUI,
 * RunPod, Gemini, OpenAI, and Midjourney (premium: the router uses it only for the quality tier or when named);
 * the Kontext ones draw from a character's reference picture and are offered only requests that carry one. The
 * offline Sketch provider only when none is. One explicit line
 * per provider, no scanning. Stateless.
 */
final class ProviderRegistry {
  private ProviderRegistry() {}

  /**
   * The configured providers, all sharing {@code http} and {@code json}; the job-based ones (Replicate,
   * RunPod, Midjourney) report completion to {@code hooks} when given. The settings were checked when
   * {@code config} was loaded.
   *
   * @throws ConfigException when the catalog's hints for Sketch are malformed (checked whether Sketch draws or
   *     not, as every catalog entry is)
   */
  static List<ImageProvider> configured(AppConfig config, OkHttpClient http, ObjectMapper json, Catalog catalog,
      Clock clock, @Nullable JobHooks hooks) {
    try {
      SketchProvider.checkHints(catalog);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("IMAGEBOT_CONFIG catalog: " + e.getMessage());
    }
    ProviderSettings settings = config.providers();
    List<ImageProvider> providers = new ArrayList<>();
    if (settings.huggingFace() instanceof ProviderSettings.HuggingFace hf) {
      Endpoint router = Endpoint.of(hf.baseUrl().toString(), hf.token().value(), "HF_TOKEN", Duration.ofMinutes(2));
      Endpoint hub = Endpoint.of(hf.hubUrl().toString(), hf.token().value(), "HF_TOKEN", Duration.ofSeconds(15))
          .withMaxBodyBytes(4L * 1024 * 1024);
      HubProviderMapping mapping = new HubProviderMapping(http, json, hub, hf.provider(), clock);
      for (HfModel model : hf.models()) {
        providers.add(new HuggingFaceProvider(http, json, router, model, mapping, clock));
      }
    }
    if (settings.replicate() instanceof ProviderSettings.Replicate replicate) {
      Endpoint endpoint = Endpoint.of(replicate.baseUrl().toString(), replicate.token().value(), "REPLICATE_API_TOKEN",
          Duration.ofMinutes(2));
      ReplicateWebhook signing = replicate.webhookSecret() == null ? null
          : ReplicateWebhook.of(replicate.webhookSecret().value(), ReplicateWebhook.DEFAULT_TOLERANCE, clock);
      providers.add(new ReplicateProvider(http, json, endpoint, replicate.model(), JobWait.of(Duration.ofMinutes(5)),
          clock, hooks, signing));
      if (replicate.kontextModel() != null) {
        providers.add(new ReplicateProvider("replicate-kontext", http, json, endpoint, replicate.kontextModel(),
            JobWait.of(Duration.ofMinutes(5)), clock, hooks, signing));
      }
    }
    if (settings.sdWebUi() instanceof ProviderSettings.SdWebUi sdWebUi) {
      providers.add(new SdWebUiProvider(http, json, SdWebUiProvider.endpoint(sdWebUi.url().value(),
          sdWebUi.auth() == null ? null : sdWebUi.auth().value(), Duration.ofMinutes(5)), clock));
    }
    if (settings.runPod() instanceof ProviderSettings.RunPod runPod) {
      providers.add(new RunPodProvider(http, json, Endpoint.of(runPod.baseUrl().toString(), runPod.key().value(),
          "RUNPOD_API_KEY", Duration.ofMinutes(1)), runPod.endpointId(), JobWait.of(Duration.ofMinutes(10)), clock,
          hooks, runPod.pricePerSecondUsd()));
    }
    if (settings.gemini() instanceof ProviderSettings.Api gemini) {
      providers.add(new GeminiProvider(http, json, Endpoint.of(gemini.baseUrl().toString(), gemini.key().value(),
          "GOOGLE_API_KEY", Duration.ofMinutes(2)), GeminiProvider.DEFAULT_MODEL, clock));
    }
    if (settings.openAi() instanceof ProviderSettings.OpenAi openAi) {
      providers.add(new OpenAiImagesProvider(http, json, Endpoint.of(openAi.baseUrl().toString(), openAi.key().value(),
          "OPENAI_API_KEY", Duration.ofMinutes(3)), OpenAiImagesProvider.DEFAULT_MODEL, clock, openAi.prices()));
    }
    if (settings.midjourney() instanceof ProviderSettings.Midjourney midjourney) {
      providers.add(new MidjourneyProvider(http, json, Endpoint.of(midjourney.baseUrl().toString(),
          midjourney.key().value(), "TTAPI_API_KEY", Duration.ofMinutes(1)), midjourney.mode(),
          JobWait.of(Duration.ofMinutes(10)), clock, midjourney.crefWeight(), hooks));
    }
    if (providers.isEmpty()) {
      providers.add(new SketchProvider(catalog));
    }
    return List.copyOf(providers);
  }
}
