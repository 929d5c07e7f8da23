package io.rolemarket.imagebot.providers.sdwebui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SD WebUI beyond the contract: credentials in the URL, seeds from info, data URIs, extras, OOM. */
class SdWebUiProviderTest {
  private static final OkHttpClient HTTP = new OkHttpClient();

  private static List<GeneratedImage> images(ProviderResult result) {
    return assertInstanceOf(ProviderResult.Images.class, result, result::toString).images();
  }

  private static ProviderResult generate(Endpoint endpoint, int count, Long seed) throws InterruptedException {
    return new SdWebUiProvider(HTTP, new ObjectMapper(), endpoint, Clock.systemUTC())
        .generate(new ProviderRequest("Lulu Pig", "", count, AspectRatio.PORTRAIT, seed, null), ProviderProgress.NONE);
  }

  @Test
  void credentialsInTheUrl_sentAsBasicAuthAndKeptOutOfTheUrl() throws Exception {
    try (FakeSdWebUiServer fake = new FakeSdWebUiServer("pod", "s3cret")) {
      String url = fake.url().newBuilder().username("pod").password("s3cret").build().toString();
      Endpoint endpoint = SdWebUiProvider.endpoint(url, null, Duration.ofSeconds(2));

      assertEquals(2, images(generate(endpoint, 2, 100L)).size());
      assertEquals("SD_WEBUI_URL", endpoint.keySetting());
      assertFalse(endpoint.baseUrl().toString().contains("s3cret"));
      assertEquals(List.of(), fake.problems());
    }
  }

  @Test
  void wrongCredentials_permanentNamingTheSetting() throws Exception {
    try (FakeSdWebUiServer fake = new FakeSdWebUiServer("pod", "s3cret")) {
      Endpoint endpoint = SdWebUiProvider.endpoint(fake.url().toString(), "pod:wrong", Duration.ofSeconds(2));
      ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class, generate(endpoint, 1, null));
      assertEquals("SD_WEBUI_AUTH", failure.setting());
    }
  }

  @Test
  void seedsFromInfo_oneEachImage() throws Exception {
    try (FakeSdWebUiServer fake = new FakeSdWebUiServer()) {
      List<GeneratedImage> images = images(generate(SdWebUiProvider.endpoint(fake.url().toString(), null,
          Duration.ofSeconds(2)), 3, 500L));
      assertEquals(List.of(500L, 501L, 502L), images.stream().map(GeneratedImage::seed).toList());
      assertEquals(List.of(), fake.problems());
    }
  }

  @Test
  void infoNotJson_imagesStillReturned() throws Exception {
    try (FakeSdWebUiServer fake = new FakeSdWebUiServer()) {
      fake.then(new FakeSdWebUiServer.BadInfo());
      List<GeneratedImage> images =
          images(generate(SdWebUiProvider.endpoint(fake.url().toString(), null, Duration.ofSeconds(2)), 1, null));
      assertNull(images.get(0).seed());
    }
  }

  @Test
  void dataUriImagesAndExtras_onlyTheAskedImages() throws Exception {
    try (FakeSdWebUiServer fake = new FakeSdWebUiServer()) {
      fake.then(new FakeSdWebUiServer.DataUrisAndExtra());
      assertEquals(2, images(generate(SdWebUiProvider.endpoint(fake.url().toString(), null, Duration.ofSeconds(2)), 2,
          7L)).size());
    }
  }

  @Test
  void cudaOutOfMemory_transientSayingSo() throws Exception {
    try (FakeSdWebUiServer fake = new FakeSdWebUiServer()) {
      fake.then(new FakeSdWebUiServer.OutOfMemory());
      ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class,
          generate(SdWebUiProvider.endpoint(fake.url().toString(), null, Duration.ofSeconds(2)), 1, null));
      assertTrue(failure.message().contains("CUDA out of memory"), failure.message());
    }
  }

  @Test
  @Timeout(30)
  void slowJob_reportsTheServersProgressAndSecondsLeft_thenStopsReading() throws Exception {
    try (FakeSdWebUiServer fake = new FakeSdWebUiServer("pod", "s3cret")) {
      fake.then(new FakeScenario.SlowBody(Duration.ofMillis(1500)));
      List<String> reports = new CopyOnWriteArrayList<>();
      SdWebUiProvider provider = new SdWebUiProvider(HTTP, new ObjectMapper(),
          SdWebUiProvider.endpoint(fake.url().toString(), "pod:s3cret", Duration.ofSeconds(10)), Clock.systemUTC(),
          Duration.ofMillis(100));

      ProviderResult result = provider.generate(new ProviderRequest("Lulu Pig", "", 1, AspectRatio.SQUARE, 7L, null),
          (percent, note) -> reports.add(percent + "% " + note));

      assertEquals(1, images(result).size());
      assertTrue(reports.size() >= 2, reports::toString);
      assertEquals("20% about 9 s left", reports.get(0));
      assertEquals("40% about 8 s left", reports.get(1));
      int reads = fake.progressReads();
      Thread.sleep(300);
      assertEquals(reads, fake.progressReads(), "no progress read after the answer");
      assertEquals(0, fake.interrupts());
      assertEquals(List.of(), fake.problems());
    }
  }

  @Test
  @Timeout(30)
  void cancelledCall_stopsTheJobOnTheGpu() throws Exception {
    try (FakeSdWebUiServer fake = new FakeSdWebUiServer()) {
      fake.then(new FakeScenario.SlowBody(Duration.ofSeconds(20)));
      SdWebUiProvider provider = new SdWebUiProvider(HTTP, new ObjectMapper(),
          SdWebUiProvider.endpoint(fake.url().toString(), null, Duration.ofSeconds(30)), Clock.systemUTC(),
          Duration.ofMillis(50));
      CountDownLatch drawing = new CountDownLatch(1);
      Thread call = Thread.ofVirtual().start(() -> {
        try {
          provider.generate(new ProviderRequest("Lulu Pig", "", 1, AspectRatio.SQUARE, null, null),
              (percent, note) -> drawing.countDown());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(drawing.await(10, TimeUnit.SECONDS));

      call.interrupt();
      call.join();

      assertEquals(1, fake.interrupts());
    }
  }
}
