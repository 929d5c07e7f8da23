package io.rolemarket.imagebot.core.provider.ttapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.ActionableProvider;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import io.rolemarket.imagebot.core.provider.http.CallFailed;
import io.rolemarket.imagebot.core.provider.http.Endpoint;
import io.rolemarket.imagebot.core.provider.http.HttpErrors;
import io.rolemarket.imagebot.core.provider.http.HttpExchange;
import io.rolemarket.imagebot.core.provider.http.ImageDownload;
import io.rolemarket.imagebot.core.provider.http.JobWait;
import io.rolemarket.imagebot.core.provider.hook.JobHooks;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Midjourney through TTAPI ({@code TTAPI_API_KEY}, {@code TTAPI_BASE_URL}): an {@code imagine} job with the
 * shape, negative prompt and seed as Midjourney flags, polled on {@code fetch} with a growing pause until
 * the job deadline; TTAPI's percentage and queue state are reported as progress. The finished 2×2 grid is
 * downloaded once, kept ({@link #grid}) and split into its four pictures, which are the result (the first
 * {@code count} of them). TTAPI has no cancel call, so a job past its deadline or a cancelled call is
 * abandoned; the {@code timeout} sent with it bounds it on TTAPI's side. The buttons of a finished job
 * (U1–U4, V1–V4, reroll) run through {@link #act}, each a new job with its own id.
 *
 * <p>With {@link JobHooks}, each job also names a one-job {@code hookUrl} whose unguessable path is the
 * only proof (TTAPI signs nothing); TTAPI's call, the same JSON as {@code fetch}, ends the wait at once.
 * Fetching goes on meanwhile (it is free and shows the percentage).
 *
 * <p>Character reference: when the request has a {@link ProviderRequest#referenceUrl() reference URL} (the
 * catalog's {@code reference_url}), the prompt ends with {@code --cref <url>}, and with {@code --cw <n>} when a
 * weight is configured ({@code TTAPI_CREF_WEIGHT}, 0 = face only … 100 = face, hair and clothes; unset leaves
 * Midjourney's default, 100). {@code --cref} exists up to Midjourney V6.1 (V7 replaced it with {@code --oref}),
 * so such a prompt also pins {@code --v 6.1} unless it already names a version or {@code --niji}; without a
 * reference the account's default version applies. A reference link Midjourney cannot fetch
 * ({@code [Invalid link!]}) or a reference picture its moderation refuses ({@code [Image denied]}) is a
 * permanent failure of that request alone, naming {@code reference_url}: the user cannot fix it with other
 * words, an admin must change the picture, and the provider stays open for everyone else.
 *
 * <p>Moderation of the prompt ({@code [Banned prompt detected]}, "action needed") fails at once as
 * content-rejected; a bad flag is permanent; {@code Job Timeout} and other failures are
 * transient, as are 499 (no free queue slot) and 5xx; 5xx and 429 while polling keep the poll going. The
 * premium provider: the router uses it for the quality tier or when named. Safe for concurrent use.
 */
public final class MidjourneyProvider implements ResumableProvider, ActionableProvider {
  /** The public API root. */
  public static final String DEFAULT_BASE_URL = "https://api.ttapi.io";
  /** Midjourney's speed mode: {@code relax}, {@code fast} or {@code turbo}. */
  public static final String DEFAULT_MODE = "fast";
  private static final String LABEL = "Midjourney (TTAPI)";
  private static final Logger log = LoggerFactory.getLogger(MidjourneyProvider.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final int KEPT_GRIDS = 32;
  /** The newest Midjourney version that has {@code --cref}. */
  private static final String CREF_VERSION = "6.1";

  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final String mode;
  private final @Nullable Integer referenceWeight;
  private final JobWait wait;
  private final Clock clock;
  private final RecentGrids grids = new RecentGrids(KEPT_GRIDS);
  private final @Nullable JobHooks hooks;
  private final ProviderInfo info;

  /**
   * A client for TTAPI at {@code endpoint} (key: {@code TTAPI_API_KEY}) that leaves {@code --cw} to Midjourney.
   *
   * @param http the shared client; the endpoint's timeout is applied to a derived client sharing its pool
   * @param mode {@code relax}, {@code fast} or {@code turbo}
   * @param wait how long a job may take and how often it is polled
   */
  public MidjourneyProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String mode, JobWait wait,
      Clock clock) {
    this(http, json, endpoint, mode, wait, clock, null, null);
  }

  /**
   * A client for TTAPI at {@code endpoint} (key: {@code TTAPI_API_KEY}).
   *
   * @param http the shared client; the endpoint's timeout is applied to a derived client sharing its pool
   * @param mode {@code relax}, {@code fast} or {@code turbo}
   * @param wait how long a job may take and how often it is polled
   * @param referenceWeight {@code --cw} sent with a character reference, 0..100 ({@code TTAPI_CREF_WEIGHT}), or
   *     null to send none
   * @throws IllegalArgumentException for an unknown mode or a weight outside 0..100
   */
  public MidjourneyProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String mode, JobWait wait,
      Clock clock, @Nullable Integer referenceWeight) {
    this(http, json, endpoint, mode, wait, clock, referenceWeight, null);
  }

  /**
   * A client as above whose jobs also report completion to a webhook under {@code hooks}, or null to poll
   * only.
   */
  public MidjourneyProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String mode, JobWait wait,
      Clock clock, @Nullable Integer referenceWeight, @Nullable JobHooks hooks) {
    if (!Set.of("relax", "fast", "turbo").contains(mode)) {
      throw new IllegalArgumentException("Midjourney mode must be relax, fast or turbo, was '" + mode + "'");
    }
    if (referenceWeight != null && (referenceWeight < 0 || referenceWeight > 100)) {
      throw new IllegalArgumentException("TTAPI_CREF_WEIGHT must be 0..100, was " + referenceWeight);
    }
    this.http = http.newBuilder().callTimeout(endpoint.timeout()).readTimeout(endpoint.timeout()).build();
    this.json = Objects.requireNonNull(json, "json");
    this.endpoint = endpoint;
    this.mode = mode;
    this.referenceWeight = referenceWeight;
    this.wait = wait;
    this.clock = clock;
    this.hooks = hooks;
    this.info = new ProviderInfo("midjourney", "Midjourney (TTAPI)", "midjourney", 4, EnumSet.allOf(AspectRatio.class),
        true, true, false, BigDecimal.ZERO, Duration.ofSeconds(20), 4, Set.of(), pricePerJob(mode));
  }

  /**
   * What one job costs in {@code mode}: TTAPI bills per job (an imagine's whole 2×2 grid, an upscale or a
   * variation), about $0.02–0.04 in fast mode (V6 imagines cost 1.5×), less in relax, twice in turbo.
   */
  static BigDecimal pricePerJob(String mode) {
    return switch (mode) {
      case "relax" -> new BigDecimal("0.015");
      case "turbo" -> new BigDecimal("0.06");
      default -> new BigDecimal("0.03");
    };
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  /** The 2×2 grid of a recent finished job (the last 32 are kept), by TTAPI job id. */
  public Optional<GeneratedImage> grid(String jobId) {
    return grids.get(jobId);
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
    JobHooks.Hook hook = hooks == null ? null : hooks.open("ttapi", null);
    JobWait.Timer timer = wait.start(hook);
    String id = null;
    try {
      ObjectNode body = withHook(body(request), hook);
      Request imagine = new Request.Builder().url(endpoint.resolve("midjourney/v1/imagine"))
          .header("TT-API-KEY", endpoint.key())
          .post(RequestBody.create(body.toString(), JSON_TYPE)).build();
      id = submit(imagine);
      progress.submitted(id);
      return waitFor(id, request.count(), progress, timer);
    } catch (CallFailed e) {
      return e.failure();
    } catch (InterruptedException e) {
      if (id != null) {
        log.info("TTAPI: abandoned job {} on cancellation (TTAPI has no cancel)", id);
      }
      throw e;
    } finally {
      if (hook != null) {
        hook.close();
      }
    }
  }

  private static ObjectNode withHook(ObjectNode body, JobHooks.@Nullable Hook hook) {
    return hook == null ? body : body.put("hookUrl", hook.url().toString());
  }

  @Override
  public ProviderResult resume(String remoteJobId, ProviderRequest request, ProviderProgress progress)
      throws InterruptedException {
    try {
      return waitFor(remoteJobId, request.count(), progress, wait.start());
    } catch (CallFailed e) {
      return e.failure();
    }
  }

  /**
   * Runs {@code action} on the finished job {@code parentJobId}: a new TTAPI job, charged on its own, whose
   * id is reported through {@link ProviderProgress#submitted}. An upscale answers one picture; a
   * variation or reroll answers a new grid split into four.
   *
   * @return the images, or a failure (a parent without that button is a permanent failure)
   * @throws InterruptedException when the calling thread is interrupted (the job is abandoned)
   */
  public ProviderResult act(String parentJobId, MidjourneyAction action, ProviderProgress progress)
      throws InterruptedException {
    JobHooks.Hook hook = hooks == null ? null : hooks.open("ttapi", null);
    JobWait.Timer timer = wait.start(hook);
    ObjectNode body = withHook(json.createObjectNode()
        .put("jobId", parentJobId)
        .put("action", action.wireName())
        .put("timeout", Math.clamp(wait.deadline().toSeconds(), 300, 1200)), hook);
    Request call = new Request.Builder().url(endpoint.resolve("midjourney/v1/action"))
        .header("TT-API-KEY", endpoint.key())
        .post(RequestBody.create(body.toString(), JSON_TYPE)).build();
    try {
      String id = submit(call);
      progress.submitted(id);
      return waitFor(id, 4, progress, timer);
    } catch (CallFailed e) {
      return e.failure();
    } finally {
      if (hook != null) {
        hook.close();
      }
    }
  }

  @Override
  public List<String> actions() {
    return Arrays.stream(MidjourneyAction.values()).map(MidjourneyAction::name).toList();
  }

  @Override
  public int imagesFor(String action) {
    return named(action).single() ? 1 : 4;
  }

  @Override
  public boolean offersActionsAfter(String action) {
    return !named(action).single();
  }

  @Override
  public ProviderResult act(String parentRemoteJobId, String action, ProviderProgress progress)
      throws InterruptedException {
    return act(parentRemoteJobId, named(action), progress);
  }

  private static MidjourneyAction named(String action) {
    return MidjourneyAction.parse(action).orElseThrow(() -> new IllegalArgumentException(
        "Midjourney action must be U1–U4, V1–V4 or REROLL, was '" + action + "'"));
  }

  /** Sends a job-creating call and returns the new job's id. */
  private String submit(Request call) throws CallFailed, InterruptedException {
    HttpExchange.Answer submitted = HttpExchange.send(http, call, endpoint.maxBodyBytes(), LABEL);
    JsonNode envelope = envelope(submitted);
    if (!submitted.ok() || !envelope.path("status").asText("").equals("SUCCESS")) {
      throw new CallFailed(failure(submitted, envelope));
    }
    JsonNode data = envelope.path("data");
    String id = data.path("jobId").asText(data.path("job_id").asText(""));
    if (id.isEmpty()) {
      log.warn("TTAPI: {} answered without a job id: {}", call.url().encodedPath(),
          HttpExchange.excerpt(submitted.text(), 120));
      throw CallFailed.transientFailure(LABEL + " answered without a job id");
    }
    return id;
  }

  /** Fetches job {@code id} until it ends or the deadline passes. */
  private ProviderResult waitFor(String id, int count, ProviderProgress progress, JobWait.Timer timer)
      throws CallFailed, InterruptedException {
    while (true) {
      timer.pause(Duration.ZERO);
      JsonNode job = delivered(id, timer);
      if (job == null) {
        job = fetch(id, timer);
      }
      ProviderResult done = job == null ? null : outcome(id, job, count, progress);
      if (done != null) {
        return done;
      }
      if (timer.expired()) {
        log.info("TTAPI: abandoned job {} after {} (TTAPI has no cancel)", id, wait.deadline());
        return new ProviderFailure.Transient(LABEL + " job did not finish within " + wait.deadline(), null);
      }
    }
  }

  private ObjectNode body(ProviderRequest request) {
    StringBuilder prompt = new StringBuilder(request.prompt().replaceAll("\\s+", " ").strip())
        .append(" --ar ").append(request.aspectRatio().label());
    if (!request.negativePrompt().isBlank()) {
      prompt.append(" --no ").append(request.negativePrompt().replaceAll("\\s+", " ").strip());
    }
    if (request.seed() != null) {
      prompt.append(" --seed ").append(request.seed() & 0xFFFF_FFFFL);
    }
    if (request.referenceUrl() != null) {
      appendReference(prompt, request.referenceUrl());
    }
    long timeout = Math.clamp(wait.deadline().toSeconds(), mode.equals("relax") ? 600 : 300, 1200);
    return json.createObjectNode()
        .put("prompt", prompt.toString())
        .put("mode", mode)
        .put("timeout", timeout)
        .put("getUImages", true);
  }

  /** The job's state from a webhook call that arrived for it, or null when none (or an unreadable one) did. */
  private @Nullable JsonNode delivered(String id, JobWait.Timer timer) {
    return timer.delivered(id, body -> {
      try {
        JsonNode job = json.readTree(body);
        if (job == null || !job.path("status").isTextual()) {
          throw new IOException("no status");
        }
        return job;
      } catch (IOException e) {
        throw CallFailed.transientFailure(LABEL + " webhook delivered malformed JSON");
      }
    }, job -> job.path("jobId").asText(job.path("data").path("jobId").asText("")), LABEL);
  }

  /** Appends {@code --cref} (pinning a version that has it) and the configured {@code --cw}. */
  private void appendReference(StringBuilder prompt, String referenceUrl) {
    String flags = " " + prompt.toString().toLowerCase(Locale.ROOT) + " ";
    if (!flags.contains(" --v ") && !flags.contains(" --version ") && !flags.contains(" --niji")) {
      prompt.append(" --v ").append(CREF_VERSION);
    }
    prompt.append(" --cref ").append(referenceUrl);
    if (referenceWeight != null) {
      prompt.append(" --cw ").append(referenceWeight);
    }
  }

  /** The job's state, or null when this poll failed passingly. */
  private @Nullable JsonNode fetch(String id, JobWait.Timer timer) throws CallFailed, InterruptedException {
    Request fetch = new Request.Builder()
        .url(endpoint.resolve("midjourney/v1/fetch").newBuilder().addQueryParameter("jobId", id).build())
        .header("TT-API-KEY", endpoint.key()).get().build();
    try {
      HttpExchange.Answer answer = HttpExchange.send(http, fetch, endpoint.maxBodyBytes(), LABEL);
      JsonNode envelope = envelope(answer);
      if (answer.ok() && envelope.path("status").isTextual()) {
        return envelope;
      }
      timer.tolerate(answer.ok() ? new ProviderFailure.Transient(LABEL + " fetch answered malformed JSON", null)
          : failure(answer, envelope));
    } catch (CallFailed e) {
      timer.tolerate(e.failure());
      log.debug("TTAPI: fetch of {} failed: {}", id, e.getMessage());
    }
    return null;
  }

  /** The result when {@code job} is finished, else null after reporting its progress. */
  private @Nullable ProviderResult outcome(String id, JsonNode job, int count, ProviderProgress progress)
      throws CallFailed, InterruptedException {
    JsonNode data = job.path("data");
    switch (job.path("status").asText()) {
      case "SUCCESS" -> {
        GeneratedImage picture = download(id, data);
        if (data.path("action").asText("").startsWith("upsample")) {
          return new ProviderResult.Images(List.of(picture));
        }
        List<GeneratedImage> quarters = MidjourneyGrid.split(picture, LABEL);
        return new ProviderResult.Images(quarters.subList(0, Math.min(count, quarters.size())));
      }
      case "FAILED" -> {
        return jobFailure(job.path("message").asText(""));
      }
      case "PENDING_QUEUE" -> progress.report(-1, "queued");
      default -> progress.report(percent(data.path("progress")), "drawing");
    }
    return null;
  }

  private GeneratedImage download(String id, JsonNode data) throws CallFailed, InterruptedException {
    String url = data.path("cdnImage").asText(data.path("discordImage").asText(""));
    if (url.isEmpty()) {
      throw CallFailed.transientFailure(LABEL + " job succeeded without a grid image");
    }
    GeneratedImage grid = ImageDownload.fetch(http, url, endpoint.maxBodyBytes(), null, LABEL);
    if (!data.path("action").asText("").startsWith("upsample")) {
      grids.put(id, grid);
    }
    return grid;
  }

  /** A job's {@code message} as a failure: moderation at once, bad flags permanent, the rest transient. */
  private ProviderFailure jobFailure(String message) {
    String words = HttpErrors.redact(HttpExchange.excerpt(message, 200), endpoint.key());
    String lower = words.toLowerCase(Locale.ROOT);
    if (lower.startsWith("[image denied")) {
      return new ProviderFailure.Permanent(LABEL + " moderation refused the character's reference picture (--cref): "
          + words, "the character's reference_url", true);
    }
    if (lower.startsWith("[banned prompt") || lower.contains("action needed")) {
      return new ProviderFailure.ContentRejected(LABEL + " moderation refused the job: " + words);
    }
    if (lower.startsWith("[invalid link")) {
      return new ProviderFailure.Permanent(LABEL + " could not fetch the character's reference image (--cref link): "
          + words, "the character's reference_url", true);
    }
    if (lower.startsWith("[invalid parameter")) {
      return new ProviderFailure.Permanent(LABEL + " refused the job's parameters: " + words, "");
    }
    return new ProviderFailure.Transient(LABEL + " job failed" + (words.isEmpty() ? "" : ": " + words), null);
  }

  private ProviderFailure failure(HttpExchange.Answer answer, JsonNode envelope) {
    String message = envelope.path("message").asText("");
    if (answer.ok()) {
      return message.isEmpty() ? new ProviderFailure.Transient(LABEL + " answered malformed JSON", null)
          : jobFailure(message);
    }
    if (answer.code() == 400) {
      ProviderFailure refused = jobFailure(message);
      return refused instanceof ProviderFailure.Transient
          ? new ProviderFailure.Permanent(LABEL + " rejected the request (HTTP 400): " + refused.message(), "")
          : refused;
    }
    if (answer.code() == 499) {
      return new ProviderFailure.Transient(LABEL + " has no free queue slot (HTTP 499)", Duration.ofSeconds(10));
    }
    return HttpErrors.byStatus(answer, LABEL, endpoint, answer.code() == 401 ? "" : message, clock);
  }

  private JsonNode envelope(HttpExchange.Answer answer) {
    try {
      JsonNode root = json.readTree(answer.body());
      return root == null ? json.createObjectNode() : root;
    } catch (IOException e) {
      log.warn("TTAPI: answer of {} bytes is not JSON: {}", answer.body().length, HttpExchange.excerpt(answer.text(), 80));
      return json.createObjectNode();
    }
  }

  /** TTAPI's percentage, a string such as {@code "35"} (or a number, or {@code "35%"}); -1 when unknown. */
  static int percent(JsonNode progress) {
    String text = progress.asText("").replace("%", "").strip();
    try {
      return Math.clamp((long) Double.parseDouble(text), 0, 100);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
