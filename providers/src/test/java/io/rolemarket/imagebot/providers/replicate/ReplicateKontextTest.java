package io.rolemarket.imagebot.providers.replicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replicate's Kontext models: the reference picture in {@code input_image}, and what they refuse. */
class ReplicateKontextTest {
  private static final ProviderRequest PLAIN =
      new ProviderRequest("Lulu Pig on a beach", "", 1, AspectRatio.WIDE, 7L, null);

  private final FakeReplicateServer fake = new FakeReplicateServer();
  private final ReplicateProvider kontext = new ReplicateProvider("replicate-kontext", new OkHttpClient(),
      new ObjectMapper(), new Endpoint(fake.url(), FakeProviderServer.KEY, "REPLICATE_API_TOKEN",
          Duration.ofSeconds(2), 1024 * 1024), ReplicateModel.FLUX_KONTEXT_DEV,
      new JobWait(Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofMillis(100)), Clock.systemUTC(), null,
      null);

  @AfterEach
  void fakeSawOnlyCorrectCalls() {
    fake.closeChecked();
  }

  private ProviderResult generate(ProviderRequest request) throws InterruptedException {
    return kontext.generate(request, ProviderProgress.NONE);
  }

  @Test
  void generate_withReference_sendsItAsADataUriAtThePerImagePrice() throws Exception {
    ProviderResult.Images images = assertInstanceOf(ProviderResult.Images.class,
        generate(TestImages.withReference(PLAIN)));

    assertArrayEquals(TestImages.REFERENCE, FakeReplicateServer.inputImage(fake.calls().get(0)));
    assertTrue(fake.calls().get(0).getUrl().encodedPath().contains("/flux-kontext-dev/"));
    assertEquals(1, images.images().size());
    assertEquals(0, new BigDecimal("0.025").compareTo(images.costUsd(kontext.info())));
  }

  @Test
  void generate_withoutReference_refusedBeforeAnyCall_notTheProvidersFault() throws Exception {
    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class, generate(PLAIN));

    assertTrue(failure.requestOnly());
    assertEquals(0, fake.calls().size());
  }

  @Test
  void generate_flaggedAsSensitive_contentRejected() throws Exception {
    fake.then(new FakeReplicateServer.Failed(
        "The input or output was flagged as sensitive. Please try again with different inputs. (E005)"));

    assertInstanceOf(ProviderFailure.ContentRejected.class, generate(TestImages.withReference(PLAIN)));
  }

  @Test
  void generate_inputValidationFailed_permanent() throws Exception {
    fake.then(new FakeReplicateServer.InvalidInput("input_image", "Does not match format 'uri'"));

    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class,
        generate(TestImages.withReference(PLAIN)));
    assertTrue(failure.message().contains("422"), failure.message());
  }

  @Test
  void info_aProviderOfItsOwnThatNeedsAReference() {
    assertEquals("replicate-kontext", kontext.info().id());
    assertTrue(kontext.info().requiresReferenceImage());
    assertEquals(1, kontext.info().maxImagesPerCall());
  }

  @Test
  void parse_shortNames_areTheKontextModels() {
    assertEquals(ReplicateModel.FLUX_KONTEXT_PRO, ReplicateModel.parse("flux-kontext-pro"));
    assertEquals("input_image", ReplicateModel.parse("black-forest-labs/flux-kontext-dev").imageInput());
  }

  @Test
  void generate_referenceOfAMegabyteOrMore_uploadedOnceAndNamedByItsUrl() throws Exception {
    java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(700, 700,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(7);
    for (int y = 0; y < 700; y++) {
      for (int x = 0; x < 700; x++) {
        noise.setRGB(x, y, random.nextInt());
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(noise, "png", out);
    byte[] big = out.toByteArray();
    assertTrue(big.length >= ReplicateFiles.MAX_DATA_URI_BYTES, "the picture is " + big.length + " bytes");
    ProviderRequest request = new ProviderRequest("Lulu Pig on a beach", "", 1, AspectRatio.WIDE, 7L, big);

    assertInstanceOf(ProviderResult.Images.class, generate(request));
    assertInstanceOf(ProviderResult.Images.class, generate(request));

    assertEquals(1, fake.uploads());
    String input = new ObjectMapper().readTree(fake.calls().get(1).getBody().utf8()).path("input")
        .path("input_image").asText();
    assertTrue(input.startsWith(fake.url().resolve("/v1/files/").toString()), input);
  }
}
