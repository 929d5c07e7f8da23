package io.rolemarket.imagebot.providers.runpod;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RunPod beyond the contract: queue states, failures, deadline, cancellation and the output's forms. */
class RunPodProviderTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ProviderRequest REQUEST =
      new ProviderRequest("Lulu Pig in the snow", "blurry", 2, AspectRatio.PORTRAIT, 99L, null);

  private final FakeRunPodServer fake = new FakeRunPodServer();
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

  private RunPodProvider provider(Duration deadline) {
    return new RunPodProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url().resolve("/v2/"),
        FakeProviderServer.KEY, "RUNPOD_API_KEY", Duration.ofSeconds(2), 1024 * 1024), FakeRunPodServer.ENDPOINT_ID,
        new JobWait(deadline, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());
  }

  private ProviderResult generate() throws InterruptedException {
    return provider(Duration.ofSeconds(5)).generate(REQUEST, progress);
  }

  @Test
  void queuedJob_pollsThroughQueueStates_reportsIdAndStates() throws Exception {
    fake.then(new FakeRunPodServer.Plays(List.of("IN_QUEUE", "IN_PROGRESS", "IN_PROGRESS", "COMPLETED")));

    List<GeneratedImage> images = assertInstanceOf(ProviderResult.Images.class, generate()).images();

    assertEquals(2, images.size());
    assertEquals(99L, images.get(0).seed());
    assertEquals(List.of("job-1"), submitted);
    assertTrue(notes.contains("IN_QUEUE") && notes.contains("IN_PROGRESS"), notes::toString);
  }

  @Test
  void bucketUrls_downloadedWithoutTheKey() throws Exception {
    fake.then(new FakeRunPodServer.UrlImages());

    assertEquals(2, assertInstanceOf(ProviderResult.Images.class, generate()).images().size());
  }

  @Test
  void failedJob_transientWithTheError() throws Exception {
    fake.then(new FakeRunPodServer.Failed("Unexpected error: CUDA out of memory"));

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate());
    assertTrue(failure.message().contains("CUDA out of memory"), failure.message());
  }

  @Test
  void cancelledOrTimedOutOnRunPod_transient() throws Exception {
    fake.then(new FakeRunPodServer.Plays(List.of("IN_QUEUE", "CANCELLED")),
        new FakeRunPodServer.Plays(List.of("IN_PROGRESS", "TIMED_OUT")));

    assertInstanceOf(ProviderFailure.Transient.class, generate());
    assertInstanceOf(ProviderFailure.Transient.class, generate());
  }

  @Test
  void stuckPastTheDeadline_cancelsTheJob() throws Exception {
    fake.then(new FakeRunPodServer.Plays(List.of("IN_QUEUE")));

    ProviderResult result = provider(Duration.ofMillis(400)).generate(REQUEST, progress);

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, result);
    assertTrue(failure.message().contains("cancelled"), failure.message());
    assertEquals(List.of("job-1"), fake.cancelled());
  }

  @Test
  void interrupted_cancelsTheJobAndThrows() throws Exception {
    fake.then(new FakeRunPodServer.Plays(List.of("IN_PROGRESS")));
    CountDownLatch started = new CountDownLatch(1);
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    Thread call = Thread.ofVirtual().start(() -> {
      try {
        provider(Duration.ofSeconds(30)).generate(REQUEST, (percent, note) -> started.countDown());
      } catch (Throwable e) {
        thrown.add(e);
      }
    });
    assertTrue(started.await(5, TimeUnit.SECONDS));

    call.interrupt();
    call.join(Duration.ofSeconds(5));

    assertInstanceOf(InterruptedException.class, thrown.get(0));
    assertEquals(List.of("job-1"), fake.cancelled());
  }

  @Test
  void serverErrorsAndRateLimitsWhilePolling_keepPolling() throws Exception {
    fake.then(new FakeRunPodServer.StatusErrors(500, 2));

    assertInstanceOf(ProviderResult.Images.class, generate());
  }

  @Test
  void jobExpired_transientWithoutPollingOn() throws Exception {
    fake.then(new FakeRunPodServer.StatusErrors(404, 1));

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate());
    assertTrue(failure.message().contains("gone"), failure.message());
  }

  @Test
  void completedWithoutImagesOrWithBadBase64OrAStringOutput_transient() throws Exception {
    fake.then(new FakeRunPodServer.Output("{\"images\":[]}"),
        new FakeRunPodServer.Output("{\"images\":[\"data:image/png;base64,***\"]}"),
        new FakeRunPodServer.Output("\"done\""));

    for (int i = 0; i < 3; i++) {
      assertInstanceOf(ProviderFailure.Transient.class, generate());
    }
  }

  @Test
  void inputRejectedByTheWorker_permanentNamingTheEndpoint() throws Exception {
    fake.then(new FakeRunPodServer.Rejected(List.of("Unexpected input. style is not a valid input option.",
        "num_images does not meet the constraint.")));

    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class, generate());
    assertEquals("RUNPOD_ENDPOINT_ID", failure.setting());
    assertTrue(failure.message().contains("style is not a valid input option"), failure.message());
  }

  @Test
  void handlerCrashed_transientWithTheExceptionMessageNotItsTraceback() throws Exception {
    fake.then(new FakeRunPodServer.Crashed("CUDA out of memory. Tried to allocate 2.00 GiB"));

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate());
    assertTrue(failure.message().endsWith("job failed: CUDA out of memory. Tried to allocate 2.00 GiB"),
        failure.message());
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
  void resume_afterACrash_attachesToTheOpenJobWithoutResubmitting() throws Exception {
    fake.then(new FakeRunPodServer.Plays(List.of("IN_QUEUE", "IN_PROGRESS", "COMPLETED")));
    RunPodProvider provider = provider(Duration.ofSeconds(5));
    assertThrows(IllegalStateException.class, () -> provider.generate(REQUEST, crashAfterSubmit()));

    ProviderResult result = provider.resume(submitted.get(0), REQUEST, progress);

    assertEquals(2, assertInstanceOf(ProviderResult.Images.class, result).images().size());
    assertEquals(1, fake.calls().size());
    assertEquals(List.of(), fake.cancelled());
  }

  @Test
  void resume_unknownJob_failureNotException() throws Exception {
    assertInstanceOf(ProviderFailure.class, provider(Duration.ofSeconds(5)).resume("job-404", REQUEST, progress));
  }

  @Test
  void badEndpointId_refusedAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new RunPodProvider(HTTP, new ObjectMapper(),
        Endpoint.of("http://127.0.0.1:1/v2", "k", "RUNPOD_API_KEY", Duration.ofSeconds(1)), "../x",
        JobWait.of(Duration.ofMinutes(1)), Clock.systemUTC()));
  }

  private RunPodProvider hooked(LoopbackHooks receiver, Duration firstPoll) {
    return new RunPodProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url().resolve("/v2/"),
        FakeProviderServer.KEY, "RUNPOD_API_KEY", Duration.ofSeconds(2), 1024 * 1024), FakeRunPodServer.ENDPOINT_ID,
        new JobWait(Duration.ofMinutes(10), firstPoll, firstPoll), Clock.systemUTC(), receiver.hooks());
  }

  @Test
  @Timeout(30)
  void webhook_endsTheWaitWithTheDeliveredImages() throws Exception {
    try (LoopbackHooks receiver = LoopbackHooks.start()) {
      fake.then(new FakeScenario.Hooked(true));

      // status polls keep saying IN_PROGRESS: only the webhook can end this wait
      List<GeneratedImage> images = assertInstanceOf(ProviderResult.Images.class,
          hooked(receiver, Duration.ofMinutes(5)).generate(REQUEST, progress)).images();

      assertEquals(2, images.size());
      assertEquals(99L, images.get(0).seed());
      assertEquals(List.of(200), fake.hookAnswers(1));
      assertEquals(0, receiver.hooks().openCount());
    }
  }

  @Test
  @Timeout(30)
  void guessedWebhookPath_refusedEveryTime_andThePollFinishesTheJob() throws Exception {
    try (LoopbackHooks receiver = LoopbackHooks.start()) {
      fake.then(new FakeScenario.Hooked(false));

      assertInstanceOf(ProviderResult.Images.class, hooked(receiver, Duration.ofMillis(10)).generate(REQUEST, progress));

      assertEquals(List.of(404, 404, 404), fake.hookAnswers(3), "the first call and RunPod's two retries");
    }
  }
}
