package io.rolemarket.imagebot.providers.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A RunPod Serverless endpoint running worker-sdxl on loopback (providers.md section 4.8), under
 * {@code /v2/{endpointId}/}: {@code run} checking the bearer key and input and queueing a job,
 * {@code status/{id}} playing the job's states, {@code cancel/{id}} recorded, and {@code /files/} serving
 * bucket-style image URLs. Completed jobs answer {@code num_images} data-URI PNGs. A handler's error
 * is reported as RunPod does: the worker SDK lifts it out of the output to the job's top-level
 * {@code error} with status {@code FAILED}, in whatever form the handler gave (text, a list of input
 * errors, or the SDK's exception report as a JSON string).
 */
public final class FakeRunPodServer extends FakeProviderServer {
  /** The endpoint id tests use. */
  public static final String ENDPOINT_ID = "sdxl-ep7";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "/v2/" + ENDPOINT_ID + "/";
  /** The input fields worker-sdxl accepts (runpod.worker-sdxl.json, input.properties; others are refused). */
  private static final Set<String> INPUT_FIELDS = Set.of("prompt", "negative_prompt", "height", "width", "seed",
      "scheduler", "num_inference_steps", "refiner_inference_steps", "guidance_scale", "strength", "image_url",
      "num_images", "high_noise_frac");

  /** Queued; status polls see {@code states} in order (the last repeats); COMPLETED carries images. */
  public record Plays(List<String> states) implements FakeScenario {}

  /** Queued; status polls fail with HTTP {@code code} {@code times} times, then COMPLETED. */
  public record StatusErrors(int code, int times) implements FakeScenario {}

  /** Queued; the first status says FAILED with the handler's {@code error} text at the top level. */
  public record Failed(String error) implements FakeScenario {}

  /**
   * Queued; the first status says FAILED with the SDK's input validation errors, a list at the top level
   * (worker-sdxl returns {@code {"error": validated_input["errors"]}}).
   */
  public record Rejected(List<String> errors) implements FakeScenario {}

  /**
   * Queued; the handler raised {@code message}: the first status says FAILED with the SDK's exception
   * report ({@code error_type}, {@code error_message}, {@code error_traceback}, ...) as a JSON string.
   */
  public record Crashed(String message) implements FakeScenario {}

  /** COMPLETED with {@code output} as given (raw JSON). */
  public record Output(String output) implements FakeScenario {}

  /** COMPLETED with bucket URLs instead of data URIs. */
  public record UrlImages() implements FakeScenario {}

  /** COMPLETED without {@code executionTime} (the figure the cost is read from). */
  public record Untimed() implements FakeScenario {}

  /** The {@code executionTime} of every finished job, in milliseconds. */
  public static final long EXECUTION_MILLIS = 3100;

  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
  private final List<String> extraProblems = Collections.synchronizedList(new ArrayList<>());

  private record Job(int count, long seed, List<Object> polls, @Nullable String output, long readyNanos) {
    Job(int count, long seed, List<Object> polls, @Nullable String output) {
      this(count, seed, polls, output, 0);
    }
  }

  private volatile Duration runsFor = Duration.ZERO;

  /**
   * Each job runs {@code runsFor} from its {@code run} call, as a worker would: its status says {@code IN_PROGRESS}
   * until then, whatever it plays after (the scale run's jobs, which outlive the process that submitted them).
   */
  public FakeRunPodServer runsFor(Duration runsFor) {
    this.runsFor = runsFor;
    return this;
  }

  /** The ids of the jobs cancelled, in order. */
  public List<String> cancelled() {
    synchronized (cancelled) {
      return List.copyOf(cancelled);
    }
  }

  @Override
  public List<String> problems() {
    List<String> all = new ArrayList<>(super.problems());
    synchronized (extraProblems) {
      all.addAll(extraProblems);
    }
    return all;
  }

  @Override
  protected boolean isGeneration(RecordedRequest request) {
    return request.getMethod().equals("POST") && request.getUrl().encodedPath().equals(BASE + "run");
  }

  @Override
  protected List<String> check(RecordedRequest request) {
    List<String> problems = new ArrayList<>(auth(request));
    JsonNode body = body(request);
    JsonNode input = body.path("input");
    for (String field : new String[] {"prompt", "width", "height", "num_images"}) {
      if (input.path(field).isMissingNode()) {
        problems.add("input without " + field + ": " + input);
      }
    }
    input.fieldNames().forEachRemaining(name -> {
      if (!INPUT_FIELDS.contains(name)) {
        problems.add("input field " + name + ", which the worker's validator rejects");
      }
    });
    int images = input.path("num_images").asInt(0);
    if (images < 1 || images > 2) {
      problems.add("worker-sdxl takes num_images 1 or 2, was " + images);
    }
    if (!body.path("policy").path("executionTimeout").isIntegralNumber()) {
      problems.add("no policy.executionTimeout");
    }
    return problems;
  }

  @Override
  protected MockResponse respond(FakeScenario scenario, RecordedRequest request) {
    String id = "job-" + ids.incrementAndGet();
    JsonNode input = body(request).path("input");
    int count = Math.max(1, input.path("num_images").asInt(1));
    long seed = input.path("seed").asLong(1234);
    MockResponse queued = json(200, "{\"id\":\"" + id + "\",\"status\":\"IN_QUEUE\"}");
    MockResponse common = common(scenario, queued);
    if (common != null) {
      return common;
    }
    Job job = switch (scenario) {
      case FakeScenario.Success ok -> new Job(count, seed, List.of("COMPLETED"), null);
      case Plays plays -> new Job(count, seed, new ArrayList<>(plays.states()), null);
      case StatusErrors errors -> {
        List<Object> polls = new ArrayList<>(Collections.nCopies(errors.times(), (Object) errors.code()));
        polls.add("COMPLETED");
        yield new Job(count, seed, polls, null);
      }
      case Failed failed -> new Job(count, seed, List.of("FAILED:" + quote(failed.error())), null);
      case Rejected rejected -> new Job(count, seed, List.of("FAILED:" + rejected.errors().stream()
          .map(FakeRunPodServer::quote).toList()), null);
      case Crashed crashed -> new Job(count, seed, List.of("FAILED:" + quote(crashReport(crashed.message()))), null);
      case Output output -> new Job(count, seed, List.of("COMPLETED"), output.output());
      case UrlImages urls -> new Job(count, seed, List.of("COMPLETED"), "urls");
      case Untimed untimed -> new Job(count, seed, List.of("COMPLETED:untimed"), null);
      case FakeScenario.Hooked hooked -> new Job(count, seed, new ArrayList<>(hooked.genuine() ? List.of("IN_PROGRESS")
          : List.of("IN_QUEUE", "IN_PROGRESS", "COMPLETED")), null);
      default -> null;
    };
    if (job != null) {
      if (runsFor.isPositive()) {
        job = new Job(job.count(), job.seed(), job.polls(), job.output(), System.nanoTime() + runsFor.toNanos());
      }
      jobs.put(id, job);
      if (scenario instanceof FakeScenario.Hooked hooked) {
        hook(request, id, job, hooked.genuine());
      }
      return queued;
    }
    return switch (scenario) {
      case FakeScenario.Unauthorized no -> new MockResponse.Builder().code(401).body("Unauthorized").build();
      case FakeScenario.RateLimited limited -> json(429, "{\"error\":\"rate limited\"}").newBuilder()
          .setHeader("Retry-After", limited.delay().toSeconds()).build();
      case FakeScenario.ServerError error -> json(500, "{\"error\":\"internal\"}");
      case FakeScenario.Malformed bad -> new MockResponse.Builder().code(200).body("<html>maintenance</html>").build();
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  @Override
  protected @Nullable MockResponse other(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.startsWith("/files/")) {
      if (request.getHeaders().get("Authorization") != null) {
        extraProblems.add("the key was sent with an image download");
      }
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
          .body(new okio.Buffer().write(png())).build();
    }
    if (!path.startsWith(BASE)) {
      return null;
    }
    extraProblems.addAll(auth(request));
    String rest = path.substring(BASE.length());
    if (request.getMethod().equals("POST") && rest.startsWith("cancel/")) {
      String id = rest.substring("cancel/".length());
      cancelled.add(id);
      return json(200, "{\"id\":\"" + id + "\",\"status\":\"CANCELLED\"}");
    }
    if (!request.getMethod().equals("GET") || !rest.startsWith("status/")) {
      return null;
    }
    String id = rest.substring("status/".length());
    Job job = jobs.get(id);
    if (job == null) {
      return json(404, "{\"error\":\"job not found\"}");
    }
    if (job.readyNanos() != 0 && System.nanoTime() < job.readyNanos()) {
      return json(200, "{\"delayTime\":2140,\"id\":\"" + id + "\",\"status\":\"IN_PROGRESS\"}");
    }
    Object next;
    synchronized (job.polls) {
      next = job.polls.size() > 1 ? job.polls.remove(0) : job.polls.get(0);
    }
    if (next instanceof Integer code) {
      return json(code, "{\"error\":\"scripted " + code + "\"}");
    }
    String state = (String) next;
    if (state.startsWith("FAILED:")) {
      return json(200, "{\"delayTime\":900,\"error\":" + state.substring("FAILED:".length())
          + ",\"executionTime\":3100,\"id\":\"" + id + "\",\"status\":\"FAILED\"}");
    }
    if (state.equals("COMPLETED:untimed")) {
      return json(200, "{\"delayTime\":2140,\"output\":" + output(job) + ",\"id\":\"" + id
          + "\",\"status\":\"COMPLETED\"}");
    }
    String output = state.equals("COMPLETED") ? ",\"executionTime\":" + EXECUTION_MILLIS + ",\"output\":" + output(job)
        : "";
    return json(200, "{\"delayTime\":2140" + output + ",\"id\":\"" + id + "\",\"status\":\"" + state + "\"}");
  }

  /** What the worker SDK reports for an uncaught exception: its fields as one JSON string. */
  private static String crashReport(String message) {
    return "{\"error_type\": \"<class 'torch.OutOfMemoryError'>\", \"error_message\": " + quote(message)
        + ", \"error_traceback\": " + quote("Traceback (most recent call last):\n  File \"/handler.py\", line 172, "
        + "in generate_image\ntorch.OutOfMemoryError: " + message + "\n")
        + ", \"hostname\": \"k7p2x9w4m1q8zt-64410a1b\", \"worker_id\": \"k7p2x9w4m1q8zt\", \"runpod_version\": \"1.7.9\"}";
  }

  /** Posts the completed job to the client's {@code webhook} (retried twice, as RunPod does), or to a guessed path. */
  private void hook(RecordedRequest request, String id, Job job, boolean genuine) {
    HttpUrl webhook = HttpUrl.parse(body(request).path("webhook").asText(""));
    if (webhook == null) {
      extraProblems.add("a hooked job without a webhook: " + text(request));
      return;
    }
    HttpUrl target = genuine ? webhook
        : webhook.newBuilder().setPathSegment(webhook.pathSize() - 1, "guessed-token").build();
    callHook(target, "{\"id\":\"" + id + "\",\"status\":\"COMPLETED\",\"delayTime\":2140,\"executionTime\":"
        + EXECUTION_MILLIS + ",\"output\":" + output(job) + "}", Headers.of(), 2);
  }

  private String output(Job job) {
    if (job.output != null && !job.output.equals("urls")) {
      return job.output;
    }
    List<String> images = new ArrayList<>();
    for (int i = 0; i < job.count; i++) {
      images.add(quote("urls".equals(job.output) ? url().resolve("/files/" + i + ".png").toString()
          : "data:image/png;base64," + TestImages.base64(png())));
    }
    return "{\"images\":" + images + ",\"image_url\":" + images.get(0) + ",\"seed\":" + job.seed + "}";
  }

  private static List<String> auth(RecordedRequest request) {
    return ("Bearer " + KEY).equals(request.getHeaders().get("Authorization")) ? List.of()
        : List.of("no bearer key on " + request.getTarget());
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
