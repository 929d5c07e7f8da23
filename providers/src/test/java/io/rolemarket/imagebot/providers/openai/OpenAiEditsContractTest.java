package io.rolemarket.imagebot.providers.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.providers.testing.TestImages;
import org.junit.jupiter.api.Test;

/** The provider contract for OpenAI with a reference picture: every call is an edit ({@code /v1/images/edits}). */
class OpenAiEditsContractTest extends OpenAiImagesProviderContractTest {
  @Override
  protected ProviderRequest prepared(ProviderRequest request) {
    return TestImages.withReference(request);
  }

  @Test
  void generate_withReference_postsThePictureToTheEditRoute() throws Exception {
    generate(request(1));

    assertTrue(FakeOpenAiServer.isEdit(fake.calls().get(0)));
    assertArrayEquals(TestImages.REFERENCE, FakeOpenAiServer.editImage(fake.calls().get(0)));
  }
}
