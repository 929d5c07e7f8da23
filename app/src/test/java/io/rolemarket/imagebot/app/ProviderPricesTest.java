package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.openai.FakeOpenAiServer;
import io.rolemarket.imagebot.providers.replicate.FakeReplicateServer;
import io.rolemarket.imagebot.providers.runpod.FakeRunPodServer;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A price in the configuration file changes what a provider built from it reports a call cost, read from the
 * provider's fake answering in its documented shape; without one, the dated default applies.
 */
class ProviderPricesTest {
  private static final ProviderRequest SQUARE =
      new ProviderRequest("Lulu Pig", "", 1, AspectRatio.SQUARE, null, null);

  @TempDir Path workDir;

  /** The one provider {@code env} and the file {@code yaml} configure. */
  private ImageProvider provider(String yaml, Map<String, String> env) throws IOException {
    Files.writeString(workDir.resolve("bot.yaml"), yaml);
    Map<String, String> withFile = new HashMap<>(env);
    withFile.put("IMAGEBOT_CONFIG", "bot.yaml");
    List<ImageProvider> providers = ProviderRegistry.configured(AppConfig.load(workDir, withFile),
        new OkHttpClient(), new ObjectMapper(), Catalog.builtIn(), Clock.systemUTC(), null);
    assertEquals(1, providers.size(), providers::toString);
    return providers.get(0);
  }

  private static ProviderResult.Images images(ImageProvider provider) throws InterruptedException {
    return assertInstanceOf(ProviderResult.Images.class, provider.generate(SQUARE, ProviderProgress.NONE));
  }

  private static void assertDollars(String expected, ProviderResult.Images images) {
    assertEquals(CostSource.REPORTED, images.costSource());
    assertEquals(0, new BigDecimal(expected).compareTo(images.reportedCostUsd()),
        () -> "reported " + images.reportedCostUsd());
  }

  @Test
  void openAi_pricesInTheFile_priceTheUsage() throws Exception {
    try (FakeOpenAiServer fake = new FakeOpenAiServer()) {
      Map<String, String> env = Map.of("OPENAI_API_KEY", FakeProviderServer.KEY, "OPENAI_BASE_URL", fake.url()
          .toString());

      // 31 text tokens and 1,056 output tokens (one 1024x1024 image): at $5/M and $40/M by default
      assertDollars("0.042395", images(provider("", env)));
      assertDollars("0.021182", images(provider("""
          openai: {text_input_per_million_usd: 2, image_input_per_million_usd: 4, image_output_per_million_usd: 20}
          """, env)));
      assertEquals(List.of(), fake.problems());
    }
  }

  @Test
  void replicate_timeBilledModelPriceInTheFile_pricesThePredictTime() throws Exception {
    try (FakeReplicateServer fake = new FakeReplicateServer()) {
      fake.then(new FakeReplicateServer.Plays(List.of()));

      ImageProvider provider = provider("""
          replicate:
            models:
              acme/lulu-sdxl: {per_second_usd: 0.001525}
              flux-dev: {per_image_usd: 0.03}
          """, Map.of("REPLICATE_API_TOKEN", FakeProviderServer.KEY, "REPLICATE_BASE_URL", fake.url().toString(),
          "REPLICATE_MODEL", "acme/lulu-sdxl"));

      // the fake's succeeded prediction: predict_time 1.27 s
      assertDollars("0.001937", images(provider));
      assertEquals(List.of(), fake.problems());
    }
  }

  @Test
  void replicate_perImagePriceInTheFile_isAlsoTheDeclaredPrice() throws Exception {
    try (FakeReplicateServer fake = new FakeReplicateServer()) {
      fake.then(new FakeReplicateServer.Plays(List.of()));

      ImageProvider provider = provider("replicate: {models: {flux-dev: {per_image_usd: 0.03}}}\n",
          Map.of("REPLICATE_API_TOKEN", FakeProviderServer.KEY, "REPLICATE_BASE_URL", fake.url().toString(),
              "REPLICATE_MODEL", "flux-dev"));

      assertDollars("0.03", images(provider));
      assertEquals(0, new BigDecimal("0.03").compareTo(provider.info().costPerImageUsd()));
      assertEquals(List.of(), fake.problems());
    }
  }

  @Test
  void runPod_priceInTheFile_pricesTheExecutionTime() throws Exception {
    try (FakeRunPodServer fake = new FakeRunPodServer()) {
      Map<String, String> env = Map.of("RUNPOD_API_KEY", FakeProviderServer.KEY, "RUNPOD_BASE_URL",
          fake.url().resolve("/v2/").toString(), "RUNPOD_ENDPOINT_ID", FakeRunPodServer.ENDPOINT_ID);

      // 3.1 s of execution: at $0.00019/s by default, at an A100's $0.00076/s when configured
      assertDollars("0.000589", images(provider("", env)));
      assertDollars("0.002356", images(provider("runpod: {per_second_usd: 0.00076}\n", env)));
      assertEquals(List.of(), fake.problems());
    }
  }
}
