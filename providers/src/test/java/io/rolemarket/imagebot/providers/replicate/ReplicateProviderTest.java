package io.rolemarket.imagebot.providers.replicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.LoopbackHooks;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replicate beyond the contract: the prediction's states, failures, deadline, cancellation and outputs. */
class ReplicateProviderTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ProviderRequest REQUEST =
      new ProviderRequest("Lulu Pig on a beach", "", 2, AspectRatio.WIDE, 7L, null);

  private final FakeReplicateServer fake = new FakeReplicateServer();
  private final List<String> notes = new CopyOnWriteArrayList<>();
  private final List<String> submitted = new CopyOnWriteArrayList<>();
  private final ProviderProgress progress = new ProviderProgress() {
    @Override
    public void report(int percent, String note) {
      notes.add(note);
    }

    @Override
    public void submitted(String remoteJobId) {
      submitted.add(remoteJobId);
    }
  };

  @AfterEach
  void fakeSawOnlyCorrectCalls() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private ReplicateProvider provider(ReplicateModel model, Duration deadline, Duration timeout) {
    return new ReplicateProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url(), FakeProviderServer.KEY,
        "REPLICATE_API_TOKEN", timeout, 1024 * 1024), model,
        new JobWait(deadline, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());
  }

  private ProviderResult generate(ProviderRequest request) throws InterruptedException {
    return provider(ReplicateModel.FLUX_SCHNELL, Duration.ofSeconds(5), Duration.ofSeconds(2))
        .generate(request, progress);
  }

  @Test
  void slowPrediction_pollsThroughItsStates_reportsIdAndProgress() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("starting", "processing", "processing", "succeeded")));

    List<GeneratedImage> images = assertInstanceOf(ProviderResult.Images.class, generate(REQUEST)).images();

    assertEquals(2, images.size());
    assertEquals(List.of("p1"), submitted);
    assertTrue(notes.contains("starting") && notes.contains("processing"), notes::toString);
    assertEquals(0, fake.cancelled().size());
  }

  @Test
  void waitPreference_sentBelowTheTimeout() throws Exception {
    provider(ReplicateModel.FLUX_SCHNELL, Duration.ofSeconds(30), Duration.ofSeconds(20)).generate(REQUEST, progress);

    assertEquals("wait=15", fake.calls().get(0).getHeaders().get("Prefer"));
    assertEquals("30s", fake.calls().get(0).getHeaders().get("Cancel-After"));
  }

  @Test
  void fluxPro_oneUrlAsAString_oneImage() throws Exception {
    ProviderResult result = provider(ReplicateModel.FLUX_PRO, Duration.ofSeconds(5), Duration.ofSeconds(2))
        .generate(REQUEST.withCount(1), progress);

    assertEquals(1, assertInstanceOf(ProviderResult.Images.class, result).images().size());
    assertTrue(fake.calls().get(0).getUrl().encodedPath().equals("/v1/models/black-forest-labs/flux-pro/predictions"));
  }

  @Test
  void nsfwFailure_contentRejected() throws Exception {
    fake.then(new FakeReplicateServer.Failed("All generated images contained NSFW content. Try running it again."));

    assertInstanceOf(ProviderFailure.ContentRejected.class, generate(REQUEST));
  }

  @Test
  void otherFailure_transientWithTheError() throws Exception {
    fake.then(new FakeReplicateServer.Failed("CUDA out of memory"));

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate(REQUEST));
    assertTrue(failure.message().contains("CUDA out of memory"), failure.message());
  }

  @Test
  void canceledElsewhere_transient() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("starting", "canceled")));

    assertInstanceOf(ProviderFailure.Transient.class, generate(REQUEST));
  }

  @Test
  void stuckPastTheDeadline_cancelsThePrediction() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("processing")));

    ProviderResult result = provider(ReplicateModel.FLUX_SCHNELL, Duration.ofMillis(400), Duration.ofSeconds(2))
        .generate(REQUEST, progress);

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, result);
    assertTrue(failure.message().contains("cancelled"), failure.message());
    assertEquals(List.of("p1"), fake.cancelled());
  }

  @Test
  void interrupted_cancelsThePredictionAndThrows() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("processing")));
    CountDownLatch started = new CountDownLatch(1);
    ProviderProgress signalling = (percent, note) -> started.countDown();
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    Thread call = Thread.ofVirtual().start(() -> {
      try {
        provider(ReplicateModel.FLUX_SCHNELL, Duration.ofSeconds(30), Duration.ofSeconds(2)).generate(REQUEST, signalling);
      } catch (Throwable e) {
        thrown.add(e);
      }
    });
    assertTrue(started.await(5, TimeUnit.SECONDS));

    call.interrupt();
    call.join(Duration.ofSeconds(5));

    assertInstanceOf(InterruptedException.class, thrown.get(0));
    assertEquals(List.of("p1"), fake.cancelled());
  }

  @Test
  void serverErrorsWhilePolling_keepPolling() throws Exception {
    fake.then(new FakeReplicateServer.PollErrors(503, 2));

    assertInstanceOf(ProviderResult.Images.class, generate(REQUEST));
  }

  @Test
  void outputServingHtml_transient() throws Exception {
    fake.then(new FakeReplicateServer.WrongOutputType("text/html"));

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate(REQUEST));
    assertTrue(failure.message().contains("text/html"), failure.message());
  }

  @Test
  void webpOutput_deliveredAsPng() throws Exception {
    fake.then(new FakeReplicateServer.WebpOutput());

    List<GeneratedImage> images = assertInstanceOf(ProviderResult.Images.class, generate(REQUEST)).images();

    assertEquals(io.rolemarket.imagebot.core.provider.ImageFormat.PNG, images.get(0).format());
    assertEquals(96, images.get(0).width());
  }

  @Test
  void oversizedOutput_transientWithoutReadingIt() throws Exception {
    fake.then(new FakeReplicateServer.OversizedOutput(200L * 1024 * 1024));

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate(REQUEST));
    assertTrue(failure.message().contains("too large"), failure.message());
  }


  /** Journals the id, then dies as a crashed process would. */
  private ProviderProgress crashAfterSubmit() {
    return new ProviderProgress() {
      @Override
      public void report(int percent, String note) {}

      @Override
      public void submitted(String remoteJobId) {
        submitted.add(remoteJobId);
        throw new IllegalStateException("crashed after journaling " + remoteJobId);
      }
    };
  }

  @Test
  void resume_afterACrash_attachesToTheOpenPredictionWithoutResubmitting() throws Exception {
    fake.then(new FakeReplicateServer.Plays(List.of("starting", "processing", "succeeded")));
    ReplicateProvider provider = provider(ReplicateModel.FLUX_SCHNELL, Duration.ofSeconds(5), Duration.ofSeconds(2));
    assertThrows(IllegalStateException.class, () -> provider.generate(REQUEST, crashAfterSubmit()));

    ProviderResult result = provider.resume(submitted.get(0), REQUEST, progress);

    assertEquals(2, assertInstanceOf(ProviderResult.Images.class, result).images().size());
    assertEquals(1, fake.calls().size());
    assertEquals(List.of(), fake.cancelled());
  }

  @Test
  void resume_unknownPrediction_failureNotException() throws Exception {
    ProviderResult result = provider(ReplicateModel.FLUX_SCHNELL, Duration.ofSeconds(5), Duration.ofSeconds(2))
        .resume("nope", REQUEST, progress);

    assertInstanceOf(ProviderFailure.class, result);
  }

  @Test
  void unknownModel_permanentNamingTheSetting() throws Exception {
    fake.then(new FakeReplicateServer.UnknownModel());

    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class, generate(REQUEST));
    assertEquals("REPLICATE_MODEL", failure.setting());
  }

  @Test
  void modelNames_shortOrFull() {
    assertEquals(ReplicateModel.FLUX_DEV, ReplicateModel.parse("flux-dev"));
    assertEquals(ReplicateModel.FLUX_PRO, ReplicateModel.parse("black-forest-labs/flux-pro"));
    assertEquals(1, ReplicateModel.parse("acme/pig-painter").maxOutputs());
    assertThrows(IllegalArgumentException.class, () -> ReplicateModel.parse("no slash"));
  }

  private ReplicateProvider hooked(LoopbackHooks receiver, Duration firstPoll, @Nullable ReplicateWebhook signing) {
    return new ReplicateProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url(), FakeProviderServer.KEY,
        "REPLICATE_API_TOKEN", Duration.ofSeconds(2), 1024 * 1024), ReplicateModel.FLUX_SCHNELL,
        new JobWait(Duration.ofMinutes(10), firstPoll, firstPoll), Clock.systemUTC(), receiver.hooks(), signing);
  }

  @Test
  @Timeout(30)
  void signedWebhook_endsTheWait_secretReadOnceFromReplicate() throws Exception {
    try (LoopbackHooks receiver = LoopbackHooks.start()) {
      fake.then(new FakeScenario.Hooked(true), new FakeScenario.Hooked(true));
      ReplicateProvider provider = hooked(receiver, Duration.ofMinutes(5), null);

      // polls keep saying "processing" without outputs: only the webhook can end these waits
      assertInstanceOf(ProviderResult.Images.class, provider.generate(REQUEST, progress));
      assertInstanceOf(ProviderResult.Images.class, provider.generate(REQUEST, progress));

      assertEquals(List.of(200, 200), fake.hookAnswers(2));
      assertEquals(1, fake.secretReads());
      assertEquals(0, receiver.hooks().openCount());
      String webhook = new ObjectMapper().readTree(fake.calls().get(0).getBody().utf8()).path("webhook").asText();
      assertTrue(webhook.matches("http://127\\.0\\.0\\.1:\\d+/hooks/replicate/[A-Za-z0-9_-]{43}"), webhook);
    }
  }

  @Test
  @Timeout(30)
  void webhookWithAWrongSignature_refused401_andThePollFinishesTheJob() throws Exception {
    try (LoopbackHooks receiver = LoopbackHooks.start()) {
      fake.then(new FakeScenario.Hooked(false));
      ReplicateWebhook signing = ReplicateWebhook.of("whsec_" + Base64.getEncoder().encodeToString(
          FakeReplicateServer.SIGNING_KEY), ReplicateWebhook.DEFAULT_TOLERANCE, Clock.systemUTC());

      assertInstanceOf(ProviderResult.Images.class, hooked(receiver, Duration.ofMillis(10), signing)
          .generate(REQUEST, progress));

      assertEquals(List.of(401), fake.hookAnswers(1));
      assertEquals(0, fake.secretReads(), "the configured secret is used");
    }
  }
}
