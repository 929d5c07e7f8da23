package io.rolemarket.imagebot.providers.runpod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link FakeRunPodServer}'s jobs to the vendor extract runpod.worker-sdxl.json (the names below are
 * copied from its {@code job} and {@code output} definitions): a handler's error is the job's top-level
 * {@code error} with {@code FAILED}, never a field of {@code output}.
 */
class RunPodWireShapeTest {
  /** runpod.worker-sdxl.json, job.required. */
  private static final Set<String> JOB_REQUIRED = Set.of("id", "status");
  /** runpod.worker-sdxl.json, job.properties. */
  private static final Set<String> JOB = Set.of("id", "status", "delayTime", "executionTime", "output", "error");
  /** runpod.worker-sdxl.json, job.properties.status.enum. */
  private static final Set<String> STATUSES = Set.of("IN_QUEUE", "IN_PROGRESS", "RUNNING", "COMPLETED", "FAILED",
      "CANCELLED", "TIMED_OUT");
  /** runpod.worker-sdxl.json, output.properties. */
  private static final Set<String> OUTPUT = Set.of("images", "image_url", "seed", "refresh_worker");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();

  private final FakeRunPodServer fake = new FakeRunPodServer();

  @AfterEach
  void noProblems() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  @Test
  void queuedRunningAndCompleted_jobFieldsOfTheSpec() throws IOException {
    fake.then(new FakeRunPodServer.Plays(List.of("IN_QUEUE", "IN_PROGRESS", "COMPLETED")));
    JsonNode queued = run();
    List<JsonNode> seen = new ArrayList<>(List.of(queued));
    for (int i = 0; i < 3; i++) {
      seen.add(status(queued.path("id").asText()));
    }

    for (JsonNode job : seen) {
      assertJob(job);
    }
    JsonNode completed = seen.get(3);
    assertEquals("COMPLETED", completed.path("status").asText());
    assertTrue(OUTPUT.containsAll(names(completed.path("output"))), completed.toString());
  }

  @Test
  void handlerErrorInEveryForm_atTheTopLevelWithFailed() throws IOException {
    List<FakeScenario> failures = List.of(new FakeRunPodServer.Failed("Unexpected error: CUDA out of memory"),
        new FakeRunPodServer.Rejected(List.of("num_images does not meet the constraint.")),
        new FakeRunPodServer.Crashed("CUDA out of memory"));
    fake.then(failures.toArray(FakeScenario[]::new));

    for (FakeScenario failure : failures) {
      JsonNode job = status(run().path("id").asText());
      assertJob(job);
      assertEquals("FAILED", job.path("status").asText(), failure.toString());
      assertFalse(job.path("error").isMissingNode() || job.path("error").isNull(), job.toString());
      assertFalse(job.path("output").has("error"), job.toString());
    }
  }

  private static void assertJob(JsonNode job) {
    assertTrue(names(job).containsAll(JOB_REQUIRED), job.toString());
    assertTrue(JOB.containsAll(names(job)), job.toString());
    assertTrue(STATUSES.contains(job.path("status").asText()), job.toString());
  }

  private JsonNode run() throws IOException {
    return call(new Request.Builder().url(fake.url().resolve("/v2/" + FakeRunPodServer.ENDPOINT_ID + "/run"))
        .post(RequestBody.create("{\"input\":{\"prompt\":\"Lulu Pig\",\"width\":1024,\"height\":1024,\"num_images\":1},"
            + "\"policy\":{\"executionTimeout\":120000}}", MediaType.get("application/json"))));
  }

  private JsonNode status(String id) throws IOException {
    return call(new Request.Builder().url(fake.url().resolve("/v2/" + FakeRunPodServer.ENDPOINT_ID + "/status/" + id)));
  }

  private static JsonNode call(Request.Builder call) throws IOException {
    try (Response response = HTTP.newCall(call.header("Authorization", "Bearer " + FakeProviderServer.KEY).build())
        .execute()) {
      assertEquals(200, response.code());
      return JSON.readTree(response.body().string());
    }
  }

  private static Set<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return Set.copyOf(names);
  }
}
