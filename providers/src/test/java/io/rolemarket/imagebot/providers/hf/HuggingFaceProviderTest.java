package io.rolemarket.imagebot.providers.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hugging Face beyond the contract: provider mapping, sub-provider wire formats, loading, credit, 410. */
class HuggingFaceProviderTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProviderRequest REQUEST =
      new ProviderRequest("Lulu Pig in a pumpkin patch", "", 1, AspectRatio.SQUARE, 7L, null);
  private static final String FAL_AND_REPLICATE = """
      {"hf-inference": {"status": "error", "providerId": "%1$s", "task": "text-to-image"},
       "fal-ai": {"status": "live", "providerId": "fal-ai/flux/dev", "task": "text-to-image"},
       "replicate": {"status": "live", "providerId": "black-forest-labs/flux-dev", "task": "text-to-image"}}""";

  private final FakeHuggingFaceServer fake = new FakeHuggingFaceServer();

  @AfterEach
  void noProblems() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private Endpoint endpoint() {
    return new Endpoint(fake.url(), FakeProviderServer.KEY, "HF_TOKEN", Duration.ofSeconds(2), 1024 * 1024);
  }

  private HubProviderMapping mapping(String provider) {
    return new HubProviderMapping(HTTP, JSON, endpoint(), provider, Clock.systemUTC());
  }

  private HuggingFaceProvider provider(HfModel model, HubProviderMapping mapping) {
    return new HuggingFaceProvider(HTTP, JSON, endpoint(), model, mapping, Clock.systemUTC(),
        new JobWait(Duration.ofSeconds(10), Duration.ofMillis(5), Duration.ofMillis(5)));
  }

  private ProviderResult generate(HuggingFaceProvider provider) throws InterruptedException {
    return provider.generate(REQUEST, ProviderProgress.NONE);
  }

  @Test
  void auto_hfInferenceNotLive_usesFalAndDownloadsWithoutTheToken() throws Exception {
    fake.mapping(FAL_AND_REPLICATE);

    ProviderResult result = generate(provider(HfModel.FLUX_DEV, mapping("auto")));

    assertEquals(96, assertInstanceOf(ProviderResult.Images.class, result).images().get(0).width());
    assertEquals(List.of("fal-ai"), fake.providersCalled());
    assertEquals("/fal-ai/fal-ai/flux/dev", fake.calls().get(0).getUrl().encodedPath());
  }

  @Test
  void auto_listShapedMapping_replicateAndNscaleUnderstood() throws Exception {
    fake.mapping("""
        [{"provider": "nscale", "status": "live", "providerId": "stabilityai/sdxl", "task": "text-to-image"}]""");

    assertInstanceOf(ProviderResult.Images.class, generate(provider(HfModel.SDXL, mapping("auto"))));
    assertEquals(List.of("nscale"), fake.providersCalled());
  }

  @Test
  void namedProvider_replicate_postsPredictionAndFetchesOutput() throws Exception {
    fake.mapping(FAL_AND_REPLICATE);

    assertInstanceOf(ProviderResult.Images.class, generate(provider(HfModel.FLUX_DEV, mapping("replicate"))));
    assertEquals("/replicate/v1/models/black-forest-labs/flux-dev/predictions",
        fake.calls().get(0).getUrl().encodedPath());
  }

  @Test
  void namedProvider_together_decodesBase64() throws Exception {
    fake.mapping("{\"together\": {\"status\": \"live\", \"providerId\": \"black-forest-labs/FLUX.1-dev\"}}");

    assertInstanceOf(ProviderResult.Images.class, generate(provider(HfModel.FLUX_DEV, mapping("together"))));
    assertEquals(List.of("together"), fake.providersCalled());
  }

  @Test
  void mapping_sharedAndCached_oneLookupPerModel() throws Exception {
    HubProviderMapping shared = mapping("auto");
    HuggingFaceProvider flux = provider(HfModel.FLUX_DEV, shared);
    HuggingFaceProvider sdxl = provider(HfModel.SDXL, shared);

    generate(flux);
    generate(flux);
    generate(sdxl);

    assertEquals(2, fake.hubLookups());
    assertEquals(3, fake.calls().size());
  }

  @Test
  void mapping_aBurstOnAColdMapping_asksTheHubOnce() throws Exception {
    fake.hubDelay(Duration.ofMillis(300));
    HuggingFaceProvider flux = provider(HfModel.FLUX_DEV, mapping("auto"));
    List<java.util.concurrent.Future<ProviderResult>> results = new java.util.ArrayList<>();
    try (var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        results.add(callers.submit(() -> generate(flux)));
      }
      for (var result : results) {
        assertInstanceOf(ProviderResult.Images.class, result.get());
      }
    }
    assertEquals(1, fake.hubLookups(), "twenty callers at once, one lookup");
    assertEquals(20, fake.calls().size());
  }

  @Test
  void mapping_hfInferenceNamed_neverAsksTheHub() throws Exception {
    assertInstanceOf(ProviderResult.Images.class, generate(provider(HfModel.FLUX_DEV, mapping("hf-inference"))));
    assertEquals(0, fake.hubLookups());
  }

  @Test
  void mapping_hubDown_fallsBackToHfInference() throws Exception {
    fake.hubStatus(500);

    assertInstanceOf(ProviderResult.Images.class, generate(provider(HfModel.FLUX_DEV, mapping("auto"))));
    assertEquals(List.of("hf-inference"), fake.providersCalled());
  }

  @Test
  void gone_refreshesMappingOnceAndMovesToTheNewProvider() throws Exception {
    HuggingFaceProvider flux = provider(HfModel.FLUX_DEV, mapping("auto"));
    generate(flux);
    fake.mapping(FAL_AND_REPLICATE).then(new FakeHuggingFaceServer.Status(410,
        "The requested model is deprecated and no longer supported by provider hf-inference."));

    ProviderResult result = generate(flux);

    assertInstanceOf(ProviderResult.Images.class, result, result::toString);
    assertEquals(List.of("hf-inference", "hf-inference", "fal-ai"), fake.providersCalled());
    assertEquals(2, fake.hubLookups());
  }

  @Test
  void gone_noOtherProvider_permanentNamingHfProvider() throws Exception {
    fake.then(new FakeHuggingFaceServer.Status(410, "deprecated"));

    ProviderFailure.Permanent failure =
        assertInstanceOf(ProviderFailure.Permanent.class, generate(provider(HfModel.SDXL, mapping("auto"))));
    assertEquals("HF_PROVIDER", failure.setting());
    assertEquals(1, fake.calls().size());
  }

  @Test
  void modelLoading_transientWithEstimatedTime() throws Exception {
    fake.then(new FakeHuggingFaceServer.Loading(Duration.ofSeconds(12)));
    HuggingFaceProvider flux = provider(HfModel.FLUX_DEV, mapping("auto"));

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate(flux));
    assertEquals(Duration.ofSeconds(12), failure.retryHint());
    assertInstanceOf(ProviderResult.Images.class, generate(flux));
  }

  @Test
  void creditsUsedUp_outOfCreditNamingTheToken() throws Exception {
    fake.then(new FakeHuggingFaceServer.Status(402, "You have exceeded your monthly included credits"));

    ProviderFailure.OutOfCredit failure =
        assertInstanceOf(ProviderFailure.OutOfCredit.class, generate(provider(HfModel.FLUX_DEV, mapping("auto"))));
    assertEquals("HF_TOKEN", failure.setting());
  }

  @Test
  void tokenLacksPermission_permanentNamingTheToken() throws Exception {
    fake.then(new FakeHuggingFaceServer.Status(403, "This authentication method does not have sufficient permissions"));

    ProviderFailure.Permanent failure =
        assertInstanceOf(ProviderFailure.Permanent.class, generate(provider(HfModel.FLUX_DEV, mapping("auto"))));
    assertEquals("HF_TOKEN", failure.setting());
    assertTrue(failure.message().contains("Inference Providers"), failure.message());
  }

  @Test
  void badGatewayHtml_transientWithoutParsingIt() throws Exception {
    fake.then(new FakeHuggingFaceServer.BadGatewayHtml());

    ProviderFailure.Transient failure =
        assertInstanceOf(ProviderFailure.Transient.class, generate(provider(HfModel.FLUX_DEV, mapping("auto"))));
    assertTrue(failure.message().contains("502") && !failure.message().contains("<html>"), failure.message());
  }

  @Test
  void info_fluxAndSdxlDeclareTheirPriceAndSpeed() {
    HubProviderMapping shared = mapping("auto");
    assertEquals("flux", provider(HfModel.FLUX_DEV, shared).info().id());
    assertEquals(0, provider(HfModel.FLUX_DEV, shared).info().costPerImageUsd().compareTo(new java.math.BigDecimal("0.0012")));
    assertEquals(Duration.ofSeconds(5), provider(HfModel.SDXL, shared).info().typicalLatency());
    assertEquals(1, provider(HfModel.SDXL, shared).info().maxImagesPerCall());
  }
}
