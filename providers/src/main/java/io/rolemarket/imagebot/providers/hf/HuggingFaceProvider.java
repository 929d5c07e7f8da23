package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpErrors;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import io.rolemarket.imagebot.providers.http.ImageBytes;
import io.rolemarket.imagebot.providers.http.ImageDownload;
import io.rolemarket.imagebot.providers.http.JobWait;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Hugging Face model through the Inference Providers router ({@code HF_TOKEN}, {@code HF_BASE_URL}).
 *
 * <p>Each call asks the shared {@link HubProviderMapping} which provider serves the model, posts that
 * provider's body as the official {@code huggingface.js} client does ({@link HfWire}), and decodes the
 * image: raw bytes (or JSON with base64 or a URL) from {@code hf-inference}, base64 or a URL to fetch from
 * the others. A {@code fal-ai} job goes through fal's queue behind the router: submitted, its status
 * polled until done within the queue's deadline, then its result read ({@link FalQueue}). Images are
 * downloaded without the token. One image a call. A 404 or 410 (model not served there) makes the mapping
 * forget the model and the call is tried once more if the Hub then names another provider. 503 with
 * {@code estimated_time} (model loading) is transient with that time as the hint; 402 is out of credit;
 * fal's {@code content_policy_violation} is content-rejected. An image-to-image model ({@link HfModel.Task}, FLUX.1
 * Kontext) is routed by the Hub's mapping for that task and sent the character's reference picture; a request
 * without one is refused before any call. Safe for concurrent use.
 */
public final class HuggingFaceProvider implements ImageProvider {
  /** The public router. */
  public static final String DEFAULT_BASE_URL = "https://router.huggingface.co";
  /** The public Hub, for provider mappings. */
  public static final String DEFAULT_HUB_URL = "https://huggingface.co";
  /** How often a fal-ai job's status is read: every 500 ms, as the official client and fal's own client do. */
  private static final Duration FAL_POLL = Duration.ofMillis(500);
  private static final Logger log = LoggerFactory.getLogger(HuggingFaceProvider.class);
  private static final String LABEL = "Hugging Face";

  private final OkHttpClient http;
  private final OkHttpClient sideHttp;
  private final ObjectMapper json;
  private final Endpoint router;
  private final HfModel model;
  private final HubProviderMapping mapping;
  private final Clock clock;
  private final JobWait falWait;
  private final ProviderInfo info;

  /**
   * A provider for {@code model}.
   *
   * @param http the shared client; the endpoint's timeout is applied to a derived client sharing its pool
   * @param router the router's URL and the HF token ({@code HF_TOKEN})
   * @param mapping the provider mapping shared by every Hugging Face model
   */
  public HuggingFaceProvider(OkHttpClient http, ObjectMapper json, Endpoint router, HfModel model,
      HubProviderMapping mapping, Clock clock) {
    this(http, json, router, model, mapping, clock, new JobWait(router.timeout(), FAL_POLL, FAL_POLL));
  }

  /**
   * A provider for {@code model} whose fal-ai jobs wait as {@code falWait} says.
   *
   * @param falWait how long a fal-ai job may take after its submit, and how often its status is read
   */
  public HuggingFaceProvider(OkHttpClient http, ObjectMapper json, Endpoint router, HfModel model,
      HubProviderMapping mapping, Clock clock, JobWait falWait) {
    this.http = router.client(http);
    this.sideHttp = router.sideClient(http);
    this.falWait = Objects.requireNonNull(falWait, "falWait");
    this.json = Objects.requireNonNull(json, "json");
    this.router = router;
    this.model = model;
    this.mapping = mapping;
    this.clock = clock;
    this.info = model.info();
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
    if (model.task() == HfModel.Task.IMAGE_TO_IMAGE && request.referenceImage() == null) {
      return new ProviderFailure.Permanent(LABEL + ": " + model.model() + " redraws a reference picture and the "
          + "character has none; choose another provider or add references to the catalog", "", true);
    }
    try {
      HfRoute route = mapping.route(model.model(), model.task());
      HttpExchange.Answer answer = post(route, request);
      if (answer.code() == 404 || answer.code() == 410) {
        mapping.forget(model.model(), model.task());
        HfRoute fresh = mapping.route(model.model(), model.task());
        if (fresh.equals(route)) {
          return notServed(route, answer);
        }
        log.info("Hugging Face: {} moved from {} to {}; trying once more", model.model(), route.provider(), fresh.provider());
        route = fresh;
        answer = post(route, request);
        if (answer.code() == 404 || answer.code() == 410) {
          return notServed(route, answer);
        }
      }
      if (!answer.ok()) {
        return failure(answer);
      }
      return new ProviderResult.Images(List.of(image(route, answer, request, progress)));
    } catch (CallFailed e) {
      return e.failure();
    }
  }

  private HttpExchange.Answer post(HfRoute route, ProviderRequest request) throws CallFailed, InterruptedException {
    Request call = HfWire.request(json, router, route, model, request);
    return HttpExchange.send(http, call, router.maxBodyBytes(), LABEL);
  }

  private GeneratedImage image(HfRoute route, HttpExchange.Answer answer, ProviderRequest request,
      ProviderProgress progress) throws CallFailed, InterruptedException {
    if (route.provider().equals(HfRoute.HF_INFERENCE) && !isJson(answer)) {
      return ImageBytes.decode(answer.body(), request.seed(), LABEL);
    }
    JsonNode body = readJson(route, answer);
    if (route.provider().equals(HfWire.FAL_AI)) {
      FalQueue queue = new FalQueue(http, sideHttp, json, router, falWait, this::failure);
      body = queue.result(HfWire.url(router, route, model.model()), body, progress);
    }
    return switch (HfWire.find(route.provider(), body)) {
      case HfWire.Found.Base64 data -> ImageBytes.decodeBase64(data.data(), request.seed(), LABEL);
      case HfWire.Found.Url url ->
          ImageDownload.fetch(http, url.url().toString(), router.maxBodyBytes(), request.seed(), LABEL);
    };
  }

  private static boolean isJson(HttpExchange.Answer answer) {
    String type = answer.headers().get("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  private JsonNode readJson(HfRoute route, HttpExchange.Answer answer) throws CallFailed {
    try {
      return json.readTree(answer.body());
    } catch (IOException e) {
      log.warn("Hugging Face: {} answered {} bytes that are not JSON: {}", route.provider(), answer.body().length,
          HttpExchange.excerpt(answer.text(), 80));
      throw CallFailed.transientFailure(LABEL + " (" + route.provider() + ") answered malformed JSON");
    }
  }

  private ProviderFailure failure(HttpExchange.Answer answer) {
    String detail = HfWire.errorText(json, answer);
    if (answer.code() >= 400 && answer.code() < 500 && HfWire.contentPolicy(json, answer)) {
      return new ProviderFailure.ContentRejected(LABEL + " refused the prompt (HTTP " + answer.code() + "): "
          + HttpErrors.redact(HttpExchange.excerpt(detail, 200), router.key()));
    }
    if (answer.code() == 503) {
      Duration loading = estimatedTime(answer);
      if (loading != null) {
        return new ProviderFailure.Transient(LABEL + ": " + model.model() + " is loading, about "
            + loading.toSeconds() + " s", loading);
      }
    }
    if (answer.code() == 403) {
      return new ProviderFailure.Permanent(LABEL + " refused the call (HTTP 403); check that HF_TOKEN may call "
          + "Inference Providers and has access to " + model.model(), router.keySetting());
    }
    return HttpErrors.byStatus(answer, LABEL, router, detail, clock);
  }

  private @Nullable Duration estimatedTime(HttpExchange.Answer answer) {
    try {
      JsonNode seconds = json.readTree(answer.body()).path("estimated_time");
      return seconds.isNumber() ? Duration.ofMillis((long) Math.ceil(seconds.asDouble() * 1000)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private ProviderFailure notServed(HfRoute route, HttpExchange.Answer answer) {
    String detail = HttpErrors.redact(HttpExchange.excerpt(HfWire.errorText(json, answer), 200), router.key());
    return new ProviderFailure.Permanent(LABEL + ": " + model.model() + " is not served by " + route.provider()
        + " (HTTP " + answer.code() + ")" + (detail.isEmpty() ? "" : ": " + detail)
        + "; set HF_PROVIDER to a provider that serves it", "HF_PROVIDER");
  }
}
