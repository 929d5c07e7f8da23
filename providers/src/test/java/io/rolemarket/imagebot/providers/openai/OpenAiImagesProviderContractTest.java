package io.rolemarket.imagebot.providers.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.ImageProviderContract;
import java.time.Clock;

/** The provider contract for OpenAI gpt-image-1. */
class OpenAiImagesProviderContractTest extends ImageProviderContract {
  @Override
  protected FakeProviderServer startFake() {
    return new FakeOpenAiServer();
  }

  @Override
  protected ImageProvider provider(Endpoint endpoint) {
    return new OpenAiImagesProvider(HTTP, new ObjectMapper(), endpoint, OpenAiImagesProvider.DEFAULT_MODEL,
        Clock.systemUTC());
  }

  @Override
  protected String keySetting() {
    return "OPENAI_API_KEY";
  }
}
