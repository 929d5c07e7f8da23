package io.rolemarket.imagebot.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Replicate's predictions API on loopback (providers.md section 2.9): {@code POST
 * /v1/models/{owner}/{name}/predictions} checking the bearer token and input, {@code GET
 * /v1/predictions/{id}} playing the job's states, {@code POST .../cancel} recorded, and the outputs
 * served under {@code /files/} (which must be fetched without the token). {@code flux-pro} answers one URL
 * as a string (as do the Kontext models, which also want {@code input_image} as a data URI, or a file uploaded with
 * {@code POST /v1/files} for a picture of 1 MB or more), the others a list; another model (a community one,
 * time-billed) answers a list of
 * {@code num_outputs} or one. Every prediction object carries what the API's schema requires
 * ({@code id}, {@code model}, {@code version}, {@code input}, {@code output}, {@code data_removed},
 * {@code error}, {@code status}, {@code created_at}, {@code urls}) and what Replicate adds as the
 * prediction goes on ({@code logs}, {@code started_at}, {@code completed_at}, {@code metrics}); its
 * {@code urls} point back at this server.
 */
public final class FakeReplicateServer extends FakeProviderServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** replicate.predictions.json: parameters_prefer_header's pattern and schemas_prediction_request's fields. */
  private static final Pattern PREFER = Pattern.compile("^wait(=([1-9]|[1-9][0-9]|60))?$");
  private static final Set<String> REQUEST_FIELDS = Set.of("input", "stream", "webhook", "webhook_events_filter");
  /** When the first prediction of every fake was created; the next ones follow seconds apart. */
  private static final Instant FIRST_CREATED = Instant.parse("2026-08-20T10:15:02.113Z");

  /** Created {@code starting}; polls see {@code states} in order (the last repeats), then outputs when succeeded. */
  public record Plays(List<String> states) implements FakeScenario {}

  /** Created {@code starting}; polls fail with HTTP {@code code} {@code times} times, then succeed. */
  public record PollErrors(int code, int times) implements FakeScenario {}

  /** Created {@code starting}; the first poll says {@code failed} with {@code error}. */
  public record Failed(String error) implements FakeScenario {}

  /** Succeeds with an output URL serving {@code type} text. */
  public record WrongOutputType(String type) implements FakeScenario {}

  /** Succeeds with an output URL serving a body of {@code bytes} bytes. */
  public record OversizedOutput(long bytes) implements FakeScenario {}

  /** Succeeds with an output URL serving WebP (Replicate's default format, when a model ignores {@code png}). */
  public record WebpOutput() implements FakeScenario {}

  /** 404: no such model. */
  public record UnknownModel() implements FakeScenario {}

  /** 422: the input does not match the model's schema, with Replicate's {@code invalid_fields}. */
  public record InvalidInput(String field, String description) implements FakeScenario {}

  /** The account's webhook signing key; {@code GET /v1/webhooks/default/secret} answers it as {@code whsec_...}. */
  public static final byte[] SIGNING_KEY = "fake-replicate-signing-key-0123".getBytes(StandardCharsets.UTF_8);
  private static final AtomicInteger messages = new AtomicInteger();

  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger secretReads = new AtomicInteger();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
  private final List<String> extraProblems = Collections.synchronizedList(new ArrayList<>());

  /** A prediction as created: the parts every later answer about it repeats. */
  private record Submission(String id, String model, boolean pro, int count, JsonNode input, Instant createdAt,
      @Nullable Instant deadline) {}

  private record Job(Submission submission, List<Object> polls, @Nullable FakeScenario output) {}

  /** The ids of the predictions cancelled, in order. */
  public List<String> cancelled() {
    synchronized (cancelled) {
      return List.copyOf(cancelled);
    }
  }

  /** How often the signing secret was read. */
  public int secretReads() {
    return secretReads.get();
  }

  @Override
  protected boolean isGeneration(RecordedRequest request) {
    return request.getMethod().equals("POST") && request.getUrl().encodedPath().startsWith("/v1/models/")
        && request.getUrl().encodedPath().endsWith("/predictions");
  }

  @Override
  protected List<String> check(RecordedRequest request) {
    List<String> problems = new ArrayList<>(auth(request));
    JsonNode input = body(request).path("input");
    if (input.path("prompt").asText("").isBlank() || !input.path("aspect_ratio").isTextual()) {
      problems.add("input without prompt or aspect_ratio: " + input);
    }
    if (!input.path("output_format").asText("").equals("png")) {
      problems.add("output_format is not png: " + input);
    }
    if (flux(request) && pro(request) == input.has("num_outputs")) {
      problems.add("num_outputs must be sent to schnell/dev and never to pro or Kontext: " + input);
    }
    if (kontext(request)) {
      String image = input.path("input_image").asText("");
      String data = image.replaceFirst("^data:image/(png|jpeg);base64,", "");
      if (files.containsKey(image)) {
        if (files.get(image).length < 1 << 20) {
          problems.add("a picture under 1 MB uploaded instead of sent as a data URI");
        }
      } else if (data.equals(image) || ImageFormat.sniff(decoded(data)).isEmpty()) {
        problems.add("Kontext without input_image as a PNG or JPEG data URI: "
            + (image.length() > 40 ? image.substring(0, 40) + "..." : image));
      }
    }
    if (request.getHeaders().get("Cancel-After") == null) {
      problems.add("create without Cancel-After");
    }
    String prefer = request.getHeaders().get("Prefer");
    if (prefer != null && !PREFER.matcher(prefer).matches()) {
      problems.add("Prefer " + prefer + " is outside the API's pattern");
    }
    JsonNode body = body(request);
    body.fieldNames().forEachRemaining(field -> {
      if (!REQUEST_FIELDS.contains(field)) {
        problems.add("create with field " + field + ", which the API refuses");
      }
    });
    if (body.has("webhook") && !body.path("webhook_events_filter").toString().equals("[\"completed\"]")) {
      problems.add("a webhook without webhook_events_filter [completed]: " + body);
    }
    return problems;
  }

  @Override
  protected MockResponse respond(FakeScenario scenario, RecordedRequest request) {
    Submission created = submission(request);
    String id = created.id();
    Job done = new Job(created, List.of(), null);
    MockResponse success = prediction("processing", done, 201).newBuilder()
        .setHeader("Preference-Applied", "wait").build();
    MockResponse common = common(scenario, success);
    if (common != null) {
      return common;
    }
    Job job = switch (scenario) {
      case Plays plays -> new Job(created, new ArrayList<>(plays.states()), null);
      case PollErrors errors -> {
        List<Object> polls = new ArrayList<>(Collections.nCopies(errors.times(), (Object) errors.code()));
        polls.add("succeeded");
        yield new Job(created, polls, null);
      }
      case Failed failed -> new Job(created, List.of("failed:" + failed.error()), null);
      case WrongOutputType wrong -> new Job(created, List.of(), wrong);
      case OversizedOutput huge -> new Job(created, List.of(), huge);
      case WebpOutput webp -> new Job(created, List.of(), webp);
      case FakeScenario.Hooked hooked -> new Job(created, new ArrayList<>(hooked.genuine() ? List.of("processing")
          : List.of("processing", "processing", "succeeded")), null);
      default -> null;
    };
    if (job != null) {
      jobs.put(id, job);
      if (scenario instanceof FakeScenario.Hooked hooked) {
        hook(request, job, hooked.genuine());
      }
      return prediction(job.polls.isEmpty() ? "succeeded" : "starting", job, 201);
    }
    return switch (scenario) {
      case FakeScenario.Success ok -> success;
      case FakeScenario.Unauthorized no -> problem(401, "Unauthenticated", "You did not pass a valid authentication token "
          + request.getHeaders().get("Authorization"));
      case FakeScenario.RateLimited limited -> problem(429, "Throttled", "Request was throttled.").newBuilder()
          .setHeader("Retry-After", limited.delay().toSeconds()).build();
      case FakeScenario.ServerError error -> new MockResponse.Builder().code(500).body("<html>oops</html>").build();
      case UnknownModel unknown -> problem(404, "Not found", "The requested resource could not be found.");
      case InvalidInput invalid -> json(422, "{\"title\":\"Input validation failed\",\"detail\":"
          + quote("- input." + invalid.field() + ": " + invalid.description()) + ",\"status\":422,"
          + "\"invalid_fields\":[{\"type\":\"format\",\"field\":" + quote("input." + invalid.field())
          + ",\"description\":" + quote(invalid.description()) + "}]}").newBuilder()
          .setHeader("Content-Type", "application/problem+json").build();
      case FakeScenario.Malformed bad -> json(201, predictionJson("succeeded", done).put("output", 42).toString());
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  /** Posts the finished prediction to the client's {@code webhook}, signed with the account's key or a wrong one. */
  private void hook(RecordedRequest request, Job job, boolean genuine) {
    HttpUrl webhook = HttpUrl.parse(body(request).path("webhook").asText(""));
    if (webhook == null) {
      problemsSeen("a hooked prediction without a webhook: " + text(request));
      return;
    }
    String body = predictionJson("succeeded", job).toString();
    String messageId = "msg_" + messages.incrementAndGet();
    long timestamp = System.currentTimeMillis() / 1000;
    byte[] key = genuine ? SIGNING_KEY : "someone-else-s-key".getBytes(StandardCharsets.UTF_8);
    callHook(webhook, body, Headers.of("webhook-id", messageId, "webhook-timestamp", Long.toString(timestamp),
        "webhook-signature", "v1," + sign(key, messageId + "." + timestamp + "." + body)), 0);
  }

  private static String sign(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pictures uploaded with {@code POST /v1/files}, by the {@code urls.get} answered for each. */
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  /** The files uploaded so far. */
  public int uploads() {
    return files.size();
  }

  /**
   * {@code POST /v1/files} (replicate-python's {@code files.create}): multipart with the file as {@code content};
   * answers 201 with the file object, whose {@code urls.get} names it for a model's file input.
   */
  private MockResponse upload(RecordedRequest request) {
    auth(request).forEach(this::problemsSeen);
    okhttp3.MediaType type = okhttp3.MediaType.parse(String.valueOf(request.getHeaders().get("Content-Type")));
    byte[] content = null;
    if (type == null || type.parameter("boundary") == null || request.getBody() == null) {
      problemsSeen("file upload that is not multipart/form-data: " + type);
    } else {
      try (okhttp3.MultipartReader reader = new okhttp3.MultipartReader(new okio.Buffer().write(request.getBody()),
          type.parameter("boundary"))) {
        for (okhttp3.MultipartReader.Part part = reader.nextPart(); part != null; part = reader.nextPart()) {
          String disposition = String.valueOf(part.headers().get("Content-Disposition"));
          byte[] bytes = part.body().readByteArray();
          if (disposition.contains("name=\"content\"") && disposition.contains("filename=")) {
            content = bytes;
          }
        }
      } catch (IOException e) {
        problemsSeen("unreadable file upload: " + e);
      }
    }
    if (content == null || ImageFormat.sniff(content).isEmpty()) {
      problemsSeen("file upload without a picture as its content part");
      return problem(400, "Bad request", "content is required");
    }
    String id = "f" + ids.incrementAndGet();
    String get = url().resolve("/v1/files/" + id).toString();
    files.put(get, content);
    ObjectNode file = JSON.createObjectNode().put("id", id).put("name", "reference.png")
        .put("content_type", ImageFormat.sniff(content).orElseThrow().mediaType()).put("size", content.length)
        .put("etag", Integer.toHexString(java.util.Arrays.hashCode(content)))
        .put("created_at", Instant.now().toString())
        .put("expires_at", Instant.now().plus(Duration.ofDays(1)).toString());
    file.putObject("checksums");
    file.putObject("metadata");
    file.putObject("urls").put("get", get);
    return json(201, file.toString());
  }

  @Override
  protected @Nullable MockResponse other(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.equals("/v1/files") && request.getMethod().equals("POST")) {
      return upload(request);
    }
    if (path.equals("/v1/webhooks/default/secret") && request.getMethod().equals("GET")) {
      auth(request).forEach(this::problemsSeen);
      secretReads.incrementAndGet();
      return json(200, "{\"key\":\"whsec_" + Base64.getEncoder().encodeToString(SIGNING_KEY) + "\"}");
    }
    if (path.startsWith("/files/")) {
      if (request.getHeaders().get("Authorization") != null) {
        problemsSeen("the token was sent with an output download");
      }
      return file(path);
    }
    if (!path.startsWith("/v1/predictions/")) {
      return null;
    }
    auth(request).forEach(this::problemsSeen);
    String rest = path.substring("/v1/predictions/".length());
    if (request.getMethod().equals("POST") && rest.endsWith("/cancel")) {
      String id = rest.substring(0, rest.length() - "/cancel".length());
      cancelled.add(id);
      Job job = jobs.get(id);
      return job == null ? problem(404, "Not found", "no prediction " + id) : prediction("canceled", job, 200);
    }
    Job job = jobs.get(rest);
    if (!request.getMethod().equals("GET")) {
      return null;
    }
    if (job == null) {
      return problem(404, "Not found", "The requested resource could not be found.");
    }
    Object next;
    synchronized (job.polls) {
      next = job.polls.size() > 1 ? job.polls.remove(0) : job.polls.isEmpty() ? "succeeded" : job.polls.get(0);
    }
    if (next instanceof Integer code) {
      return new MockResponse.Builder().code(code).body("<html>" + code + "</html>").build();
    }
    return prediction((String) next, job, 200);
  }

  private MockResponse prediction(String state, Job job, int code) {
    return json(code, predictionJson(state, job).toString());
  }

  /**
   * Prediction {@code job} in {@code state} ({@code failed:<error>} for a failure), with every field the
   * API's schema requires and the optional ones Replicate fills in by then: {@code started_at} once
   * running, {@code completed_at} once ended, {@code metrics} once succeeded. The times count from a
   * fixed start, as a recorded answer would.
   */
  private ObjectNode predictionJson(String state, Job job) {
    Submission at = job.submission();
    String status = state.startsWith("failed:") ? "failed" : state;
    String error = state.startsWith("failed:") ? state.substring("failed:".length()) : null;
    boolean withOutput = status.equals("succeeded") || status.equals("processing") && job.polls.isEmpty();
    boolean started = !status.equals("starting") && !status.equals("aborted");
    boolean ended = !status.equals("starting") && !status.equals("processing");
    Instant startedAt = at.createdAt().plusMillis(410);
    Instant completedAt = startedAt.plusMillis(1270);
    HttpUrl self = url().resolve("/v1/predictions/" + at.id());
    ObjectNode prediction = JSON.createObjectNode()
        .put("id", at.id())
        .put("model", at.model())
        .put("version", "dp-" + Integer.toHexString(at.model().hashCode()) + "b84d0f9e5a6c1b2d3e4f50")
        .set("input", at.input());
    prediction.set("output", withOutput ? outputs(job) : NullNode.getInstance());
    prediction.put("data_removed", false)
        .put("error", error)
        .put("logs", started ? "Using seed: 421337\n" + (error == null ? "" : error + "\n") : "")
        .put("status", status)
        .put("source", "api")
        .put("created_at", at.createdAt().toString());
    if (at.deadline() != null) {
      prediction.put("deadline", at.deadline().toString());
    }
    if (started) {
      prediction.put("started_at", startedAt.toString());
    }
    if (ended) {
      prediction.put("completed_at", completedAt.toString());
    }
    if (status.equals("succeeded")) {
      prediction.putObject("metrics").put("predict_time", 1.27).put("total_time", 1.68);
    }
    prediction.putObject("urls")
        .put("cancel", self + "/cancel")
        .put("get", self.toString())
        .put("stream", url().resolve("/v1/streams/" + at.id()).toString())
        .put("web", url().resolve("/p/" + at.id()).toString());
    return prediction;
  }

  /** The output URLs: a list, or one string for {@code flux-pro}. */
  private JsonNode outputs(Job job) {
    Submission at = job.submission();
    String kind = job.output instanceof WrongOutputType ? "html" : job.output instanceof OversizedOutput ? "huge"
        : job.output instanceof WebpOutput ? "webp" : "png";
    ArrayNode urls = JSON.createArrayNode();
    for (int i = 0; i < at.count(); i++) {
      urls.add(url().resolve("/files/" + at.id() + "-" + i + "." + kind).toString());
    }
    return at.pro() ? urls.get(0) : urls;
  }

  /** A new prediction for create call {@code request}. */
  private Submission submission(RecordedRequest request) {
    int number = ids.incrementAndGet();
    JsonNode input = body(request).path("input");
    String path = request.getUrl().encodedPath();
    String model = path.substring("/v1/models/".length(), path.length() - "/predictions".length());
    Instant createdAt = FIRST_CREATED.plusSeconds(number * 7L);
    Duration cancelAfter = cancelAfter(request.getHeaders().get("Cancel-After"));
    return new Submission("p" + number, model, pro(request), Math.max(1, input.path("num_outputs").asInt(1)),
        input.isObject() ? input : JSON.createObjectNode(), createdAt,
        cancelAfter == null ? null : createdAt.plus(cancelAfter));
  }

  /** The {@code Cancel-After} duration ({@code 90s}, {@code 5m}, {@code 1h}), or null when absent or unreadable. */
  private static @Nullable Duration cancelAfter(@Nullable String header) {
    if (header == null || !header.matches("[0-9]+[smh]")) {
      return null;
    }
    long amount = Long.parseLong(header.substring(0, header.length() - 1));
    return switch (header.charAt(header.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private MockResponse file(String path) {
    if (path.endsWith(".html")) {
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html").body("<html>gone</html>").build();
    }
    if (path.endsWith(".webp")) {
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/webp")
          .body(new okio.Buffer().write(TestImages.fixture("pink-circle-96.webp"))).build();
    }
    if (path.endsWith(".huge")) {
      return common(new FakeScenario.Oversized(200L * 1024 * 1024), json(200, "{}"));
    }
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png").body(new okio.Buffer().write(png()))
        .build();
  }

  private void problemsSeen(String problem) {
    extraProblems.add(problem);
  }

  @Override
  public List<String> problems() {
    List<String> all = new ArrayList<>(super.problems());
    synchronized (extraProblems) {
      all.addAll(extraProblems);
    }
    return all;
  }

  private static List<String> auth(RecordedRequest request) {
    return ("Bearer " + KEY).equals(request.getHeaders().get("Authorization")) ? List.of() : List.of("no bearer token on "
        + request.getTarget());
  }

  /** Whether the model is one of the FLUX models, whose inputs the fake knows; another model takes what it is sent. */
  private static boolean flux(RecordedRequest request) {
    return request.getUrl().encodedPath().startsWith("/v1/models/black-forest-labs/flux-");
  }

  /** Whether the model makes one output, answered as one URL string: flux-pro and the Kontext models. */
  private static boolean pro(RecordedRequest request) {
    return request.getUrl().encodedPath().contains("/flux-pro/") || kontext(request);
  }

  /** Whether the model is a Kontext one, which takes the reference picture as {@code input_image}. */
  private static boolean kontext(RecordedRequest request) {
    return request.getUrl().encodedPath().startsWith("/v1/models/black-forest-labs/flux-kontext-");
  }

  /** The Kontext {@code input_image} a create call sent, decoded from its data URI; empty when there is none. */
  public static byte[] inputImage(RecordedRequest request) {
    return decoded(body(request).path("input").path("input_image").asText("").replaceFirst("^data:[^,]*,", ""));
  }

  private static byte[] decoded(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private static MockResponse problem(int code, String title, String detail) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/problem+json")
        .body("{\"title\":" + quote(title) + ",\"detail\":" + quote(detail) + ",\"status\":" + code + "}").build();
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode body(RecordedRequest request) {
    try {
      return JSON.readTree(text(request));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
