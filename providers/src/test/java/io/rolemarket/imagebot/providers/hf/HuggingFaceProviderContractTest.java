package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.ImageProviderContract;
import java.time.Clock;

/** The provider contract for FLUX.1-dev on {@code hf-inference}, found through the Hub mapping. */
class HuggingFaceProviderContractTest extends ImageProviderContract {
  @Override
  protected FakeProviderServer startFake() {
    return new FakeHuggingFaceServer();
  }

  @Override
  protected ImageProvider provider(Endpoint endpoint) {
    HubProviderMapping mapping =
        new HubProviderMapping(HTTP, new ObjectMapper(), endpoint, HubProviderMapping.AUTO, Clock.systemUTC());
    return new HuggingFaceProvider(HTTP, new ObjectMapper(), endpoint, HfModel.FLUX_DEV, mapping, Clock.systemUTC());
  }

  @Override
  protected String keySetting() {
    return "HF_TOKEN";
  }
}
