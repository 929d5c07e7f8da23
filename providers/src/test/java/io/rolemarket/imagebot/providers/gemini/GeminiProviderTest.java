package io.rolemarket.imagebot.providers.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gemini beyond the contract: reference image, aspect ratio, region refusal, safety blocks, quota. */
class GeminiProviderTest {
  private final FakeGeminiServer fake = new FakeGeminiServer();
  private final GeminiProvider gemini = new GeminiProvider(new OkHttpClient(), new ObjectMapper(),
      new Endpoint(fake.url(), FakeProviderServer.KEY, "GOOGLE_API_KEY", Duration.ofSeconds(2), 1024 * 1024),
      GeminiProvider.DEFAULT_MODEL, Clock.systemUTC());

  @AfterEach
  void noProblems() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private ProviderResult generate(byte[] reference) throws InterruptedException {
    return gemini.generate(new ProviderRequest("Lulu Pig at Christmas", "", 1, AspectRatio.WIDE, null, reference),
        ProviderProgress.NONE);
  }

  @Test
  void referenceImage_sentInlineNextToTheText() throws Exception {
    byte[] reference = TestImages.fixture("pink-circle-96.png");

    assertInstanceOf(ProviderResult.Images.class, generate(reference));
    JsonNode parts = fake.body(0).path("contents").path(0).path("parts");
    assertEquals("image/png", parts.path(1).path("inline_data").path("mime_type").asText());
    assertEquals(TestImages.base64(reference), parts.path(1).path("inline_data").path("data").asText());
    assertEquals("16:9", fake.body(0).path("generationConfig").path("imageConfig").path("aspectRatio").asText());
  }

  @Test
  void noReference_textOnly() throws Exception {
    generate(null);
    assertEquals(1, fake.body(0).path("contents").path(0).path("parts").size());
  }

  @Test
  void textPartBeforeImage_imageFound() throws Exception {
    fake.then(new FakeGeminiServer.TextThenImage());
    assertInstanceOf(ProviderResult.Images.class, generate(null));
  }

  @Test
  void thoughtDraftBeforeImage_theAnswerNotTheDraft() throws Exception {
    fake.then(new FakeGeminiServer.ThoughtThenImage(TestImages.base64(TestImages.png(32, 32))));

    GeneratedImage image = assertInstanceOf(ProviderResult.Images.class, generate(null)).images().get(0);
    assertEquals(fake.imageWidth(), image.width());
  }

  @Test
  void unsupportedLocation_regionUnavailable() throws Exception {
    fake.then(new FakeGeminiServer.RegionRefused());
    ProviderFailure.RegionUnavailable failure = assertInstanceOf(ProviderFailure.RegionUnavailable.class, generate(null));
    assertTrue(failure.message().contains("location"), failure.message());
  }

  @Test
  void promptBlocked_contentRejected() throws Exception {
    fake.then(new FakeGeminiServer.PromptBlocked("PROHIBITED_CONTENT"));
    assertInstanceOf(ProviderFailure.ContentRejected.class, generate(null));
  }

  @Test
  void imageSafetyFinish_contentRejected() throws Exception {
    fake.then(new FakeGeminiServer.Finished("IMAGE_SAFETY"));
    assertInstanceOf(ProviderFailure.ContentRejected.class, generate(null));
  }

  @Test
  void noImageFinish_transient() throws Exception {
    fake.then(new FakeGeminiServer.Finished("NO_IMAGE"));
    assertInstanceOf(ProviderFailure.Transient.class, generate(null));
  }

  @Test
  void invalidBase64_transient() throws Exception {
    fake.then(new FakeGeminiServer.InvalidBase64());
    assertInstanceOf(ProviderFailure.Transient.class, generate(null));
  }

  @Test
  void noQuotaAtAll_outOfCredit() throws Exception {
    fake.then(new FakeGeminiServer.NoQuota());
    assertEquals("GOOGLE_API_KEY",
        assertInstanceOf(ProviderFailure.OutOfCredit.class, generate(null)).setting());
  }

  @Test
  void overloadedTwiceThenSuccess() throws Exception {
    fake.then(io.rolemarket.imagebot.providers.testing.FakeScenario.SERVER_ERROR,
        io.rolemarket.imagebot.providers.testing.FakeScenario.SERVER_ERROR);
    assertInstanceOf(ProviderFailure.Transient.class, generate(null));
    assertInstanceOf(ProviderFailure.Transient.class, generate(null));
    assertInstanceOf(ProviderResult.Images.class, generate(null));
  }

  @Test
  void info_blockedInHongKongMainlandAndMacau() {
    assertEquals(Set.of("HK", "CN", "MO"), gemini.info().blockedRegions());
    assertTrue(gemini.info().supportsReferenceImage());
  }
}
