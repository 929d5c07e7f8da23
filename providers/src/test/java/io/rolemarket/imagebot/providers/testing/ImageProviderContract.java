package io.rolemarket.imagebot.providers.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import java.net.ServerSocket;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP image provider must do, run against its loopback fake: decode a real image of the size
 * it has, name the key's setting (never the key) when refused, honour the provider's wait when rate
 * limited, and turn 5xx, malformed, oversized and slow answers into transient failures. A subclass per
 * provider supplies the fake and the client; after each test the fake must have seen only correct calls.
 */
public abstract class ImageProviderContract {
  /** Short so the slow-body test is quick; fakes delay well past it. */
  protected static final Duration TIMEOUT = Duration.ofMillis(700);
  /** Small so the oversized test needs few bytes; fake images are a few kilobytes. */
  protected static final long MAX_BODY = 256 * 1024;
  /** One shared client, as in the app. */
  protected static final OkHttpClient HTTP = new OkHttpClient();

  protected FakeProviderServer fake;
  protected ImageProvider provider;

  /** A started fake of the provider's API. */
  protected abstract FakeProviderServer startFake();

  /** The client under test, sent to {@code endpoint}. */
  protected abstract ImageProvider provider(Endpoint endpoint);

  /** The configuration name of the provider's key, such as {@code HF_TOKEN}. */
  protected abstract String keySetting();

  /** The endpoint of a fake at {@code url}, with the test key, timeout and body cap. */
  protected Endpoint endpoint(HttpUrl url) {
    return new Endpoint(url, FakeProviderServer.KEY, keySetting(), TIMEOUT, MAX_BODY);
  }

  @BeforeEach
  void startFakeAndClient() {
    fake = startFake();
    provider = provider(endpoint(fake.url()));
  }

  @AfterEach
  void fakeSawOnlyCorrectCalls() {
    fake.closeChecked();
  }

  /** A one-image square request. */
  protected static ProviderRequest request(int count) {
    return new ProviderRequest("Lulu Pig, a cheerful pink piglet, at a Halloween party", "blurry, watermark", count,
        AspectRatio.SQUARE, 42L, null);
  }

  /** What a test's request becomes before it is sent: as it is, or with a reference picture for an editor. */
  protected ProviderRequest prepared(ProviderRequest request) {
    return request;
  }

  protected ProviderResult generate(ProviderRequest request) throws InterruptedException {
    return provider.generate(prepared(request), ProviderProgress.NONE);
  }

  @Test
  void generate_success_decodesImageOfItsRealSize() throws Exception {
    ProviderResult result = generate(request(1));

    GeneratedImage image = assertInstanceOf(ProviderResult.Images.class, result, result::toString).images().get(0);
    assertEquals(fake.imageWidth(), image.width());
    assertEquals(fake.imageHeight(), image.height());
    assertTrue(image.format() == ImageFormat.PNG || image.format() == ImageFormat.JPEG, image::toString);
    assertEquals(1, fake.calls().size());
  }

  @Test
  void generate_severalImages_oneCallWhenTheApiTakesACount() throws Exception {
    int count = Math.min(3, provider.info().maxImagesPerCall());
    ProviderResult result = generate(request(count));

    assertEquals(count, assertInstanceOf(ProviderResult.Images.class, result, result::toString).images().size());
    assertEquals(1, fake.calls().size());
  }

  @Test
  void generate_unauthorized_permanentNamingTheSettingNotTheKey() throws Exception {
    fake.then(FakeScenario.UNAUTHORIZED);

    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class, generate(request(1)));
    assertEquals(keySetting(), failure.setting());
    assertTrue(failure.message().contains(keySetting()), failure.message());
    assertFalse(failure.toString().contains(FakeProviderServer.KEY), failure.toString());
  }

  @Test
  void generate_rateLimited_waitsAtLeastWhatTheProviderAsks() throws Exception {
    fake.then(new FakeScenario.RateLimited(Duration.ofSeconds(3)));

    ProviderFailure.RateLimited failure = assertInstanceOf(ProviderFailure.RateLimited.class, generate(request(1)));
    assertTrue(failure.retryAfter().compareTo(Duration.ofSeconds(3)) >= 0, failure::toString);
  }

  @Test
  void generate_rateLimitedThenRetried_succeeds() throws Exception {
    fake.then(new FakeScenario.RateLimited(Duration.ofSeconds(1)));

    assertInstanceOf(ProviderFailure.RateLimited.class, generate(request(1)));
    assertInstanceOf(ProviderResult.Images.class, generate(request(1)));
  }

  @Test
  void generate_serverError_transient() throws Exception {
    fake.then(FakeScenario.SERVER_ERROR);

    assertInstanceOf(ProviderFailure.Transient.class, generate(request(1)));
  }

  @Test
  void generate_malformedBody_transient() throws Exception {
    fake.then(FakeScenario.MALFORMED);

    assertInstanceOf(ProviderFailure.Transient.class, generate(request(1)));
  }

  @Test
  void generate_oversizedBody_transientWithoutReadingIt() throws Exception {
    fake.then(new FakeScenario.Oversized(200L * 1024 * 1024));
    long start = System.nanoTime();

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate(request(1)));
    assertTrue(failure.message().contains("too large"), failure.message());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  void generate_bodySlowerThanTheTimeout_transient() throws Exception {
    fake.then(new FakeScenario.SlowBody(TIMEOUT.multipliedBy(4)));
    long start = System.nanoTime();

    assertInstanceOf(ProviderFailure.Transient.class, generate(request(1)));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(TIMEOUT.multipliedBy(3)) < 0);
  }

  @Test
  void generate_nobodyListening_transient() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ImageProvider offline = provider(endpoint(new HttpUrl.Builder().scheme("http").host("127.0.0.1").port(port).build()));

    assertInstanceOf(ProviderFailure.Transient.class, offline.generate(prepared(request(1)), ProviderProgress.NONE));
  }

  @Test
  void info_declaresPriceLatencyAndCallSize() {
    var info = provider.info();
    assertTrue(info.costPerImageUsd().signum() >= 0);
    assertTrue(info.typicalLatency().isPositive());
    assertTrue(info.maxImagesPerCall() >= 1);
  }
}
