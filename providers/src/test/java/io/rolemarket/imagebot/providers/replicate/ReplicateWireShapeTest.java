package io.rolemarket.imagebot.providers.replicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link FakeReplicateServer}'s prediction objects to Replicate's own schema, copied from the vendor
 * extract replicate.predictions.json ({@code schemas_prediction_response}): every required field, in its
 * type, at every step of a prediction's life, and the times and metrics a finished one carries.
 */
class ReplicateWireShapeTest {
  /** replicate.predictions.json, schemas_prediction_response.required. */
  private static final Set<String> REQUIRED = Set.of("id", "model", "version", "input", "output", "data_removed",
      "error", "status", "created_at", "urls");
  /** replicate.predictions.json, schemas_prediction_response.properties. */
  private static final Set<String> PROPERTIES = Set.of("completed_at", "created_at", "data_removed", "deadline",
      "deployment", "error", "id", "input", "logs", "metrics", "model", "output", "source", "started_at", "status",
      "urls", "version");
  /** replicate.predictions.json, schemas_prediction_response.properties.status.enum. */
  private static final Set<String> STATUSES = Set.of("starting", "processing", "succeeded", "failed", "canceled",
      "aborted");
  /** replicate.predictions.json, schemas_prediction_response.properties.urls.required. */
  private static final Set<String> URLS_REQUIRED = Set.of("web", "get", "cancel");
  /** replicate.predictions.json, the properties of format date-time. */
  private static final List<String> TIMES = List.of("created_at", "started_at", "completed_at", "deadline");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();

  private final FakeReplicateServer fake = new FakeReplicateServer();

  @AfterEach
  void noProblems() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  @Test
  void startingProcessingSucceeded_everyRequiredFieldInItsType() throws IOException {
    fake.then(new FakeReplicateServer.Plays(List.of("processing", "succeeded")));
    JsonNode created = create();
    List<JsonNode> seen = List.of(created, get(created), get(created));

    for (JsonNode prediction : seen) {
      assertPrediction(prediction);
    }
    assertEquals(List.of("starting", "processing", "succeeded"),
        seen.stream().map(prediction -> prediction.path("status").asText()).toList());
    assertEquals("Lulu Pig at Christmas", created.path("input").path("prompt").asText());
    assertEquals("black-forest-labs/flux-schnell", created.path("model").asText());
    assertFalse(created.has("started_at"), created.toString());
    JsonNode done = seen.get(2);
    assertTrue(done.path("output").isArray() && done.path("output").path(0).isTextual(), done.toString());
    assertTrue(done.path("metrics").path("predict_time").isNumber(), done.toString());
    assertTrue(done.path("error").isNull(), done.toString());
    assertTrue(!instant(done, "started_at").isBefore(instant(done, "created_at"))
        && !instant(done, "completed_at").isBefore(instant(done, "started_at")), done.toString());
  }

  @Test
  void failedAndCanceled_endedWithTheirError() throws IOException {
    fake.then(new FakeReplicateServer.Failed("NSFW content detected"), new FakeReplicateServer.Plays(List.of("processing")));
    JsonNode failed = get(create());
    JsonNode canceled = cancel(create());

    for (JsonNode prediction : List.of(failed, canceled)) {
      assertPrediction(prediction);
      assertTrue(prediction.has("completed_at") && prediction.path("output").isNull(), prediction.toString());
    }
    assertEquals("failed", failed.path("status").asText());
    assertEquals("NSFW content detected", failed.path("error").asText());
    assertEquals("canceled", canceled.path("status").asText());
  }

  @Test
  void urls_pointBackAtTheApiTheClientCalls() throws IOException {
    JsonNode created = create();

    HttpUrl get = HttpUrl.get(created.path("urls").path("get").asText());
    assertEquals(fake.url().resolve("/v1/predictions/" + created.path("id").asText()), get);
    assertEquals(get + "/cancel", created.path("urls").path("cancel").asText());
  }

  private static void assertPrediction(JsonNode prediction) {
    List<String> wrong = new ArrayList<>();
    for (String field : REQUIRED) {
      if (!prediction.has(field)) {
        wrong.add("no " + field);
      }
    }
    prediction.fieldNames().forEachRemaining(field -> {
      if (!PROPERTIES.contains(field)) {
        wrong.add("unknown " + field);
      }
    });
    for (String field : List.of("id", "model", "version", "logs", "source")) {
      if (prediction.has(field) && !prediction.path(field).isTextual()) {
        wrong.add(field + " is not a string");
      }
    }
    if (!prediction.path("input").isObject() || !prediction.path("data_removed").isBoolean()
        || !(prediction.path("error").isNull() || prediction.path("error").isTextual())) {
      wrong.add("input, data_removed or error of the wrong type");
    }
    if (!STATUSES.contains(prediction.path("status").asText())) {
      wrong.add("status " + prediction.path("status"));
    }
    for (String url : URLS_REQUIRED) {
      if (HttpUrl.parse(prediction.path("urls").path(url).asText("")) == null) {
        wrong.add("urls." + url + " is not a URL");
      }
    }
    for (String time : TIMES) {
      if (prediction.has(time)) {
        instant(prediction, time);
      }
    }
    assertEquals(List.of(), wrong, prediction.toString());
  }

  private static Instant instant(JsonNode prediction, String field) {
    return Instant.parse(prediction.path(field).asText());
  }

  private JsonNode create() throws IOException {
    return call(new Request.Builder().url(fake.url().resolve("/v1/models/black-forest-labs/flux-schnell/predictions"))
        .header("Cancel-After", "90s")
        .post(RequestBody.create("{\"input\":{\"prompt\":\"Lulu Pig at Christmas\",\"aspect_ratio\":\"1:1\","
            + "\"output_format\":\"png\",\"num_outputs\":1}}", MediaType.get("application/json"))), 201);
  }

  private JsonNode get(JsonNode prediction) throws IOException {
    return call(new Request.Builder().url(fake.url().resolve("/v1/predictions/" + prediction.path("id").asText())), 200);
  }

  private JsonNode cancel(JsonNode prediction) throws IOException {
    return call(new Request.Builder()
        .url(fake.url().resolve("/v1/predictions/" + prediction.path("id").asText() + "/cancel"))
        .post(RequestBody.create(new byte[0], null)), 200);
  }

  private static JsonNode call(Request.Builder call, int expectedCode) throws IOException {
    try (Response response = HTTP.newCall(call.header("Authorization", "Bearer " + FakeProviderServer.KEY).build())
        .execute()) {
      assertEquals(expectedCode, response.code());
      return JSON.readTree(response.body().string());
    }
  }
}
