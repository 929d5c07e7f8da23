package io.rolemarket.imagebot.providers.replicate;

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

/**
 * What a Replicate prediction cost, read from the fake's predictions: per output image for an official model,
 * {@code metrics.predict_time} (1.27 s in the fake's finished predictions) at the hardware's price for a
 * time-billed one; the declared price when the prediction does not say.
 */
class ReplicatePriceTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  /** A community model on hardware at $0.001525/s (an example price, not a default). */
  private static final ReplicateModel TIME_BILLED = ReplicateModel.parse("acme/lulu-sdxl")
      .withPrice(ReplicatePrice.perSecond(new BigDecimal("0.001525")));

  private final FakeReplicateServer fake = new FakeReplicateServer();

  @AfterEach
  void fakeSawOnlyCorrectCalls() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private ProviderResult.Images generate(ReplicateModel model, int count) throws InterruptedException {
    ReplicateProvider provider = new ReplicateProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url(),
        FakeProviderServer.KEY, "REPLICATE_API_TOKEN", Duration.ofSeconds(2), 1024 * 1024), model,
        new JobWait(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());
    return assertInstanceOf(ProviderResult.Images.class, provider.generate(
        new ProviderRequest("Lulu Pig on a beach", "", count, AspectRatio.WIDE, null, null), ProviderProgress.NONE));
  }

  @Test
  void perImageModel_succeededPrediction_reportsItsOutputsAtThePrice() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("processing", "succeeded")));

    ProviderResult.Images images = generate(ReplicateModel.FLUX_SCHNELL, 2);

    assertEquals(CostSource.REPORTED, images.costSource());
    assertEquals(0, new BigDecimal("0.006").compareTo(images.reportedCostUsd()), images.reportedCostUsd()
        .toPlainString());
  }

  @Test
  void perImageModel_configuredPrice_changesTheReportedCost() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("succeeded")));

    ProviderResult.Images images = generate(ReplicateModel.FLUX_DEV.withPrice(
        ReplicatePrice.perImage(new BigDecimal("0.03"))), 3);

    assertEquals(0, new BigDecimal("0.09").compareTo(images.reportedCostUsd()));
  }

  @Test
  void perImageModel_outputsWhileStillProcessing_declared() throws Exception {
    // the create answer already lists every output but the prediction has not succeeded (nor been billed) yet
    ProviderResult.Images images = generate(ReplicateModel.FLUX_SCHNELL, 2);

    assertEquals(CostSource.DECLARED, images.costSource());
  }

  @Test
  void timeBilledModel_predictTime_reportsTheSecondsAtTheHardwarePrice() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("processing", "succeeded")));

    ProviderResult.Images images = generate(TIME_BILLED, 1);

    // 1.27 s x $0.001525/s = $0.00193675
    assertEquals(CostSource.REPORTED, images.costSource());
    assertEquals(0, new BigDecimal("0.001937").compareTo(images.reportedCostUsd()), images.reportedCostUsd()
        .toPlainString());
  }

  @Test
  void timeBilledModel_noMetrics_declared() throws Exception {
    // outputs taken from the create answer, which carries no metrics yet
    ProviderResult.Images images = generate(TIME_BILLED, 1);

    assertEquals(CostSource.DECLARED, images.costSource());
    assertNull(images.reportedCostUsd());
  }

  @Test
  void modelWithoutAKnownPrice_succeededPrediction_declared() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("succeeded")));

    assertEquals(CostSource.DECLARED, generate(ReplicateModel.parse("acme/lulu-sdxl"), 1).costSource());
  }
}
