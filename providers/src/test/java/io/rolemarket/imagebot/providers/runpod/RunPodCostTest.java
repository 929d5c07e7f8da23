package io.rolemarket.imagebot.providers.runpod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a RunPod job cost: its {@code executionTime} (3,100 ms in the fake) at the endpoint's price per second. */
class RunPodCostTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ProviderRequest REQUEST =
      new ProviderRequest("Lulu Pig in the snow", "", 2, AspectRatio.SQUARE, null, null);

  private final FakeRunPodServer fake = new FakeRunPodServer();

  @AfterEach
  void fakeSawOnlyCorrectCalls() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private ProviderResult.Images generate(BigDecimal pricePerSecond) throws InterruptedException {
    RunPodProvider provider = new RunPodProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url().resolve("/v2/"),
        FakeProviderServer.KEY, "RUNPOD_API_KEY", Duration.ofSeconds(2), 1024 * 1024), FakeRunPodServer.ENDPOINT_ID,
        new JobWait(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC(), null,
        pricePerSecond);
    return assertInstanceOf(ProviderResult.Images.class, provider.generate(REQUEST, ProviderProgress.NONE));
  }

  @Test
  void executionTime_reportsTheSecondsAtTheDefaultPrice() throws Exception {
    ProviderResult.Images images = generate(RunPodProvider.DEFAULT_PRICE_PER_SECOND_USD);

    // 3.1 s x $0.00019/s
    assertEquals(CostSource.REPORTED, images.costSource());
    assertEquals(0, new BigDecimal("0.000589").compareTo(images.reportedCostUsd()), images.reportedCostUsd()
        .toPlainString());
  }

  @Test
  void executionTime_configuredPrice_changesTheReportedCost() throws Exception {
    fake.then(new FakeRunPodServer.Plays(List.of("IN_QUEUE", "IN_PROGRESS", "COMPLETED")));

    // 3.1 s x $0.00076/s (an 80 GB A100)
    assertEquals(0, new BigDecimal("0.002356").compareTo(generate(new BigDecimal("0.00076")).reportedCostUsd()));
  }

  @Test
  void noExecutionTime_declared() throws Exception {
    fake.then(new FakeRunPodServer.Untimed());

    ProviderResult.Images images = generate(RunPodProvider.DEFAULT_PRICE_PER_SECOND_USD);

    assertEquals(CostSource.DECLARED, images.costSource());
    assertNull(images.reportedCostUsd());
  }
}
