package io.rolemarket.imagebot.providers.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fal-ai job through the router's queue, as the official {@code huggingface.js} client runs it: submit,
 * status polls through the router until {@code COMPLETED}, the result, then the image; failed jobs, failing
 * polls, the deadline and cancellation.
 */
class FalQueueTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProviderRequest REQUEST =
      new ProviderRequest("Lulu Pig in a pumpkin patch", "blurry", 1, AspectRatio.PORTRAIT, 7L, null);
  private static final Duration POLL = Duration.ofMillis(5);
  private static final String CONTENT_POLICY = """
      {"detail": [{"loc": ["body", "prompt"], "msg": "The prompt was flagged by the content checker",
        "type": "content_policy_violation", "url": "https://docs.fal.ai/errors/#content_policy_violation"}]}""";

  private final FakeHuggingFaceServer fake = new FakeHuggingFaceServer();
  private final List<String> notes = new CopyOnWriteArrayList<>();

  @AfterEach
  void noProblems() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private HuggingFaceProvider provider(Duration deadline) {
    fake.mapping("{\"fal-ai\": {\"status\": \"live\", \"providerId\": \"fal-ai/flux/dev\", \"task\": \"text-to-image\"}}");
    Endpoint endpoint = new Endpoint(fake.url(), FakeProviderServer.KEY, "HF_TOKEN", Duration.ofSeconds(5), 1024 * 1024);
    HubProviderMapping mapping = new HubProviderMapping(HTTP, JSON, endpoint, "fal-ai", Clock.systemUTC());
    return new HuggingFaceProvider(HTTP, JSON, endpoint, HfModel.FLUX_DEV, mapping, Clock.systemUTC(),
        new JobWait(deadline, POLL, POLL));
  }

  private ProviderResult generate() throws InterruptedException {
    return provider(Duration.ofSeconds(10)).generate(REQUEST, (percent, note) -> notes.add(note));
  }

  @Test
  void submit_goesToTheQueueWithTheClientsFlatParameters() throws Exception {
    generate();

    RecordedRequest submit = fake.calls().get(0);
    assertEquals("/fal-ai/fal-ai/flux/dev", submit.getUrl().encodedPath());
    assertEquals("_subdomain=queue", submit.getUrl().encodedQuery());
    JsonNode body = JSON.readTree(submit.getBody().utf8());
    assertEquals("Lulu Pig in a pumpkin patch", body.path("prompt").asText());
    assertEquals(896, body.path("width").asInt());
    assertEquals(1152, body.path("height").asInt());
    assertEquals(28, body.path("num_inference_steps").asInt());
    assertEquals(3.5, body.path("guidance_scale").asDouble());
    assertEquals("blurry", body.path("negative_prompt").asText());
    assertEquals(7, body.path("seed").asLong());
    assertEquals(896, body.path("image_size").path("width").asInt());
  }

  @Test
  void queue_pollsThroughTheRouterUntilCompleted_thenReadsResultAndImage() throws Exception {
    ProviderResult result = generate();

    assertEquals(96, assertInstanceOf(ProviderResult.Images.class, result, result::toString).images().get(0).width());
    List<RecordedRequest> polls = fake.falStatusCalls();
    assertEquals(3, polls.size(), "IN_QUEUE, IN_PROGRESS, COMPLETED");
    for (RecordedRequest poll : polls) {
      assertTrue(poll.getUrl().encodedPath().matches("/fal-ai/fal-ai/flux/requests/[\\w-]+/status"),
          poll.getTarget());
      assertEquals("_subdomain=queue", poll.getUrl().encodedQuery());
      assertEquals("Bearer " + FakeProviderServer.KEY, poll.getHeaders().get("Authorization"));
    }
    RecordedRequest read = fake.falResultCalls().get(0);
    assertEquals(polls.get(0).getUrl().encodedPath().replace("/status", ""), read.getUrl().encodedPath());
    assertEquals("_subdomain=queue", read.getUrl().encodedQuery());
    assertEquals(1, fake.falResultCalls().size());
    assertTrue(notes.containsAll(List.of("IN_QUEUE", "IN_PROGRESS")), notes::toString);
  }

  @Test
  void queue_pollFailsPassingly_keepsPollingUntilDone() throws Exception {
    fake.then(new FakeHuggingFaceServer.FalPollFails(2));

    assertInstanceOf(ProviderResult.Images.class, generate());
    assertEquals(5, fake.falStatusCalls().size());
    assertEquals(1, fake.calls().size());
  }

  @Test
  void failedJob_serverError_transientWithoutResubmitOrRereading() throws Exception {
    fake.then(new FakeHuggingFaceServer.FalFails(500,
        "{\"detail\": \"Internal Server Error\", \"error_type\": \"runner_server_error\"}"));

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate());
    assertTrue(failure.message().contains("500") && failure.message().contains("Internal Server Error"),
        failure.message());
    assertEquals(1, fake.calls().size());
    assertEquals(3, fake.falStatusCalls().size());
    assertEquals(1, fake.falResultCalls().size());
  }

  @Test
  void failedJob_contentPolicy_contentRejected() throws Exception {
    fake.then(new FakeHuggingFaceServer.FalFails(422, CONTENT_POLICY));

    ProviderFailure.ContentRejected failure = assertInstanceOf(ProviderFailure.ContentRejected.class, generate());
    assertTrue(failure.message().contains("flagged by the content checker"), failure.message());
    assertEquals(1, fake.falResultCalls().size());
  }

  @Test
  void failedJob_validationError_permanentWithFalsWords() throws Exception {
    fake.then(new FakeHuggingFaceServer.FalFails(422, """
        {"detail": [{"loc": ["body", "num_inference_steps"], "msg": "Input should be less than or equal to 12",
          "type": "less_than_equal"}]}"""));

    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class, generate());
    assertTrue(failure.message().contains("422") && failure.message().contains("less than or equal to 12"),
        failure.message());
  }

  @Test
  void result_flaggedUnsafe_contentRejected() throws Exception {
    fake.then(new FakeHuggingFaceServer.FalFlagged());

    assertInstanceOf(ProviderFailure.ContentRejected.class, generate());
  }

  @Test
  void submit_rateLimited_waitsForRetryAfterAndPollsNothing() throws Exception {
    fake.then(new FakeScenario.RateLimited(Duration.ofSeconds(3)));

    ProviderFailure.RateLimited limited = assertInstanceOf(ProviderFailure.RateLimited.class, generate());
    assertEquals(Duration.ofSeconds(3), limited.retryAfter());
    assertEquals(List.of(), fake.falStatusCalls());
  }

  @Test
  void submit_serviceUnavailable_transient() throws Exception {
    fake.then(new FakeHuggingFaceServer.Status(503, "Service Unavailable"));

    assertInstanceOf(ProviderFailure.Transient.class, generate());
    assertEquals(List.of(), fake.falStatusCalls());
  }

  @Test
  void submit_contentPolicy_contentRejected() throws Exception {
    fake.then(new FakeHuggingFaceServer.Answer(422, "application/json", CONTENT_POLICY));

    assertInstanceOf(ProviderFailure.ContentRejected.class, generate());
  }

  @Test
  void submit_answerWithoutRequestId_transient() throws Exception {
    fake.then(FakeScenario.MALFORMED);

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class, generate());
    assertTrue(failure.message().contains("request id"), failure.message());
    assertEquals(List.of(), fake.falStatusCalls());
  }

  @Test
  void job_neverDone_transientAtTheDeadlineWithoutReadingTheResult() throws Exception {
    fake.then(new FakeHuggingFaceServer.FalNeverDone());

    ProviderFailure.Transient failure = assertInstanceOf(ProviderFailure.Transient.class,
        provider(Duration.ofMillis(200)).generate(REQUEST, ProviderProgress.NONE));
    assertTrue(failure.message().contains("did not finish"), failure.message());
    assertFalse(fake.falStatusCalls().isEmpty());
    assertEquals(List.of(), fake.falResultCalls());
  }

  @Test
  void job_callInterrupted_stopsPollingAndThrows() throws Exception {
    fake.then(new FakeHuggingFaceServer.FalNeverDone());
    HuggingFaceProvider provider = provider(Duration.ofMinutes(5));
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread call = Thread.ofVirtual().start(() -> {
      try {
        outcome.set(provider.generate(REQUEST, ProviderProgress.NONE));
      } catch (InterruptedException e) {
        outcome.set(e);
      }
    });
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fake.falStatusCalls().size() < 2 && System.nanoTime() < giveUp) {
      Thread.sleep(5);
    }
    assertTrue(fake.falStatusCalls().size() >= 2, "the job was never polled");

    call.interrupt();
    call.join(Duration.ofSeconds(20));

    assertFalse(call.isAlive(), "the call kept polling after it was interrupted");
    assertInstanceOf(InterruptedException.class, outcome.get(), String.valueOf(outcome.get()));
    assertEquals(List.of(), fake.falResultCalls());
  }
}
