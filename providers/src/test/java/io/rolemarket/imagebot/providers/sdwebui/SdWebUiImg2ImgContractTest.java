package io.rolemarket.imagebot.providers.sdwebui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.providers.testing.TestImages;
import org.junit.jupiter.api.Test;

/** The provider contract for SD WebUI with a reference picture: every call is an {@code img2img}. */
class SdWebUiImg2ImgContractTest extends SdWebUiProviderContractTest {
  @Override
  protected ProviderRequest prepared(ProviderRequest request) {
    return TestImages.withReference(request);
  }

  @Test
  void generate_withReference_sendsThePictureToImg2Img() throws Exception {
    generate(request(2));

    assertTrue(FakeSdWebUiServer.isImg2Img(fake.calls().get(0)));
    assertArrayEquals(TestImages.REFERENCE, FakeSdWebUiServer.initImage(fake.calls().get(0)));
    assertEquals(SdWebUiProvider.DENOISING_STRENGTH, new ObjectMapper().readTree(fake.calls().get(0).getBody().utf8())
        .path("denoising_strength").asDouble());
  }

  @Test
  void info_takesAReferenceButDoesNotNeedOne() {
    assertTrue(provider.info().supportsReferenceImage());
    assertTrue(!provider.info().requiresReferenceImage());
  }

  @Test
  void generate_initImageRefused_permanent() throws Exception {
    ((FakeSdWebUiServer) fake).then(new FakeSdWebUiServer.Unprocessable("init_images", "Invalid encoded image"));

    assertInstanceOf(ProviderFailure.Permanent.class, generate(request(1)));
  }

  @Test
  void generate_outOfMemoryOnTheGpu_transient() throws Exception {
    ((FakeSdWebUiServer) fake).then(new FakeSdWebUiServer.OutOfMemory());

    assertInstanceOf(ProviderFailure.Transient.class, generate(request(1)));
  }
}
