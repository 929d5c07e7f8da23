package io.rolemarket.imagebot.providers.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import io.rolemarket.imagebot.providers.hook.JobHooks;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpErrors;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import io.rolemarket.imagebot.providers.http.ImageBytes;
import io.rolemarket.imagebot.providers.http.ImageDownload;
import io.rolemarket.imagebot.providers.http.JobState;
import io.rolemarket.imagebot.providers.http.JobWait;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RunPod Serverless endpoint running the SDXL worker ({@code RUNPOD_API_KEY}, {@code RUNPOD_ENDPOINT_ID},
 * {@code RUNPOD_BASE_URL}): the job is queued with {@code /run} (not {@code /runsync}, so its id is known
 * and reported before the wait), polled on {@code /status/{id}} with a growing pause, and cancelled on
 * {@code /cancel/{id}} when the job deadline passes or the call is cancelled. The queue states
 * ({@code IN_QUEUE}, {@code IN_PROGRESS}) are reported as progress, which also keeps a cold start from
 * looking like a stall. Up to two images a job ({@code num_images}); the cheapest provider at volume.
 *
 * <p>A handler's error arrives at the job's top level with {@code FAILED}: a list of input errors (the
 * worker refusing what this client sends) is permanent, naming {@code RUNPOD_ENDPOINT_ID}; other
 * failures, {@code CANCELLED}, {@code TIMED_OUT} and an expired job (404 on status) are transient; 5xx
 * and 429 while polling keep the poll going. With {@link JobHooks}, each job also names
 * a one-job {@code webhook} whose unguessable path is the only proof (RunPod signs nothing); RunPod's call
 * with the final job ends the wait at once.
 *
 * <p>The cost is reported as the job's {@code executionTime} (milliseconds) times the endpoint's price per
 * second; a job without it counts the declared price. RunPod also bills a worker's start-up and idle time,
 * which no job reports. Safe for concurrent use.
 */
public final class RunPodProvider implements ResumableProvider {
  /** The public API root; the endpoint id follows it. */
  public static final String DEFAULT_BASE_URL = "https://api.runpod.ai/v2";
  private static final String LABEL = "RunPod";
  private static final Logger log = LoggerFactory.getLogger(RunPodProvider.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final Pattern ENDPOINT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /**
   * A 24 GB flex worker (L4, A5000, 3090: what worker-sdxl needs), $0.00019 a second, as RunPod's serverless
   * pricing docs listed it when providers.md section 4.7 read them, 2026-08. Configuration sets the endpoint's
   * own ({@code runpod.per_second_usd}).
   */
  public static final BigDecimal DEFAULT_PRICE_PER_SECOND_USD = new BigDecimal("0.00019");
  private static final BigDecimal MILLIS_PER_SECOND = BigDecimal.valueOf(1000);

  private final OkHttpClient http;
  private final OkHttpClient cancelHttp;
  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final String endpointId;
  private final JobWait wait;
  private final Clock clock;
  private final @Nullable JobHooks hooks;
  private final BigDecimal pricePerSecondUsd;
  private final ProviderInfo info = new ProviderInfo("runpod", "SDXL (RunPod serverless)",
      "stabilityai/stable-diffusion-xl-base-1.0", 2, EnumSet.allOf(AspectRatio.class), true, true, false,
      new BigDecimal("0.002"), Duration.ofSeconds(20), 4, Set.of());

  /**
   * A client for the endpoint {@code endpointId} at {@code endpoint} (key: {@code RUNPOD_API_KEY}).
   *
   * @param http the shared client; the endpoint's timeout is applied to a derived client sharing its pool
   * @param wait how long a job may take, queue included, and how often it is polled
   * @throws IllegalArgumentException when the endpoint id is not a RunPod id
   */
  public RunPodProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String endpointId, JobWait wait,
      Clock clock) {
    this(http, json, endpoint, endpointId, wait, clock, null);
  }

  /** A client as above whose jobs report completion to a webhook under {@code hooks}, or null to poll only. */
  public RunPodProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String endpointId, JobWait wait,
      Clock clock, @Nullable JobHooks hooks) {
    this(http, json, endpoint, endpointId, wait, clock, hooks, DEFAULT_PRICE_PER_SECOND_USD);
  }

  /**
   * A client as above whose endpoint's workers cost {@code pricePerSecondUsd}.
   *
   * @throws IllegalArgumentException when the endpoint id is not a RunPod id or the price is negative
   */
  public RunPodProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String endpointId, JobWait wait,
      Clock clock, @Nullable JobHooks hooks, BigDecimal pricePerSecondUsd) {
    this.hooks = hooks;
    if (pricePerSecondUsd.signum() < 0) {
      throw new IllegalArgumentException("RunPod's price per second must not be negative, was " + pricePerSecondUsd);
    }
    this.pricePerSecondUsd = pricePerSecondUsd;
    if (!ENDPOINT_ID.matcher(endpointId).matches()) {
      throw new IllegalArgumentException("RUNPOD_ENDPOINT_ID must be letters, digits, '-' or '_'");
    }
    this.http = endpoint.client(http);
    this.cancelHttp = endpoint.sideClient(http);
    this.json = Objects.requireNonNull(json, "json");
    this.endpoint = endpoint;
    this.endpointId = endpointId;
    this.wait = wait;
    this.clock = clock;
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
    JobHooks.Hook hook = hooks == null ? null : hooks.open("runpod", null);
    JobWait.Timer timer = wait.start(hook);
    String id = null;
    try {
      ObjectNode body = body(request);
      if (hook != null) {
        body.put("webhook", hook.url().toString());
      }
      HttpExchange.Answer queued = HttpExchange.send(http, call("run", body), endpoint.maxBodyBytes(), LABEL);
      if (!queued.ok()) {
        return failure(queued);
      }
      JobState job = JobState.read(json, queued.body(), LABEL);
      id = job.id();
      progress.submitted(id);
      return waitFor(id, job, progress, timer);
    } catch (CallFailed e) {
      return e.failure();
    } catch (InterruptedException e) {
      if (id != null) {
        cancel(id);
      }
      throw e;
    } finally {
      if (hook != null) {
        hook.close();
      }
    }
  }

  @Override
  public ProviderResult resume(String remoteJobId, ProviderRequest request, ProviderProgress progress)
      throws InterruptedException {
    try {
      return waitFor(remoteJobId, null, progress, wait.start());
    } catch (CallFailed e) {
      return e.failure();
    } catch (InterruptedException e) {
      cancel(remoteJobId);
      throw e;
    }
  }

  /** Polls job {@code id} (last seen as {@code first}, or not yet) until it ends or the deadline passes. */
  private ProviderResult waitFor(String id, @Nullable JobState first, ProviderProgress progress, JobWait.Timer timer)
      throws CallFailed, InterruptedException {
    JobState job = first;
    while (true) {
      if (job != null) {
        ProviderResult done = outcome(job);
        if (done != null) {
          return done;
        }
        progress.report(-1, job.status());
      }
      if (timer.expired()) {
        cancel(id);
        return new ProviderFailure.Transient(LABEL + " job did not finish within " + wait.deadline()
            + "; cancelled it", null);
      }
      job = poll(id, timer, job);
    }
  }

  private ObjectNode body(ProviderRequest request) {
    ObjectNode body = json.createObjectNode();
    ObjectNode input = body.putObject("input")
        .put("prompt", request.prompt())
        .put("width", request.aspectRatio().width())
        .put("height", request.aspectRatio().height())
        .put("num_images", request.count());
    if (!request.negativePrompt().isBlank()) {
      input.put("negative_prompt", request.negativePrompt());
    }
    if (request.seed() != null) {
      input.put("seed", request.seed());
    }
    body.putObject("policy").put("executionTimeout", Math.max(5_000, wait.deadline().toMillis()));
    return body;
  }

  private Request call(String path, @Nullable ObjectNode body) {
    Request.Builder call = new Request.Builder().url(endpoint.resolve(endpointId + "/" + path))
        .header("Authorization", "Bearer " + endpoint.key());
    return (body == null ? call.get() : call.post(RequestBody.create(body.toString(), JSON_TYPE))).build();
  }

  /** The next state of job {@code id} after a pause; the previous one when the poll failed passingly. */
  private @Nullable JobState poll(String id, JobWait.Timer timer, @Nullable JobState previous) throws CallFailed, InterruptedException {
    timer.pause(Duration.ZERO);
    JobState pushed = timer.delivered(id, body -> JobState.read(json, body, LABEL), JobState::id, LABEL);
    if (pushed != null) {
      return pushed;
    }
    HttpExchange.Answer answer;
    try {
      answer = HttpExchange.send(http, call("status/" + id, null), endpoint.maxBodyBytes(), LABEL);
    } catch (CallFailed e) {
      log.debug("RunPod: poll of {} failed: {}", id, e.getMessage());
      timer.tolerate(e.failure());
      return previous;
    }
    if (answer.code() == 404) {
      throw CallFailed.transientFailure(LABEL + " job " + id + " is gone (expired or deleted)");
    }
    if (!answer.ok()) {
      timer.tolerate(failure(answer));
      return previous;
    }
    try {
      return JobState.read(json, answer.body(), LABEL);
    } catch (CallFailed e) {
      timer.tolerate(e.failure());
      return previous;
    }
  }

  /** The result when {@code job} is finished, else null. */
  private @Nullable ProviderResult outcome(JobState job) throws CallFailed, InterruptedException {
    return switch (job.status()) {
      case "COMPLETED" -> new ProviderResult.Images(images(job), cost(job));
      case "FAILED" -> failed(job);
      case "CANCELLED" -> new ProviderFailure.Transient(LABEL + " job was cancelled", null);
      case "TIMED_OUT" -> new ProviderFailure.Transient(LABEL + " job ran past its execution timeout", null);
      default -> null;
    };
  }

  /**
   * A {@code FAILED} job: the worker SDK lifts the handler's {@code error} to the job's top level. A list
   * there is the SDK's input validation refusing what this client sends, which no retry mends; a string
   * holding JSON is an uncaught exception in the handler (its message is kept, its traceback dropped); any
   * other text is the handler's own words, such as a pipeline error.
   */
  private ProviderFailure failed(JobState job) {
    if (job.error().isArray()) {
      return new ProviderFailure.Permanent(LABEL + " worker rejected the input (" + text(job.errorText())
          + "); check that RUNPOD_ENDPOINT_ID runs worker-sdxl", "RUNPOD_ENDPOINT_ID");
    }
    String error = job.errorText();
    JsonNode crash = crash(error);
    if (crash != null) {
      error = crash.path("error_message").asText("");
      log.warn("RunPod: job {} failed with {} in the worker", job.id(), crash.path("error_type").asText("an exception"));
    }
    return new ProviderFailure.Transient(LABEL + " job failed" + (error.isEmpty() ? "" : ": " + text(error)), null);
  }

  /** The uncaught-exception report in {@code error} ({@code error_type}, {@code error_message}, ...), else null. */
  private @Nullable JsonNode crash(String error) {
    if (!error.startsWith("{")) {
      return null;
    }
    try {
      JsonNode report = json.readTree(error);
      return report != null && report.has("error_message") ? report : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Worker text fit for a message: shortened, the key masked. */
  private String text(String raw) {
    return HttpErrors.redact(HttpExchange.excerpt(raw, 200), endpoint.key());
  }

  private List<GeneratedImage> images(JobState job) throws CallFailed, InterruptedException {
    JsonNode output = job.output();
    List<String> items = new ArrayList<>();
    output.path("images").forEach(item -> items.add(item.asText("")));
    if (items.isEmpty() && output.path("image_url").isTextual()) {
      items.add(output.path("image_url").asText());
    }
    if (items.isEmpty()) {
      log.warn("RunPod: job {} completed without images: {}", job.id(), HttpExchange.excerpt(output.toString(), 120));
      throw CallFailed.transientFailure(LABEL + " job completed without images");
    }
    Long seed = output.path("seed").isIntegralNumber() ? output.path("seed").asLong() : null;
    List<GeneratedImage> images = new ArrayList<>();
    for (String item : items) {
      images.add(item.startsWith("http://") || item.startsWith("https://")
          ? ImageDownload.fetch(http, item, endpoint.maxBodyBytes(), seed, LABEL)
          : ImageBytes.decodeBase64(item, seed, LABEL));
    }
    return images;
  }

  /** What {@code job} cost: its {@code executionTime} at the price per second, to the micro-dollar; null when absent. */
  private @Nullable BigDecimal cost(JobState job) {
    JsonNode millis = job.job().path("executionTime");
    if (!millis.isIntegralNumber() || millis.asLong() < 0) {
      return null;
    }
    return pricePerSecondUsd.multiply(BigDecimal.valueOf(millis.asLong()))
        .divide(MILLIS_PER_SECOND, 6, RoundingMode.HALF_UP);
  }

  /** Cancels job {@code id}, best effort: a cancel that fails is logged, never raised. */
  private void cancel(String id) {
    HttpExchange.bestEffort(cancelHttp, call("cancel/" + id, json.createObjectNode()), LABEL, "cancel job " + id);
  }

  private ProviderFailure failure(HttpExchange.Answer answer) {
    if (answer.code() == 404) {
      return new ProviderFailure.Permanent(LABEL + " has no such endpoint (HTTP 404); check RUNPOD_ENDPOINT_ID",
          "RUNPOD_ENDPOINT_ID");
    }
    String detail = answer.code() == 401 ? "" : HttpErrors.detail(json, answer);
    return HttpErrors.byStatus(answer, LABEL, endpoint, detail, clock);
  }
}
