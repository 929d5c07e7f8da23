package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.time.Clock;

/**
 * The provider contract for FLUX.1 Kontext dev on {@code hf-inference}'s image-to-image task, found through the Hub
 * mapping, every request carrying the character's picture.
 */
class HuggingFaceKontextContractTest extends HuggingFaceProviderContractTest {
  @Override
  protected FakeProviderServer startFake() {
    return new FakeHuggingFaceServer().mapping(
        "{\"hf-inference\": {\"status\": \"live\", \"providerId\": \"%s\", \"task\": \"image-to-image\"}}");
  }

  @Override
  protected ImageProvider provider(Endpoint endpoint) {
    HubProviderMapping mapping =
        new HubProviderMapping(HTTP, new ObjectMapper(), endpoint, HubProviderMapping.AUTO, Clock.systemUTC());
    return new HuggingFaceProvider(HTTP, new ObjectMapper(), endpoint, HfModel.KONTEXT_DEV, mapping,
        Clock.systemUTC());
  }

  @Override
  protected ProviderRequest prepared(ProviderRequest request) {
    return TestImages.withReference(request);
  }
}
