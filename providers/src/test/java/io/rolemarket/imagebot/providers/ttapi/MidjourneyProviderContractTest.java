package io.rolemarket.imagebot.providers.ttapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.ImageProviderContract;
import java.time.Clock;
import java.time.Duration;

/** The provider contract for Midjourney through TTAPI. */
class MidjourneyProviderContractTest extends ImageProviderContract {
  @Override
  protected FakeProviderServer startFake() {
    return new FakeTtapiServer();
  }

  @Override
  protected ImageProvider provider(Endpoint endpoint) {
    return new MidjourneyProvider(HTTP, new ObjectMapper(), endpoint, MidjourneyProvider.DEFAULT_MODE,
        new JobWait(Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofMillis(100)), Clock.systemUTC());
  }

  @Override
  protected String keySetting() {
    return "TTAPI_API_KEY";
  }
}
