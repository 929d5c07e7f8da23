package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The Hugging Face router and Hub on loopback (providers.md section 1.8): {@code POST
 * /hf-inference/models/{owner}/{name}} answering raw image bytes, the fal-ai, replicate, together and
 * nscale pass-throughs with their JSON, {@code GET /api/models/{owner}/{name}} answering the provider
 * mapping given by {@link #mapping}, and {@code GET /files/...} serving fal/replicate image URLs.
 * Checks the bearer token on every router and Hub call and that downloads carry none. fal-ai jobs go
 * through fal's queue ({@link FakeFalQueue}); every call is also checked against the request shape of the
 * official {@code huggingface.js} client, text-to-image or image-to-image (the reference picture in the body), whose
 * answers are the same.
 */
public final class FakeHuggingFaceServer extends FakeProviderServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Model loading: 503 with {@code estimated_time}. */
  public record Loading(Duration estimated) implements FakeScenario {}

  /** An HTTP status with an {@code {"error": ...}} body, such as 402, 403 or 410. */
  public record Status(int code, String error) implements FakeScenario {}

  /** A bare 502 with an HTML body. */
  public record BadGatewayHtml() implements FakeScenario {}

  /** Any answer to the generation call: {@code code} with this body of this type. */
  public record Answer(int code, String contentType, String body) implements FakeScenario {}

  /** A fal-ai job that is queued, runs and completes, and whose result is fal's error: {@code code}, {@code body}. */
  public record FalFails(int code, String body) implements FakeScenario {}

  /** A fal-ai job that stays {@code IN_QUEUE} however often its status is read. */
  public record FalNeverDone() implements FakeScenario {}

  /** A fal-ai job whose first {@code failures} status reads answer 503, then completes. */
  public record FalPollFails(int failures) implements FakeScenario {}

  /** A fal-ai job that completes with its image flagged by fal's safety checker. */
  public record FalFlagged() implements FakeScenario {}

  private volatile String mappingJson = "{\"hf-inference\": {\"status\": \"live\", \"providerId\": \"%s\", \"task\": \"text-to-image\"}}";
  private volatile int hubStatus = 200;
  private volatile Duration hubDelay = Duration.ZERO;
  private final AtomicInteger hubLookups = new AtomicInteger();
  private final List<String> providersCalled = java.util.Collections.synchronizedList(new ArrayList<>());
  private final FakeFalQueue falQueue = new FakeFalQueue();

  /** Answers Hub lookups with this {@code inferenceProviderMapping} JSON ({@code %s} is the model id). */
  public FakeHuggingFaceServer mapping(String json) {
    this.mappingJson = json;
    return this;
  }

  /** Answers Hub lookups with this status (500: the lookup fails). */
  public FakeHuggingFaceServer hubStatus(int code) {
    this.hubStatus = code;
    return this;
  }

  /** Answers Hub lookups after this long (a Hub that is slow today). */
  public FakeHuggingFaceServer hubDelay(Duration delay) {
    this.hubDelay = delay;
    return this;
  }

  /** Hub lookups so far. */
  public int hubLookups() {
    return hubLookups.get();
  }

  /** The router prefix of each generation call, in order, such as {@code hf-inference}. */
  public List<String> providersCalled() {
    synchronized (providersCalled) {
      return List.copyOf(providersCalled);
    }
  }

  @Override
  protected boolean isGeneration(RecordedRequest request) {
    return request.getMethod().equals("POST");
  }

  @Override
  protected List<String> check(RecordedRequest request) {
    List<String> problems = new ArrayList<>();
    String path = request.getUrl().encodedPath();
    providersCalled.add(path.split("/")[1]);
    if (!("Bearer " + KEY).equals(request.getHeaders().get("Authorization"))) {
      problems.add("router call without the bearer token: " + path);
    }
    JsonNode body = body(request, problems);
    if (isImageToImage(body)) {
      problems.addAll(OfficialClientShape.checkImageToImage(request, body));
      problems.addAll(OfficialClientShape.check(request, body).stream()
          .filter(problem -> problem.contains("Content-Type") || problem.contains("null")).toList());
      return problems;
    }
    if (path.startsWith("/hf-inference/models/")) {
      if (!path.matches("/hf-inference/models/[\\w.-]+/[\\w.-]+")) {
        problems.add("bad hf-inference path " + path);
      }
      if (body.path("inputs").asText("").isBlank()) {
        problems.add("hf-inference body without inputs");
      }
      if (!body.path("parameters").path("width").isInt() || !body.path("parameters").path("height").isInt()) {
        problems.add("hf-inference parameters without flat width/height");
      }
      if (!"image/png".equals(request.getHeaders().get("Accept"))) {
        problems.add("hf-inference call should ask for image/png");
      }
    } else if (path.startsWith("/fal-ai/")) {
      if (!body.path("image_size").path("width").isInt() || body.path("prompt").asText("").isBlank()) {
        problems.add("fal-ai body without prompt or image_size");
      }
    } else if (path.startsWith("/replicate/")) {
      if (body.path("input").path("prompt").asText("").isBlank() || !"wait".equals(request.getHeaders().get("Prefer"))) {
        problems.add("replicate call without input.prompt or Prefer: wait");
      }
    } else if (path.equals("/together/v1/images/generations") || path.equals("/nscale/v1/images/generations")) {
      if (body.path("model").asText("").isBlank() || body.path("prompt").asText("").isBlank()) {
        problems.add("OpenAI-style body without model or prompt");
      }
    } else {
      problems.add("unknown router path " + path);
    }
    problems.addAll(OfficialClientShape.check(request, body));
    return problems;
  }

  /** Whether a router call's body is an image-to-image one: a picture where each provider reads it. */
  static boolean isImageToImage(JsonNode body) {
    return body.has("image_url") || body.path("input").has("input_image")
        || body.path("parameters").has("prompt");
  }

  /** The picture an image-to-image call sent, whichever provider's shape it has; null when there is none. */
  public static byte @Nullable [] sentPicture(RecordedRequest request) {
    JsonNode body = body(request, new ArrayList<>());
    String text = body.has("image_url") ? body.path("image_url").asText("")
        : body.path("input").has("input_image") ? body.path("input").path("input_image").asText("")
        : body.path("inputs").asText("");
    return OfficialClientShape.picture(text.substring(text.indexOf(',') + 1));
  }

  @Override
  protected MockResponse respond(FakeScenario scenario, RecordedRequest request) {
    String provider = request.getUrl().encodedPath().split("/")[1];
    MockResponse success = success(provider, request);
    MockResponse common = common(scenario, success);
    if (common != null) {
      return common;
    }
    return switch (scenario) {
      case FakeScenario.Success ok -> success;
      case FakeScenario.Unauthorized no -> json(401,
          "{\"error\":\"Invalid credentials in Authorization header " + request.getHeaders().get("Authorization") + "\"}");
      case FakeScenario.RateLimited limited -> new MockResponse.Builder().code(429)
          .setHeader("Retry-After", limited.delay().toSeconds())
          .setHeader("RateLimit", "\"api\";r=0;t=" + limited.delay().toSeconds())
          .body("{\"error\":\"Rate limit reached\"}").build();
      case FakeScenario.ServerError error -> json(500, "{\"error\":\"Internal Server Error\"}");
      case FakeScenario.Malformed bad -> provider.equals("hf-inference")
          ? new MockResponse.Builder().code(200).setHeader("Content-Type", "image/jpeg").body("{\"oops\":").build()
          : json(200, "{\"timings\": {}}");
      case Loading loading -> json(503, "{\"error\":\"Model x/y is currently loading\",\"estimated_time\":"
          + loading.estimated().toMillis() / 1000.0 + "}");
      case Status status -> json(status.code(), "{\"error\":\"" + status.error() + "\"}");
      case BadGatewayHtml html -> new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
          .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build();
      case Answer answer -> new MockResponse.Builder().code(answer.code())
          .setHeader("Content-Type", answer.contentType()).body(answer.body()).build();
      case FalFails fails -> falQueue.submit(request, url(), new FakeFalQueue.Plan(
          List.of("IN_QUEUE", "IN_PROGRESS", "COMPLETED"), 0, fails.code(), fails.body()));
      case FalNeverDone never -> falQueue.submit(request, url(),
          new FakeFalQueue.Plan(List.of("IN_QUEUE"), 0, 200, falResult(false)));
      case FalPollFails fails -> falQueue.submit(request, url(), new FakeFalQueue.Plan(
          List.of("IN_QUEUE", "IN_PROGRESS", "COMPLETED"), fails.failures(), 200, falResult(false)));
      case FalFlagged flagged -> falQueue.submit(request, url(), FakeFalQueue.Plan.completes(falResult(true)));
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  private MockResponse success(String provider, RecordedRequest request) {
    String image = url().resolve("/files/" + provider + ".png").toString();
    return switch (provider) {
      case "hf-inference" -> new MockResponse.Builder().code(200)
          .setHeader("Content-Type", "image/jpeg").setHeader("x-compute-time", "1.2")
          .body(new Buffer().write(png())).build();
      case "fal-ai" -> falQueue.submit(request, url(), FakeFalQueue.Plan.completes(falResult(false)));
      case "replicate" -> json(201, "{\"id\":\"p1\",\"status\":\"succeeded\",\"output\":[\"" + image + "\"]}");
      default -> json(200, "{\"data\":[{\"b64_json\":\"" + TestImages.base64(png()) + "\"}]}");
    };
  }

  /** fal's result for a completed job: one image at this fake, flagged as unsafe or not. */
  private String falResult(boolean flagged) {
    String image = url().resolve("/files/fal-ai.png").toString();
    return "{\"images\":[{\"url\":\"" + image + "\",\"width\":" + imageWidth() + ",\"height\":" + imageHeight()
        + ",\"content_type\":\"image/png\"}],\"timings\":{\"inference\":1.2},\"seed\":42,"
        + "\"has_nsfw_concepts\":[" + flagged + "],\"prompt\":\"a picture\"}";
  }

  /** Every fal-ai status read, in order. */
  public List<RecordedRequest> falStatusCalls() {
    return falQueue.statusCalls();
  }

  /** Every fal-ai result read, in order. */
  public List<RecordedRequest> falResultCalls() {
    return falQueue.resultCalls();
  }

  @Override
  public List<String> problems() {
    List<String> all = new ArrayList<>(super.problems());
    all.addAll(falQueue.problems());
    return all;
  }

  @Override
  protected @Nullable MockResponse other(RecordedRequest request) {
    MockResponse queued = falQueue.answer(request);
    if (queued != null) {
      return queued;
    }
    String path = request.getUrl().encodedPath();
    if (request.getMethod().equals("GET") && path.startsWith("/api/models/")) {
      hubLookups.incrementAndGet();
      if (hubDelay.isPositive()) {
        try {
          Thread.sleep(hubDelay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String model = path.substring("/api/models/".length());
      if (!("Bearer " + KEY).equals(request.getHeaders().get("Authorization"))) {
        return json(401, "{\"error\":\"Invalid credentials\"}");
      }
      if (hubStatus != 200) {
        return json(hubStatus, "{\"error\":\"hub is down\"}");
      }
      return json(200, "{\"id\":\"" + model + "\",\"inferenceProviderMapping\":" + mappingJson.formatted(model) + "}");
    }
    if (request.getMethod().equals("GET") && path.startsWith("/files/")) {
      if (request.getHeaders().get("Authorization") != null) {
        return json(400, "{\"error\":\"the HF token must not be sent to an image host\"}");
      }
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
          .body(new Buffer().write(png())).build();
    }
    return null;
  }

  private static JsonNode body(RecordedRequest request, List<String> problems) {
    try {
      return JSON.readTree(text(request));
    } catch (IOException e) {
      problems.add("body is not JSON");
      return JSON.createObjectNode();
    }
  }
}
