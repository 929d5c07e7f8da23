package io.rolemarket.imagebot.providers.sdwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.AspectRatio;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-hosted Stable Diffusion WebUI ({@code SD_WEBUI_URL}, started with {@code --api}), for instance on a
 * RunPod GPU pod. One blocking {@code txt2img} call makes up to four images ({@code batch_size}). Optional
 * HTTP Basic auth for {@code --api-auth user:pass}: from the URL's user info or {@code SD_WEBUI_AUTH}.
 * The server works one job at a time, so the provider declares one call at once. Free per image (own
 * hardware).
 *
 * <p>A request carrying a reference picture of the character goes to {@code img2img} instead, with the same fields
 * plus the picture as {@code init_images} (base64) at {@code denoising_strength} 0.75, the WebUI's own default:
 * the scene is redrawn from the prompt while the character's shape and colours come from the picture, resized
 * into the requested size with the rest filled ({@code resize_mode} 2) so none of the character is cropped away.
 *
 * <p>While the call runs, {@code GET /sdapi/v1/progress} is read about once a second and reported as the
 * percentage and the seconds left, so the user sees the picture coming and a long SDXL job on a slow GPU
 * is not taken for a stalled one. A cancelled call (the user's {@code /cancel}, a deadline, shutdown)
 * also stops the GPU with {@code POST /sdapi/v1/interrupt}, best effort; that stops the server's current
 * job, which is this bot's own as long as the server serves only this bot. Safe for concurrent use.
 */
public final class SdWebUiProvider implements ImageProvider {
  /** The WebUI's own default address. */
  public static final String DEFAULT_URL = "http://127.0.0.1:7860";
  private static final String LABEL = "SD WebUI";
  private static final Logger log = LoggerFactory.getLogger(SdWebUiProvider.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  /** How much of the reference picture img2img redraws: the WebUI's default, enough for a new scene. */
  static final double DENOISING_STRENGTH = 0.75;

  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final Clock clock;
  private final OkHttpClient sideHttp;
  private final Duration progressEvery;
  private final ProviderInfo info = new ProviderInfo("sdwebui", "Stable Diffusion WebUI (self-hosted)",
      "sd-webui-checkpoint", 4, EnumSet.allOf(AspectRatio.class), true, true, true, BigDecimal.ZERO,
      Duration.ofSeconds(20), 1, Set.of());

  /**
   * A client for the server at {@code endpoint}; its key is {@code user:pass} for Basic auth, or empty.
   *
   * @param http the shared client; the endpoint's timeout is applied to a derived client sharing its pool
   */
  public SdWebUiProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, Clock clock) {
    this(http, json, endpoint, clock, Duration.ofSeconds(1));
  }

  /** A client as above reading the server's progress every {@code progressEvery}. */
  SdWebUiProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, Clock clock, Duration progressEvery) {
    this.http = endpoint.client(http);
    this.sideHttp = endpoint.sideClient(http);
    this.progressEvery = progressEvery;
    this.json = Objects.requireNonNull(json, "json");
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /**
   * The endpoint for {@code url}: user info in the URL ({@code http://user:pass@host:7860}) becomes the
   * Basic-auth key and leaves the URL; else {@code auth} ({@code user:pass}) when given.
   */
  public static Endpoint endpoint(String url, @Nullable String auth, Duration timeout) {
    HttpUrl parsed = Endpoint.parse(url, "SD_WEBUI_URL");
    String key = auth == null ? "" : auth;
    String setting = "SD_WEBUI_AUTH";
    if (!parsed.encodedUsername().isEmpty()) {
      key = decode(parsed.encodedUsername()) + ":" + decode(parsed.encodedPassword());
      setting = "SD_WEBUI_URL";
    }
    HttpUrl bare = parsed.newBuilder().username("").password("").build();
    return new Endpoint(bare, key, setting, timeout, Endpoint.DEFAULT_MAX_BODY_BYTES);
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
    String route = request.referenceImage() == null ? "sdapi/v1/txt2img" : "sdapi/v1/img2img";
    Request call = authorized(new Request.Builder().url(endpoint.resolve(route))
        .post(RequestBody.create(body(request).toString(), JSON_TYPE))).build();
    Thread watcher = Thread.ofVirtual().name("sdwebui-progress").start(() -> watch(progress));
    try {
      HttpExchange.Answer answer = HttpExchange.send(http, call, endpoint.maxBodyBytes(), LABEL);
      if (!answer.ok()) {
        return failure(answer);
      }
      return new ProviderResult.Images(images(answer, request));
    } catch (CallFailed e) {
      return e.failure();
    } finally {
      watcher.interrupt();
      if (!Thread.currentThread().isInterrupted()) {
        watcher.join(Duration.ofSeconds(2)); // no progress report after the result
      } else {
        HttpExchange.bestEffort(sideHttp, authorized(new Request.Builder().url(endpoint.resolve("sdapi/v1/interrupt"))
            .post(RequestBody.create(new byte[0], null))).build(), LABEL, "stop the cancelled job on the GPU");
      }
    }
  }

  /** Reports the server's progress until interrupted; a failed read is skipped. */
  private void watch(ProviderProgress progress) {
    Request read = authorized(new Request.Builder()
        .url(endpoint.resolve("sdapi/v1/progress").newBuilder().addQueryParameter("skip_current_image", "true").build())
        .get()).build();
    try {
      while (true) {
        Thread.sleep(progressEvery);
        try {
          HttpExchange.Answer answer = HttpExchange.send(sideHttp, read, 64 * 1024, LABEL);
          JsonNode state = answer.ok() ? json.readTree(answer.body()) : null;
          double done = state == null ? 0 : state.path("progress").asDouble(0);
          if (done > 0 && done <= 1) {
            long left = state.path("eta_relative").isNumber() ? Math.round(state.path("eta_relative").asDouble()) : -1;
            progress.report((int) Math.round(done * 100), left > 0 ? "about " + left + " s left" : "drawing");
          }
        } catch (CallFailed | IOException e) {
          log.debug("SD WebUI: progress unreadable: {}", e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      // the call ended
    }
  }

  private Request.Builder authorized(Request.Builder call) {
    if (!endpoint.key().isEmpty()) {
      int colon = endpoint.key().indexOf(':');
      call.header("Authorization", colon < 0 ? Credentials.basic("", endpoint.key())
          : Credentials.basic(endpoint.key().substring(0, colon), endpoint.key().substring(colon + 1)));
    }
    return call;
  }

  private ObjectNode body(ProviderRequest request) {
    ObjectNode body = json.createObjectNode()
        .put("prompt", request.prompt())
        .put("negative_prompt", request.negativePrompt())
        .put("seed", request.seed() == null ? -1 : request.seed())
        .put("steps", 30)
        .put("cfg_scale", 7.0)
        .put("width", request.aspectRatio().width())
        .put("height", request.aspectRatio().height())
        .put("batch_size", request.count())
        .put("n_iter", 1)
        .put("send_images", true)
        .put("save_images", false);
    body.putObject("override_settings").put("samples_format", "png");
    byte[] reference = request.referenceImage();
    if (reference != null) {
      body.put("denoising_strength", DENOISING_STRENGTH).put("resize_mode", 2).put("include_init_images", false);
      body.putArray("init_images").add(Base64.getEncoder().encodeToString(reference));
    }
    return body;
  }

  private List<GeneratedImage> images(HttpExchange.Answer answer, ProviderRequest request) throws CallFailed {
    JsonNode root;
    try {
      root = json.readTree(answer.body());
    } catch (IOException e) {
      log.warn("SD WebUI: answer of {} bytes is not JSON: {}", answer.body().length, HttpExchange.excerpt(answer.text(), 80));
      throw CallFailed.transientFailure(LABEL + " answered malformed JSON");
    }
    JsonNode images = root.path("images");
    if (!images.isArray() || images.isEmpty()) {
      log.warn("SD WebUI: answer without images: {}", HttpExchange.excerpt(answer.text(), 120));
      throw CallFailed.transientFailure(LABEL + " answered without images");
    }
    List<Long> seeds = seeds(root.path("info").asText(""), request);
    List<GeneratedImage> decoded = new ArrayList<>();
    // Extensions such as ControlNet append masks and previews after the generated images.
    for (int i = 0; i < Math.min(request.count(), images.size()); i++) {
      decoded.add(ImageBytes.decodeBase64(images.get(i).asText(""), i < seeds.size() ? seeds.get(i) : null, LABEL));
    }
    return decoded;
  }

  /** The seeds from {@code info}, a JSON document inside a string; the requested ones when it is unreadable. */
  private List<Long> seeds(String info, ProviderRequest request) {
    List<Long> seeds = new ArrayList<>();
    try {
      for (JsonNode seed : json.readTree(info).path("all_seeds")) {
        seeds.add(seed.asLong());
      }
    } catch (IOException e) {
      log.debug("SD WebUI: info is not JSON ({}); seeds unknown", e.getMessage());
    }
    if (seeds.isEmpty() && request.seed() != null) {
      for (int i = 0; i < request.count(); i++) {
        seeds.add(request.seed() + i);
      }
    }
    return seeds;
  }

  private ProviderFailure failure(HttpExchange.Answer answer) {
    String detail = detail(answer);
    if (answer.code() == 401) {
      return new ProviderFailure.Permanent(LABEL + " refused the credentials (HTTP 401); check "
          + endpoint.keySetting() + " (user:pass of --api-auth)", endpoint.keySetting());
    }
    if (answer.code() == 404) {
      return new ProviderFailure.Permanent(LABEL + " has no such API or resource (HTTP 404)"
          + (detail.isEmpty() ? "; is it started with --api? check SD_WEBUI_URL" : ": " + detail), "SD_WEBUI_URL");
    }
    return HttpErrors.byStatus(answer, LABEL, endpoint, detail, clock);
  }

  /** The middleware's {@code {"error", "detail", "errors"}} as one line. */
  private String detail(HttpExchange.Answer answer) {
    try {
      JsonNode root = json.readTree(answer.body());
      if (root != null && root.isObject()) {
        List<String> words = new ArrayList<>();
        for (String field : new String[] {"error", "detail", "errors"}) {
          String text = root.path(field).isTextual() ? root.path(field).asText() : "";
          if (!text.isBlank()) {
            words.add(text);
          }
        }
        return String.join(": ", words);
      }
    } catch (IOException e) {
      // not JSON: use the generic reading below
    }
    return HttpErrors.detail(json, answer);
  }

  private static String decode(String encoded) {
    return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
  }
}
