package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import io.rolemarket.imagebot.core.provider.ChineseWords;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {
  @TempDir Path workDir;

  private List<String> ids(Map<String, String> env) {
    List<ImageProvider> providers = ProviderRegistry.configured(AppConfig.load(workDir, env), new OkHttpClient(),
        new ObjectMapper(), Catalog.builtIn(), Clock.systemUTC(), null);
    return providers.stream().map(provider -> provider.info().id()).toList();
  }

  @Test
  void nothingConfigured_sketchOnly() {
    assertEquals(List.of("sketch"), ids(Map.of()));
  }

  @Test
  void everythingConfigured_teamOrderAndNoSketch() {
    assertEquals(List.of("flux", "sdxl", "kontext", "replicate", "replicate-kontext", "sdwebui", "runpod", "gemini",
        "openai", "midjourney"),
        ids(Map.of("HF_TOKEN", "hf_x", "SD_WEBUI_URL", "http://127.0.0.1:7860", "GOOGLE_API_KEY", "g",
            "OPENAI_API_KEY", "sk-x", "REPLICATE_API_TOKEN", "r8_x", "REPLICATE_KONTEXT_MODEL", "flux-kontext-pro",
            "TTAPI_API_KEY", "tt", "RUNPOD_API_KEY", "rp", "RUNPOD_ENDPOINT_ID", "abc123")));
  }

  @Test
  void everythingConfigured_eachSaysWhetherItUnderstandsChineseWords() {
    List<ImageProvider> providers = ProviderRegistry.configured(AppConfig.load(workDir, Map.of("HF_TOKEN", "hf_x",
        "SD_WEBUI_URL", "http://127.0.0.1:7860", "GOOGLE_API_KEY", "g", "OPENAI_API_KEY", "sk-x",
        "REPLICATE_API_TOKEN", "r8_x", "TTAPI_API_KEY", "tt", "RUNPOD_API_KEY", "rp", "RUNPOD_ENDPOINT_ID", "abc123")),
        new OkHttpClient(), new ObjectMapper(), Catalog.builtIn(), Clock.systemUTC(), null);
    Map<String, ChineseWords> chinese = new java.util.LinkedHashMap<>();
    providers.forEach(provider -> chinese.put(provider.info().id(), provider.info().chineseWords()));

    assertEquals(Map.of("flux", ChineseWords.NOT_UNDERSTOOD, "sdxl", ChineseWords.NOT_UNDERSTOOD,
        "kontext", ChineseWords.NOT_UNDERSTOOD, "replicate", ChineseWords.NOT_UNDERSTOOD,
        "sdwebui", ChineseWords.NOT_UNDERSTOOD, "runpod", ChineseWords.NOT_UNDERSTOOD,
        "gemini", ChineseWords.UNDERSTOOD, "openai", ChineseWords.UNDERSTOOD,
        "midjourney", ChineseWords.PARTLY_UNDERSTOOD), chinese);
    assertEquals(ChineseWords.NOT_UNDERSTOOD, ProviderRegistry.configured(AppConfig.load(workDir, Map.of()),
        new OkHttpClient(), new ObjectMapper(), Catalog.builtIn(), Clock.systemUTC(), null).get(0).info()
        .chineseWords(), "the offline Sketch");
  }

  @Test
  void runPodKeyWithoutEndpointId_configErrorNamingIt() {
    ConfigException error = assertThrows(ConfigException.class, () -> ids(Map.of("RUNPOD_API_KEY", "rp")));
    assertTrue(error.getMessage().contains("RUNPOD_ENDPOINT_ID"), error.getMessage());
  }

  @Test
  void badSketchHintInTheCatalog_configErrorEvenWithARealProvider() throws Exception {
    java.nio.file.Files.writeString(workDir.resolve("bot.yaml"), """
        catalog:
          characters:
            momo: {description: a bunny, sketch: {color: pink}}
        """);
    AppConfig config = AppConfig.load(workDir, Map.of("HF_TOKEN", "hf_x", "IMAGEBOT_CONFIG", "bot.yaml"));
    ConfigException error = assertThrows(ConfigException.class, () -> ProviderRegistry.configured(config,
        new OkHttpClient(), new ObjectMapper(), config.catalog(), Clock.systemUTC(), null));
    assertEquals("IMAGEBOT_CONFIG catalog: character momo sketch color must be #RRGGBB, was 'pink'",
        error.getMessage());
  }

  @Test
  void replicateModel_configurable() {
    List<ImageProvider> providers = ProviderRegistry.configured(AppConfig.load(workDir,
        Map.of("REPLICATE_API_TOKEN", "r8_x", "REPLICATE_MODEL", "flux-pro")), new OkHttpClient(), new ObjectMapper(),
        Catalog.builtIn(), Clock.systemUTC(), null);
    assertEquals("black-forest-labs/flux-pro", providers.get(0).info().model());
    assertEquals(1, providers.get(0).info().maxImagesPerCall());
  }

  @Test
  void moreHuggingFaceModels_byConfigurationAlone() throws Exception {
    java.nio.file.Files.writeString(workDir.resolve("bot.yaml"), """
        huggingface:
          models:
            - {id: sd35, name: "SD 3.5 Large (Hugging Face)", model: stabilityai/stable-diffusion-3.5-large,
               cost_usd: 0.0030, seconds: 12, steps: 28, guidance: 4.5}
        """);
    List<ImageProvider> providers = ProviderRegistry.configured(
        AppConfig.load(workDir, Map.of("HF_TOKEN", "hf_x", "IMAGEBOT_CONFIG", "bot.yaml")), new OkHttpClient(),
        new ObjectMapper(), Catalog.builtIn(), Clock.systemUTC(), null);
    assertEquals(List.of("flux", "sdxl", "kontext", "sd35"), providers.stream().map(p -> p.info().id()).toList());
    assertEquals("stabilityai/stable-diffusion-3.5-large", providers.get(3).info().model());
    assertEquals(0, new java.math.BigDecimal("0.003").compareTo(providers.get(3).info().costPerImageUsd()));

    java.nio.file.Files.writeString(workDir.resolve("bad.yaml"), "huggingface: {models: [{id: x, model: nope}]}\n");
    ConfigException error = assertThrows(ConfigException.class, () -> ids(Map.of("HF_TOKEN", "hf_x",
        "IMAGEBOT_CONFIG", "bad.yaml")));
    assertTrue(error.getMessage().startsWith("huggingface.models[0]: Hugging Face model must be owner/name"),
        error.getMessage());
  }

  @Test
  void crefWeight_envOverFileAndOutOfRangeRefusedNamingTheSetting() throws Exception {
    java.nio.file.Files.writeString(workDir.resolve("bot.yaml"), "midjourney: {cref_weight: 30}\n");
    assertEquals(30, crefWeight(Map.of("TTAPI_API_KEY", "tt", "IMAGEBOT_CONFIG", "bot.yaml")));
    assertEquals(75, crefWeight(Map.of("TTAPI_API_KEY", "tt", "IMAGEBOT_CONFIG", "bot.yaml", "TTAPI_CREF_WEIGHT",
        "75")));
    assertEquals(null, crefWeight(Map.of("TTAPI_API_KEY", "tt")));

    ConfigException error = assertThrows(ConfigException.class,
        () -> ids(Map.of("TTAPI_API_KEY", "tt", "TTAPI_CREF_WEIGHT", "150")));
    assertEquals("TTAPI_CREF_WEIGHT: expected a whole number from 0 to 100, got \"150\"", error.getMessage());
  }

  private @org.jspecify.annotations.Nullable Integer crefWeight(Map<String, String> env) {
    return java.util.Objects.requireNonNull(AppConfig.load(workDir, env).providers().midjourney()).crefWeight();
  }

  @Test
  void badUrl_configErrorNamingTheSetting() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> ids(Map.of("OPENAI_API_KEY", "sk-x", "OPENAI_BASE_URL", "ftp://nope")));
    assertTrue(error.getMessage().contains("OPENAI_BASE_URL"), error.getMessage());
  }

  @Test
  void configToString_hidesUrlPasswordsAndSdWebUiAuth() {
    String shown = AppConfig.load(workDir, Map.of("SD_WEBUI_URL", "http://pod:s3cret@10.0.0.5:7860",
        "SD_WEBUI_AUTH", "pod:other-secret")).toString();
    assertFalse(shown.contains("s3cret") || shown.contains("other-secret"), shown);
    assertTrue(shown.contains("SD_WEBUI_URL=http://10.0.0.5:7860"), shown);
  }

  @Test
  void referenceTakers_declaredTruthfully() {
    Map<String, Boolean> takes = new java.util.TreeMap<>();
    Map<String, Boolean> needs = new java.util.TreeMap<>();
    for (ImageProvider provider : ProviderRegistry.configured(AppConfig.load(workDir, Map.of("HF_TOKEN", "hf_x",
        "SD_WEBUI_URL", "http://127.0.0.1:7860", "GOOGLE_API_KEY", "g", "OPENAI_API_KEY", "sk-x",
        "REPLICATE_API_TOKEN", "r8_x", "REPLICATE_KONTEXT_MODEL", "flux-kontext-dev", "TTAPI_API_KEY", "tt",
        "RUNPOD_API_KEY", "rp", "RUNPOD_ENDPOINT_ID", "abc123")), new OkHttpClient(), new ObjectMapper(),
        Catalog.builtIn(), Clock.systemUTC(), null)) {
      takes.put(provider.info().id(), provider.info().supportsReferenceImage());
      needs.put(provider.info().id(), provider.info().requiresReferenceImage());
    }
    assertEquals(Map.of("flux", false, "sdxl", false, "kontext", true, "replicate", false, "replicate-kontext", true,
        "sdwebui", true, "runpod", false, "gemini", true, "openai", true, "midjourney", false), takes);
    assertEquals(List.of("kontext", "replicate-kontext"),
        needs.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList());
    assertEquals(false, new io.rolemarket.imagebot.providers.sketch.SketchProvider(Catalog.builtIn()).info()
        .supportsReferenceImage());
  }

  @Test
  void replicateKontextModel_anyOwnerNameTakesThePictureAsInputImage_pricedFromTheFile() throws Exception {
    java.nio.file.Files.writeString(workDir.resolve("bot.yaml"), """
        replicate:
          models:
            acme/lulu-kontext: {per_image_usd: 0.03}
        """);
    List<ImageProvider> providers = ProviderRegistry.configured(AppConfig.load(workDir, Map.of(
        "REPLICATE_API_TOKEN", "r8_x", "REPLICATE_KONTEXT_MODEL", "acme/lulu-kontext", "IMAGEBOT_CONFIG", "bot.yaml")),
        new OkHttpClient(), new ObjectMapper(), Catalog.builtIn(), Clock.systemUTC(), null);

    assertEquals(List.of("replicate", "replicate-kontext"), providers.stream().map(p -> p.info().id()).toList());
    assertEquals("acme/lulu-kontext", providers.get(1).info().model());
    assertTrue(providers.get(1).info().requiresReferenceImage());
    assertEquals(0, new java.math.BigDecimal("0.03").compareTo(providers.get(1).info().costPerImageUsd()));
  }

  @Test
  void huggingFaceModelTask_imageToImageOrRefusedNamingTheKey() throws Exception {
    java.nio.file.Files.writeString(workDir.resolve("bot.yaml"), """
        huggingface:
          models:
            - {id: qwen-edit, model: qwen/qwen-image-edit, task: image-to-image}
        """);
    List<ImageProvider> providers = ProviderRegistry.configured(
        AppConfig.load(workDir, Map.of("HF_TOKEN", "hf_x", "IMAGEBOT_CONFIG", "bot.yaml")), new OkHttpClient(),
        new ObjectMapper(), Catalog.builtIn(), Clock.systemUTC(), null);
    assertTrue(providers.get(3).info().requiresReferenceImage());

    java.nio.file.Files.writeString(workDir.resolve("bad.yaml"),
        "huggingface: {models: [{id: x, model: a/b, task: inpainting}]}\n");
    ConfigException error = assertThrows(ConfigException.class, () -> ids(Map.of("HF_TOKEN", "hf_x",
        "IMAGEBOT_CONFIG", "bad.yaml")));
    assertEquals("huggingface.models[0].task: expected text-to-image or image-to-image, got \"inpainting\"",
        error.getMessage());
  }
}
