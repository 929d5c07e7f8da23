package io.rolemarket.imagebot.providers.replicate;

import com.github.benmanes.caffeine.cache.Ticker;
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
import io.rolemarket.imagebot.providers.http.ImageDownload;
import io.rolemarket.imagebot.providers.http.JobState;
import io.rolemarket.imagebot.providers.http.JobWait;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicate ({@code REPLICATE_API_TOKEN}, {@code REPLICATE_BASE_URL}) running a FLUX model by name, PNG
 * output. The create call asks Replicate to hold the answer until the prediction is done
 * ({@code Prefer: wait=N}, N under the endpoint's timeout) and to abort it by itself after the job
 * deadline ({@code Cancel-After}); an unfinished answer is polled with a growing pause until the deadline,
 * then cancelled. The prediction id is reported as soon as the create call answers. Polls and cancels go
 * to the configured base URL only, never to URLs from an answer, so the token stays with Replicate;
 * outputs are downloaded without it.
 *
 * <p>With {@link JobHooks}, each prediction also names a one-job webhook ({@code webhook}, events
 * {@code completed}); a call is accepted only with Replicate's signature ({@link ReplicateWebhook}, the
 * signing secret given or read once from {@code GET /v1/webhooks/default/secret}) and ends the wait at once
 * with the delivered prediction. Without a secret the client polls only.
 *
 * <p>A model that draws from a reference picture (Kontext, {@link ReplicateModel#imageInput()}) is its own provider
 * ({@code replicate-kontext}): the picture goes in that input as a {@code data:} URI, or when it is 1 MiB or more
 * uploaded first ({@link ReplicateFiles}), and the router offers it only requests that carry one (a request without
 * is refused before any call).
 *
 * <p>{@code failed} with the NSFW checker's words (or Kontext's "flagged as sensitive") is content-rejected; other
 * failures, {@code canceled} and {@code aborted} are transient; 5xx and 429 while polling keep the poll going.
 *
 * <p>The cost is reported at the model's {@link ReplicatePrice}: per output image of a succeeded prediction, or
 * {@code metrics.predict_time} times the hardware's price per second; a prediction that does not say (outputs
 * taken while it is still {@code processing}, no {@code metrics}, no known price) counts the declared price. Safe
 * for concurrent use.
 */
public final class ReplicateProvider implements ResumableProvider {
  /** The public API root. */
  public static final String DEFAULT_BASE_URL = "https://api.replicate.com";
  private static final String LABEL = "Replicate";
  private static final Logger log = LoggerFactory.getLogger(ReplicateProvider.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final Duration MAX_PREFER_WAIT = Duration.ofSeconds(60);

  private final OkHttpClient http;
  private final OkHttpClient cancelHttp;
  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final ReplicateModel model;
  private final JobWait wait;
  private final Clock clock;
  /** Paces the retries of reading the signing secret (monotonic). */
  private static final Ticker TICKER = Ticker.systemTicker();
  private final ProviderInfo info;
  private final @Nullable JobHooks hooks;
  private final ReplicateFiles files;
  private volatile @Nullable ReplicateWebhook signing;
  private volatile long secretRetryNanos;

  /**
   * A client for {@code model} at {@code endpoint} (key: {@code REPLICATE_API_TOKEN}).
   *
   * @param http the shared client; the endpoint's timeout is applied to a derived client sharing its pool
   * @param wait how long a prediction may take and how often it is polled
   */
  public ReplicateProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, ReplicateModel model, JobWait wait,
      Clock clock) {
    this(http, json, endpoint, model, wait, clock, null, null);
  }

  /**
   * A client as above whose predictions report completion to a webhook under {@code hooks}.
   *
   * @param hooks where this bot receives webhooks, or null to poll only
   * @param signing the account's webhook signature check ({@code REPLICATE_WEBHOOK_SECRET}), or null to read
   *     the signing secret from Replicate when the first webhook is needed
   */
  public ReplicateProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, ReplicateModel model, JobWait wait,
      Clock clock, @Nullable JobHooks hooks, @Nullable ReplicateWebhook signing) {
    this("replicate", http, json, endpoint, model, wait, clock, hooks, signing);
  }

  /**
   * A client as above offered to users as provider {@code id}, such as {@code replicate-kontext} for a model that
   * draws from a reference picture beside the plain {@code replicate} one.
   */
  public ReplicateProvider(String id, OkHttpClient http, ObjectMapper json, Endpoint endpoint, ReplicateModel model,
      JobWait wait, Clock clock, @Nullable JobHooks hooks, @Nullable ReplicateWebhook signing) {
    this.hooks = hooks;
    this.signing = signing;
    this.secretRetryNanos = TICKER.read();
    this.http = endpoint.client(http);
    this.cancelHttp = endpoint.sideClient(http);
    this.files = new ReplicateFiles(this.http, json, endpoint, clock);
    this.json = Objects.requireNonNull(json, "json");
    this.endpoint = endpoint;
    this.model = model;
    this.wait = wait;
    this.clock = clock;
    ProviderInfo declared = new ProviderInfo(id, model.displayName(), model.name(), model.maxOutputs(),
        EnumSet.allOf(AspectRatio.class), true, false, model.imageInput() != null, model.costPerImageUsd(),
        model.typicalLatency(), 8, Set.of());
    this.info = model.imageInput() == null ? declared : declared.requiringReferenceImage();
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
    JobHooks.Hook hook = openHook();
    try {
      return generate(request, progress, hook);
    } finally {
      if (hook != null) {
        hook.close();
      }
    }
  }

  private ProviderResult generate(ProviderRequest request, ProviderProgress progress, JobHooks.@Nullable Hook hook)
      throws InterruptedException {
    if (model.imageInput() != null && request.referenceImage() == null) {
      return new ProviderFailure.Permanent(LABEL + " " + model.name() + " draws from a reference picture and the "
          + "character has none; choose another provider or add references to the catalog", "", true);
    }
    JobWait.Timer timer = wait.start(hook);
    String id = null;
    try {
      HttpExchange.Answer created = HttpExchange.send(http, create(request, hook), endpoint.maxBodyBytes(), LABEL);
      if (created.code() == 404) {
        return new ProviderFailure.Permanent(LABEL + " has no model " + model.name() + " (HTTP 404); check "
            + "REPLICATE_MODEL", "REPLICATE_MODEL");
      }
      if (!created.ok()) {
        return failure(created);
      }
      JobState prediction = JobState.read(json, created.body(), LABEL);
      id = prediction.id();
      progress.submitted(id);
      return waitFor(id, prediction, request, progress, timer);
    } catch (CallFailed e) {
      return e.failure();
    } catch (InterruptedException e) {
      if (id != null) {
        cancel(id);
      }
      throw e;
    }
  }

  @Override
  public ProviderResult resume(String remoteJobId, ProviderRequest request, ProviderProgress progress)
      throws InterruptedException {
    try {
      return waitFor(remoteJobId, null, request, progress, wait.start());
    } catch (CallFailed e) {
      return e.failure();
    } catch (InterruptedException e) {
      cancel(remoteJobId);
      throw e;
    }
  }

  /** Polls prediction {@code id} (last seen as {@code first}, or not yet) until it ends or the deadline passes. */
  private ProviderResult waitFor(String id, @Nullable JobState first, ProviderRequest request,
      ProviderProgress progress, JobWait.Timer timer) throws CallFailed, InterruptedException {
    JobState prediction = first;
    while (true) {
      if (prediction != null) {
        ProviderResult done = outcome(prediction, request);
        if (done != null) {
          return done;
        }
        progress.report(-1, prediction.status());
      }
      if (timer.expired()) {
        cancel(id);
        return new ProviderFailure.Transient(LABEL + " prediction did not finish within " + wait.deadline()
            + "; cancelled it", null);
      }
      prediction = poll(id, timer, prediction);
    }
  }

  private Request create(ProviderRequest request, JobHooks.@Nullable Hook hook)
      throws CallFailed, InterruptedException {
    ObjectNode body = json.createObjectNode();
    if (hook != null) {
      body.put("webhook", hook.url().toString()).putArray("webhook_events_filter").add("completed");
    }
    ObjectNode input = body.putObject("input")
        .put("prompt", request.prompt())
        .put("aspect_ratio", request.aspectRatio().label())
        .put("output_format", "png");
    if (model.maxOutputs() > 1) {
      input.put("num_outputs", request.count());
    }
    if (request.seed() != null) {
      input.put("seed", request.seed());
    }
    byte[] reference = request.referenceImage();
    if (model.imageInput() != null && reference != null) {
      input.put(model.imageInput(), files.input(reference));
    }
    Request.Builder call = new Request.Builder()
        .url(endpoint.resolve("v1/models/" + model.name() + "/predictions"))
        .header("Authorization", "Bearer " + endpoint.key())
        .header("Cancel-After", Math.max(5, wait.deadline().toSeconds()) + "s")
        .post(RequestBody.create(body.toString(), JSON_TYPE));
    long preferWait = Math.min(MAX_PREFER_WAIT.toSeconds(), endpoint.timeout().toSeconds() - 5);
    if (preferWait >= 1) {
      call.header("Prefer", "wait=" + preferWait);
    }
    return call.build();
  }

  /** The next state of prediction {@code id} after a pause; the previous one when the poll failed passingly. */
  private @Nullable JobState poll(String id, JobWait.Timer timer, @Nullable JobState previous) throws CallFailed, InterruptedException {
    timer.pause(Duration.ZERO);
    JobState pushed = timer.delivered(id, body -> JobState.read(json, body, LABEL), JobState::id, LABEL);
    if (pushed != null) {
      return pushed;
    }
    Request get = new Request.Builder().url(endpoint.resolve("v1/predictions/" + id))
        .header("Authorization", "Bearer " + endpoint.key()).get().build();
    try {
      HttpExchange.Answer answer = HttpExchange.send(http, get, endpoint.maxBodyBytes(), LABEL);
      if (answer.ok()) {
        return JobState.read(json, answer.body(), LABEL);
      }
      timer.tolerate(failure(answer));
    } catch (CallFailed e) {
      timer.tolerate(e.failure());
      log.debug("Replicate: poll of {} failed: {}", id, e.getMessage());
    }
    return previous;
  }

  /** The result when {@code prediction} is finished (or has all its outputs), else null. */
  private @Nullable ProviderResult outcome(JobState prediction, ProviderRequest request)
      throws CallFailed, InterruptedException {
    List<String> urls = urls(prediction.output());
    int expected = model.maxOutputs() == 1 ? 1 : request.count();
    return switch (prediction.status()) {
      case "succeeded" -> {
        if (urls.isEmpty()) {
          log.warn("Replicate: prediction {} succeeded without output URLs: {}", prediction.id(), prediction.output());
          throw CallFailed.transientFailure(LABEL + " prediction succeeded without an output URL");
        }
        yield download(prediction, urls, request);
      }
      case "processing" -> urls.size() >= expected ? download(prediction, urls, request) : null;
      case "failed" -> failed(prediction);
      case "canceled" -> new ProviderFailure.Transient(LABEL + " prediction was canceled", null);
      case "aborted" -> new ProviderFailure.Transient(LABEL + " prediction passed its deadline before it started", null);
      default -> null;
    };
  }

  private ProviderResult download(JobState prediction, List<String> urls, ProviderRequest request)
      throws CallFailed, InterruptedException {
    List<GeneratedImage> images = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      Long seed = request.seed() == null || i > 0 ? null : request.seed();
      images.add(ImageDownload.fetch(http, urls.get(i), endpoint.maxBodyBytes(), seed, LABEL));
    }
    ReplicatePrice price = model.price();
    return new ProviderResult.Images(images,
        price == null ? null : price.cost(prediction.job(), urls.size()).orElse(null));
  }

  private ProviderFailure failed(JobState prediction) {
    String error = HttpErrors.redact(HttpExchange.excerpt(prediction.errorText(), 200), endpoint.key());
    String lower = error.toLowerCase(Locale.ROOT);
    if (lower.contains("nsfw") || lower.contains("flagged as sensitive")) {
      return new ProviderFailure.ContentRejected(LABEL + " safety checker refused the pictures: " + error);
    }
    return new ProviderFailure.Transient(LABEL + " prediction failed" + (error.isEmpty() ? "" : ": " + error), null);
  }

  private static List<String> urls(JsonNode output) {
    List<String> urls = new ArrayList<>();
    if (output.isTextual()) {
      urls.add(output.asText());
    } else if (output.isArray()) {
      output.forEach(url -> {
        if (url.isTextual()) {
          urls.add(url.asText());
        }
      });
    }
    return urls;
  }

  /** Cancels prediction {@code id}, best effort: a cancel that fails is logged, never raised. */
  private void cancel(String id) {
    Request call = new Request.Builder().url(endpoint.resolve("v1/predictions/" + id + "/cancel"))
        .header("Authorization", "Bearer " + endpoint.key())
        .post(RequestBody.create(new byte[0], null)).build();
    HttpExchange.bestEffort(cancelHttp, call, LABEL, "cancel prediction " + id);
  }

  /**
   * The webhook for one prediction, or null to poll only (no hooks, or no signing secret to check the
   * calls with).
   */
  private JobHooks.@Nullable Hook openHook() {
    if (hooks == null) {
      return null;
    }
    ReplicateWebhook check = signing;
    if (check == null) {
      check = readSigningSecret();
    }
    return check == null ? null : hooks.open("replicate", check);
  }

  /** Reads the account's webhook signing secret, at most once every ten minutes after a failure. */
  private synchronized @Nullable ReplicateWebhook readSigningSecret() {
    if (signing != null || TICKER.read() - secretRetryNanos < 0) {
      return signing;
    }
    Request get = new Request.Builder().url(endpoint.resolve("v1/webhooks/default/secret"))
        .header("Authorization", "Bearer " + endpoint.key()).get().build();
    try {
      HttpExchange.Answer answer = HttpExchange.send(cancelHttp, get, 4096, LABEL);
      JsonNode root = answer.ok() ? json.readTree(answer.body()) : null;
      String key = root == null ? "" : root.path("key").asText("");
      signing = ReplicateWebhook.of(key, ReplicateWebhook.DEFAULT_TOLERANCE, clock);
      return signing;
    } catch (CallFailed | IOException | IllegalArgumentException e) {
      log.warn("Replicate: could not read the webhook signing secret ({}); polling for now",
          e instanceof CallFailed failed ? failed.failure().message() : e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    secretRetryNanos = TICKER.read() + Duration.ofMinutes(10).toNanos();
    return null;
  }

  private ProviderFailure failure(HttpExchange.Answer answer) {
    String detail = answer.code() == 401 ? "" : HttpErrors.detail(json, answer);
    return HttpErrors.byStatus(answer, LABEL, endpoint, detail, clock);
  }
}
