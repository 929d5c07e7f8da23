package io.rolemarket.imagebot.providers.runpod;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.ImageProviderContract;
import java.time.Clock;
import java.time.Duration;
import okhttp3.HttpUrl;

/** The provider contract for a RunPod SDXL endpoint. */
class RunPodProviderContractTest extends ImageProviderContract {
  @Override
  protected FakeProviderServer startFake() {
    return new FakeRunPodServer();
  }

  @Override
  protected Endpoint endpoint(HttpUrl url) {
    return super.endpoint(url.resolve("/v2/"));
  }

  @Override
  protected ImageProvider provider(Endpoint endpoint) {
    return new RunPodProvider(HTTP, new ObjectMapper(), endpoint, FakeRunPodServer.ENDPOINT_ID,
        new JobWait(Duration.ofSeconds(3), Duration.ofMillis(20), Duration.ofMillis(100)), Clock.systemUTC());
  }

  @Override
  protected String keySetting() {
    return "RUNPOD_API_KEY";
  }
}
