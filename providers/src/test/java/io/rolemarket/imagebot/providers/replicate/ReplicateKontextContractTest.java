package io.rolemarket.imagebot.providers.replicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.time.Clock;
import java.time.Duration;

/** The provider contract for Replicate FLUX.1 Kontext pro, every request carrying the character's picture. */
class ReplicateKontextContractTest extends ReplicateProviderContractTest {
  @Override
  protected ImageProvider provider(Endpoint endpoint) {
    return new ReplicateProvider("replicate-kontext", HTTP, new ObjectMapper(), endpoint,
        ReplicateModel.FLUX_KONTEXT_PRO, new JobWait(Duration.ofSeconds(3), Duration.ofMillis(20),
            Duration.ofMillis(100)), Clock.systemUTC(), null, null);
  }

  @Override
  protected ProviderRequest prepared(ProviderRequest request) {
    return TestImages.withReference(request);
  }
}
