package io.rolemarket.imagebot.providers.ttapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.ActionableProvider;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ChineseWords;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import io.rolemarket.imagebot.providers.hook.JobHooks;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import io.rolemarket.imagebot.providers.http.ImageDownload;
import io.rolemarket.imagebot.providers.http.JobWait;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
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
 * <p>What a job cost is TTAPI's own {@code quota} in the finished job (100 quota = 1 USD) when it reports
 * one, else the declared price per job ({@link #pricePerJob}).
 *
 * <p>The prompt and its flags, character reference ({@code --cref}, {@code --cw}) included, are built by
 * {@link MidjourneyPrompt}; TTAPI's refusals are mapped by {@link MidjourneyFailures} (prompt moderation
 * fails at once, a bad reference picture fails that request alone). 5xx and 429 while polling keep the
 * poll going. The premium provider: the router uses it for the quality tier or when named. Safe for
 * concurrent use.
 */
public final class MidjourneyProvider implements ResumableProvider, ActionableProvider {
  /** The public API root. */
  public static final String DEFAULT_BASE_URL = "https://api.ttapi.io";
  /** Midjourney's speed mode: {@code relax}, {@code fast} or {@code turbo}. */
  public static final String DEFAULT_MODE = "fast";
  /** TTAPI's speed modes ({@code TTAPI_MODE}), each with its own price. */
  public static final Set<String> MODES = Set.of("relax", "fast", "turbo");
  static final String LABEL = "Midjourney (TTAPI)";
  private static final Logger log = LoggerFactory.getLogger(MidjourneyProvider.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final int KEPT_GRIDS = 32;
  private static final List<ProviderAction> ACTIONS =
      Arrays.stream(MidjourneyAction.values()).map(MidjourneyAction::typed).toList();

  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final MidjourneyPrompt prompt;
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
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("Midjourney mode must be relax, fast or turbo, was '" + mode + "'");
    }
    if (referenceWeight != null && (referenceWeight < 0 || referenceWeight > 100)) {
      throw new IllegalArgumentException("TTAPI_CREF_WEIGHT must be 0..100, was " + referenceWeight);
    }
    this.http = endpoint.client(http);
    this.json = Objects.requireNonNull(json, "json");
    this.endpoint = endpoint;
    this.prompt = new MidjourneyPrompt(mode, referenceWeight, wait.deadline());
    this.wait = wait;
    this.clock = clock;
    this.hooks = hooks;
    this.info = new ProviderInfo("midjourney", "Midjourney (TTAPI)", "midjourney", 4, EnumSet.allOf(AspectRatio.class),
        true, true, false, BigDecimal.ZERO, Duration.ofSeconds(20), 4, Set.of(), pricePerJob(mode))
        .readingChinese(ChineseWords.PARTLY_UNDERSTOOD);
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

  /**
   * The most an imagine can cost: a V6 imagine costs 1.5× the mode's price, so the budget holds that much and the
   * {@code quota} TTAPI then reports does not pass it.
   */
  @Override
  public BigDecimal mostUsd(ProviderRequest request) {
    return info.costUsd(request.count()).multiply(new BigDecimal("1.5"));
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
      ObjectNode body = withHook(prompt.imagine(json, request), hook);
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
  public List<ProviderAction> actions() {
    return ACTIONS;
  }

  @Override
  public int imagesFor(ProviderAction action) {
    return MidjourneyAction.of(action).single() ? 1 : 4;
  }

  @Override
  public boolean offersActionsAfter(ProviderAction action) {
    return !MidjourneyAction.of(action).single();
  }

  @Override
  public ProviderResult act(String parentRemoteJobId, ProviderAction action, ProviderProgress progress)
      throws InterruptedException {
    return act(parentRemoteJobId, MidjourneyAction.of(action), progress);
  }

  /** Sends a job-creating call and returns the new job's id. */
  private String submit(Request call) throws CallFailed, InterruptedException {
    HttpExchange.Answer submitted = HttpExchange.send(http, call, endpoint.maxBodyBytes(), LABEL);
    JsonNode envelope = envelope(submitted);
    if (!submitted.ok() || !envelope.path("status").asText("").equals("SUCCESS")) {
      throw new CallFailed(MidjourneyFailures.ofAnswer(submitted, envelope, endpoint, clock));
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
          : MidjourneyFailures.ofAnswer(answer, envelope, endpoint, clock));
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
        BigDecimal charged = charged(data.path("quota"));
        if (data.path("action").asText("").startsWith("upsample")) {
          return new ProviderResult.Images(List.of(picture), charged);
        }
        List<GeneratedImage> quarters = MidjourneyGrid.split(picture, LABEL);
        return new ProviderResult.Images(quarters.subList(0, Math.min(count, quarters.size())), charged);
      }
      case "FAILED" -> {
        return MidjourneyFailures.ofJob(job.path("message").asText(""), endpoint);
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

  private JsonNode envelope(HttpExchange.Answer answer) {
    try {
      JsonNode root = json.readTree(answer.body());
      return root == null ? json.createObjectNode() : root;
    } catch (IOException e) {
      log.warn("TTAPI: answer of {} bytes is not JSON: {}", answer.body().length, HttpExchange.excerpt(answer.text(), 80));
      return json.createObjectNode();
    }
  }

  /**
   * What TTAPI charged for a finished job, from its {@code quota} (a string such as {@code "3"}; 100 quota
   * = 1 USD), or null when absent or unreadable (the declared price then counts).
   */
  static @Nullable BigDecimal charged(JsonNode quota) {
    try {
      BigDecimal units = new BigDecimal(quota.asText("").strip());
      return units.signum() < 0 || units.compareTo(BigDecimal.valueOf(10_000)) > 0 ? null
          : units.movePointLeft(2).stripTrailingZeros();
    } catch (NumberFormatException e) {
      return null;
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
