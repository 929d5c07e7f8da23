package io.rolemarket.imagebot.providers.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each partner route behind the router sends what the official {@code huggingface.js} client sends and
 * reads its answer the way that client does: hf-inference, replicate, together and nscale (fal-ai's queue
 * is {@link FalQueueTest}). The fake checks every call against {@link OfficialClientShape}.
 */
class HuggingFaceRoutesTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProviderRequest PORTRAIT =
      new ProviderRequest("Lulu Pig in a pumpkin patch", "blurry", 1, AspectRatio.PORTRAIT, 7L, null);

  private final FakeHuggingFaceServer fake = new FakeHuggingFaceServer();

  @AfterEach
  void noProblems() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private ProviderResult generate(String provider, String providerId, ProviderRequest request)
      throws InterruptedException {
    fake.mapping("{\"" + provider + "\": {\"status\": \"live\", \"providerId\": \"" + providerId
        + "\", \"task\": \"text-to-image\"}}");
    Endpoint endpoint = new Endpoint(fake.url(), FakeProviderServer.KEY, "HF_TOKEN", Duration.ofSeconds(5), 1024 * 1024);
    HubProviderMapping mapping = new HubProviderMapping(HTTP, JSON, endpoint, provider, Clock.systemUTC());
    JobWait fastPolls = new JobWait(Duration.ofSeconds(10), Duration.ofMillis(5), Duration.ofMillis(5));
    return new HuggingFaceProvider(HTTP, JSON, endpoint, HfModel.FLUX_DEV, mapping, Clock.systemUTC(), fastPolls)
        .generate(request, ProviderProgress.NONE);
  }

  private JsonNode body(int call) throws Exception {
    RecordedRequest request = fake.calls().get(call);
    return JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
  }

  private static void assertImage(ProviderResult result) {
    assertEquals(96, assertInstanceOf(ProviderResult.Images.class, result, result::toString).images().get(0).width());
  }

  private static void assertParameters(JsonNode parameters) {
    assertEquals(896, parameters.path("width").asInt());
    assertEquals(1152, parameters.path("height").asInt());
    assertEquals(3.5, parameters.path("guidance_scale").asDouble());
    assertEquals("blurry", parameters.path("negative_prompt").asText());
    assertEquals(7, parameters.path("seed").asLong());
  }

  @Test
  void hfInference_postsInputsAndNestedParameters_decodesRawBytes() throws Exception {
    assertImage(generate("hf-inference", HfModel.FLUX_DEV.model(), PORTRAIT));

    assertEquals("/hf-inference/models/black-forest-labs/FLUX.1-dev", fake.calls().get(0).getUrl().encodedPath());
    JsonNode body = body(0);
    assertEquals("Lulu Pig in a pumpkin patch", body.path("inputs").asText());
    assertParameters(body.path("parameters"));
    assertEquals(28, body.path("parameters").path("num_inference_steps").asInt());
  }

  @Test
  void hfInference_jsonAnswerWithBase64_decodesIt() throws Exception {
    fake.then(new FakeHuggingFaceServer.Answer(200, "application/json",
        "{\"data\":[{\"b64_json\":\"" + TestImages.base64(TestImages.png(96, 64)) + "\"}]}"));

    assertImage(generate("hf-inference", HfModel.FLUX_DEV.model(), PORTRAIT));
  }

  @Test
  void hfInference_jsonAnswerWithOutputUrl_downloadsItWithoutTheToken() throws Exception {
    fake.then(new FakeHuggingFaceServer.Answer(200, "application/json",
        "{\"output\":[\"" + fake.url().resolve("/files/hf-inference.png") + "\"]}"));

    assertImage(generate("hf-inference", HfModel.FLUX_DEV.model(), PORTRAIT));
  }

  @Test
  void nscale_sendsWidthAndHeightNotSize_decodesBase64() throws Exception {
    assertImage(generate("nscale", "stabilityai/stable-diffusion-xl-base-1.0", PORTRAIT));

    assertEquals("/nscale/v1/images/generations", fake.calls().get(0).getUrl().encodedPath());
    JsonNode body = body(0);
    assertParameters(body);
    assertFalse(body.has("size"), body::toString);
    assertEquals(28, body.path("num_inference_steps").asInt());
    assertEquals("b64_json", body.path("response_format").asText());
    assertEquals("stabilityai/stable-diffusion-xl-base-1.0", body.path("model").asText());
    assertEquals("Lulu Pig in a pumpkin patch", body.path("prompt").asText());
  }

  @Test
  void together_sendsStepsAndBase64Format_decodesBase64() throws Exception {
    assertImage(generate("together", "black-forest-labs/FLUX.1-dev", PORTRAIT));

    JsonNode body = body(0);
    assertParameters(body);
    assertEquals(28, body.path("steps").asInt());
    assertFalse(body.has("num_inference_steps"), body::toString);
    assertFalse(body.has("n"), body::toString);
    assertEquals("base64", body.path("response_format").asText());
    assertEquals("black-forest-labs/FLUX.1-dev", body.path("model").asText());
  }

  @Test
  void together_answersUrl_downloadsItWithoutTheToken() throws Exception {
    fake.then(new FakeHuggingFaceServer.Answer(200, "application/json",
        "{\"data\":[{\"url\":\"" + fake.url().resolve("/files/together.png") + "\"}]}"));

    assertImage(generate("together", "black-forest-labs/FLUX.1-dev", PORTRAIT));
  }

  @Test
  void together_rateLimited_waitsForRetryAfter() throws Exception {
    fake.then(new FakeScenario.RateLimited(Duration.ofSeconds(3)));

    ProviderFailure.RateLimited limited = assertInstanceOf(ProviderFailure.RateLimited.class,
        generate("together", "black-forest-labs/FLUX.1-dev", PORTRAIT));
    assertEquals(Duration.ofSeconds(3), limited.retryAfter());
  }

  @Test
  void replicate_postsInputWithTheTaskParameters_fetchesOutput() throws Exception {
    assertImage(generate("replicate", "black-forest-labs/flux-dev", PORTRAIT));

    assertEquals("/replicate/v1/models/black-forest-labs/flux-dev/predictions",
        fake.calls().get(0).getUrl().encodedPath());
    JsonNode input = body(0).path("input");
    assertParameters(input);
    assertEquals(28, input.path("num_inference_steps").asInt());
    assertEquals("Lulu Pig in a pumpkin patch", input.path("prompt").asText());
    assertNull(body(0).get("version"));
  }

  @Test
  void replicate_pinnedVersion_postsToPredictionsWithVersion() throws Exception {
    assertImage(generate("replicate", "black-forest-labs/flux-dev:0a1b2c3d", PORTRAIT));

    assertEquals("/replicate/v1/predictions", fake.calls().get(0).getUrl().encodedPath());
    assertEquals("0a1b2c3d", body(0).path("version").asText());
  }

  @Test
  void anyRoute_noSeedNoNegativePrompt_leavesThemOut() throws Exception {
    ProviderRequest plain = new ProviderRequest("Lulu Pig", "", 1, AspectRatio.SQUARE, null, null);

    assertImage(generate("nscale", "stabilityai/stable-diffusion-xl-base-1.0", plain));

    JsonNode body = body(0);
    assertFalse(body.has("seed") || body.has("negative_prompt"), body::toString);
    assertTrue(body.path("width").asInt() == 1024 && body.path("height").asInt() == 1024, body::toString);
  }
}
