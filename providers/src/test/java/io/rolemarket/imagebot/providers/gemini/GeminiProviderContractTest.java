package io.rolemarket.imagebot.providers.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.ImageProviderContract;
import java.time.Clock;

/** The provider contract for Gemini 2.5 Flash Image. */
class GeminiProviderContractTest extends ImageProviderContract {
  @Override
  protected FakeProviderServer startFake() {
    return new FakeGeminiServer();
  }

  @Override
  protected ImageProvider provider(Endpoint endpoint) {
    return new GeminiProvider(HTTP, new ObjectMapper(), endpoint, GeminiProvider.DEFAULT_MODEL, Clock.systemUTC());
  }

  @Override
  protected String keySetting() {
    return "GOOGLE_API_KEY";
  }
}
