package io.rolemarket.imagebot.providers.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FLUX.1 Kontext dev through the router's image-to-image task: which provider the Hub's mapping for that task picks,
 * the body each route sends as the official client does (checked by the fake against {@link OfficialClientShape}),
 * and what is refused before any call.
 */
class HuggingFaceKontextTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProviderRequest WIDE = TestImages.withReference(
      new ProviderRequest("Lulu Pig on a beach at sunset", "blurry", 1, AspectRatio.WIDE, 7L, null));

  private final FakeHuggingFaceServer fake = new FakeHuggingFaceServer();

  @AfterEach
  void noProblems() {
    fake.closeChecked();
  }

  private HuggingFaceProvider kontext(String provider) {
    Endpoint endpoint = new Endpoint(fake.url(), FakeProviderServer.KEY, "HF_TOKEN", Duration.ofSeconds(5),
        1024 * 1024);
    HubProviderMapping mapping = new HubProviderMapping(HTTP, JSON, endpoint, provider, Clock.systemUTC());
    JobWait fastPolls = new JobWait(Duration.ofSeconds(10), Duration.ofMillis(5), Duration.ofMillis(5));
    return new HuggingFaceProvider(HTTP, JSON, endpoint, HfModel.KONTEXT_DEV, mapping, Clock.systemUTC(), fastPolls);
  }

  private JsonNode body(int call) throws Exception {
    return JSON.readTree(fake.calls().get(call).getBody().utf8());
  }

  private static void assertImage(ProviderResult result) {
    assertEquals(96, assertInstanceOf(ProviderResult.Images.class, result, result::toString).images().get(0).width());
  }

  @Test
  void auto_takesTheImageToImageEntry_notTheTextToImageOne() throws Exception {
    fake.mapping("{\"hf-inference\": {\"status\": \"live\", \"providerId\": \"%s\", \"task\": \"text-to-image\"},"
        + " \"fal-ai\": {\"status\": \"live\", \"providerId\": \"fal-ai/flux-kontext/dev\","
        + " \"task\": \"image-to-image\"}}");

    assertImage(kontext(HubProviderMapping.AUTO).generate(WIDE, ProviderProgress.NONE));

    assertEquals("fal-ai", fake.providersCalled().get(0));
    assertTrue(fake.calls().get(0).getUrl().encodedPath().equals("/fal-ai/fal-ai/flux-kontext/dev"),
        fake.calls().get(0).getTarget());
  }

  @Test
  void hfInference_postsThePictureAsInputsAndTheSpecsParameters_decodesRawBytes() throws Exception {
    fake.mapping("{\"hf-inference\": {\"status\": \"live\", \"providerId\": \"%s\", \"task\": \"image-to-image\"}}");

    assertImage(kontext(HubProviderMapping.AUTO).generate(WIDE, ProviderProgress.NONE));

    JsonNode parameters = body(0).path("parameters");
    assertArrayEquals(TestImages.REFERENCE, FakeHuggingFaceServer.sentPicture(fake.calls().get(0)));
    assertEquals("Lulu Pig on a beach at sunset", parameters.path("prompt").asText());
    assertEquals(1344, parameters.path("target_size").path("width").asInt());
    assertEquals(768, parameters.path("target_size").path("height").asInt());
    assertEquals(2.5, parameters.path("guidance_scale").asDouble());
    assertEquals("blurry", parameters.path("negative_prompt").asText());
  }

  @Test
  void falAi_sendsThePictureAsADataUriThroughTheQueue() throws Exception {
    fake.mapping("{\"fal-ai\": {\"status\": \"live\", \"providerId\": \"fal-ai/flux-kontext/dev\","
        + " \"task\": \"image-to-image\"}}");

    assertImage(kontext("fal-ai").generate(WIDE, ProviderProgress.NONE));

    assertArrayEquals(TestImages.REFERENCE, FakeHuggingFaceServer.sentPicture(fake.calls().get(0)));
    assertEquals(7, body(0).path("seed").asLong());
    assertTrue(fake.falResultCalls().size() == 1, "the result read once the job completed");
  }

  @Test
  void replicate_sendsThePictureUnderEveryKeyItsModelsRead() throws Exception {
    fake.mapping("{\"replicate\": {\"status\": \"live\", \"providerId\": \"black-forest-labs/flux-kontext-dev\","
        + " \"task\": \"image-to-image\"}}");

    assertImage(kontext("replicate").generate(WIDE, ProviderProgress.NONE));

    assertEquals("/replicate/v1/models/black-forest-labs/flux-kontext-dev/predictions",
        fake.calls().get(0).getUrl().encodedPath());
    assertArrayEquals(TestImages.REFERENCE, FakeHuggingFaceServer.sentPicture(fake.calls().get(0)));
  }

  @Test
  void withoutReference_refusedBeforeAnyCall_notTheProvidersFault() throws Exception {
    ProviderRequest plain = new ProviderRequest("Lulu Pig", "", 1, AspectRatio.SQUARE, null, null);

    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class,
        kontext(HubProviderMapping.AUTO).generate(plain, ProviderProgress.NONE));

    assertTrue(failure.requestOnly());
    assertEquals(0, fake.calls().size());
    assertEquals(0, fake.hubLookups());
  }

  @Test
  void namedProviderWithoutAnImageToImageFormat_permanentNamingHfProvider() throws Exception {
    fake.mapping("{\"together\": {\"status\": \"live\", \"providerId\": \"x/kontext\", \"task\": \"image-to-image\"}}");

    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class,
        kontext("together").generate(WIDE, ProviderProgress.NONE));

    assertEquals("HF_PROVIDER", failure.setting());
    assertEquals(0, fake.calls().size());
  }

  @Test
  void modelNotServedForTheTask_410_permanentAfterAskingTheHubAgain() throws Exception {
    fake.mapping("{\"hf-inference\": {\"status\": \"live\", \"providerId\": \"%s\", \"task\": \"image-to-image\"}}");
    fake.then(new FakeHuggingFaceServer.Status(410, "Model is no longer served"));

    assertInstanceOf(ProviderFailure.Permanent.class, kontext(HubProviderMapping.AUTO).generate(WIDE,
        ProviderProgress.NONE));
    assertEquals(2, fake.hubLookups());
  }

  @Test
  void info_needsAReference() {
    assertTrue(kontext(HubProviderMapping.AUTO).info().requiresReferenceImage());
    assertEquals("kontext", kontext(HubProviderMapping.AUTO).info().id());
  }
}
