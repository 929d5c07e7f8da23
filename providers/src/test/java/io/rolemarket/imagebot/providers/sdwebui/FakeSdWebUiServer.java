package io.rolemarket.imagebot.providers.sdwebui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import org.jspecify.annotations.Nullable;

/**
 * AUTOMATIC1111 / Forge on loopback (providers.md section 6.7): {@code POST /sdapi/v1/txt2img} answering
 * {@code batch_size} base64 PNGs and {@code info} as a JSON string, optionally behind {@code --api-auth}
 * (401 with {@code WWW-Authenticate: Basic} without the right credentials). {@code POST /sdapi/v1/img2img}
 * ({@code StableDiffusionImg2ImgProcessingAPI} in modules/api/models.py) takes the same fields plus
 * {@code init_images} (base64 pictures) and {@code denoising_strength} (0..1), and answers in the same shape.
 */
public final class FakeSdWebUiServer extends FakeProviderServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 200 whose {@code info} is not JSON (the images must still be returned). */
  public record BadInfo() implements FakeScenario {}

  /** 200 with the images as data URIs, plus one extra ControlNet-style image. */
  public record DataUrisAndExtra() implements FakeScenario {}

  /** 500 CUDA out of memory. */
  public record OutOfMemory() implements FakeScenario {}

  /** 422: FastAPI's validation error for a body field, {@code detail} a list of {@code {loc, msg, type}}. */
  public record Unprocessable(String field, String message) implements FakeScenario {}

  private final @Nullable String expectedAuth;
  private final AtomicInteger progressReads = new AtomicInteger();
  private final AtomicInteger interrupts = new AtomicInteger();

  /** A server without {@code --api-auth}. */
  public FakeSdWebUiServer() {
    this(null, null);
  }

  /** A server started with {@code --api-auth user:password}, or without when {@code user} is null. */
  public FakeSdWebUiServer(@Nullable String user, @Nullable String password) {
    this.expectedAuth = user == null ? null : Credentials.basic(user, password == null ? "" : password);
  }

  /** How often {@code /sdapi/v1/progress} was read. */
  public int progressReads() {
    return progressReads.get();
  }

  /** How often {@code /sdapi/v1/interrupt} was called. */
  public int interrupts() {
    return interrupts.get();
  }

  /**
   * {@code GET /sdapi/v1/progress}: 0.2, 0.4, 0.6, 0.8 on successive reads, then 0.9 (with the seconds
   * left); {@code POST /sdapi/v1/interrupt} counted. Both want the server's credentials.
   */
  @Override
  protected @Nullable MockResponse other(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    boolean allowed = expectedAuth == null || expectedAuth.equals(request.getHeaders().get("Authorization"));
    if (path.equals("/sdapi/v1/progress") && request.getMethod().equals("GET")) {
      if (!allowed) {
        return unauthorized(request);
      }
      int read = progressReads.incrementAndGet();
      double done = Math.min(0.9, read * 0.2);
      return json(200, "{\"progress\": " + done + ", \"eta_relative\": " + (10 - read) + ", \"state\": {}, "
          + "\"current_image\": null, \"textinfo\": null}");
    }
    if (path.equals("/sdapi/v1/interrupt") && request.getMethod().equals("POST")) {
      if (!allowed) {
        return unauthorized(request);
      }
      interrupts.incrementAndGet();
      return json(200, "{}");
    }
    return null;
  }

  @Override
  protected boolean isGeneration(RecordedRequest request) {
    return request.getMethod().equals("POST") && (request.getUrl().encodedPath().equals("/sdapi/v1/txt2img")
        || isImg2Img(request));
  }

  /** Whether {@code request} went to {@code img2img} (a reference picture sent). */
  public static boolean isImg2Img(RecordedRequest request) {
    return request.getUrl().encodedPath().equals("/sdapi/v1/img2img");
  }

  /** The first of an img2img call's {@code init_images}, decoded. */
  public static byte[] initImage(RecordedRequest request) {
    return Base64.getDecoder().decode(body(request).path("init_images").path(0).asText(""));
  }

  @Override
  protected List<String> check(RecordedRequest request) {
    List<String> problems = new ArrayList<>();
    JsonNode body = body(request);
    for (String field : new String[] {"prompt", "width", "height", "batch_size", "seed"}) {
      if (body.path(field).isMissingNode()) {
        problems.add("txt2img body without " + field);
      }
    }
    if (isImg2Img(request)) {
      JsonNode init = body.path("init_images");
      double strength = body.path("denoising_strength").asDouble(-1);
      if (!init.isArray() || init.size() != 1 || ImageFormat.sniff(decoded(init.path(0).asText(""))).isEmpty()) {
        problems.add("img2img without one base64 PNG or JPEG in init_images");
      }
      if (strength < 0 || strength > 1) {
        problems.add("img2img denoising_strength must be 0..1, was " + body.path("denoising_strength"));
      }
    }
    if (expectedAuth == null && request.getHeaders().get("Authorization") != null) {
      problems.add("auth sent to a server without --api-auth");
    }
    return problems;
  }

  @Override
  protected MockResponse respond(FakeScenario scenario, RecordedRequest request) {
    if (expectedAuth != null && !expectedAuth.equals(request.getHeaders().get("Authorization"))) {
      return unauthorized(request);
    }
    JsonNode body = body(request);
    int count = Math.max(1, body.path("batch_size").asInt(1));
    long seed = body.path("seed").asLong(-1) < 0 ? 1234 : body.path("seed").asLong();
    MockResponse success = json(200, answer(count, seed, "", true));
    MockResponse common = common(scenario, success);
    if (common != null) {
      return common;
    }
    return switch (scenario) {
      case FakeScenario.Success ok -> success;
      case FakeScenario.Unauthorized no -> unauthorized(request);
      case FakeScenario.RateLimited limited -> new MockResponse.Builder().code(429)
          .setHeader("Retry-After", limited.delay().toSeconds()).body("{\"detail\":\"busy\"}").build();
      case FakeScenario.ServerError error -> new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build();
      case Unprocessable invalid -> json(422, "{\"detail\":[{\"loc\":[\"body\",\"" + invalid.field()
          + "\"],\"msg\":\"" + invalid.message() + "\",\"type\":\"value_error\"}]}");
      case OutOfMemory oom -> json(500, "{\"error\":\"OutOfMemoryError\",\"detail\":\"\",\"body\":\"\",\"errors\":\"CUDA out of memory\"}");
      case FakeScenario.Malformed bad -> json(200, "{\"images\": [], \"parameters\": {}, \"info\": \"{}\"}");
      case BadInfo bad -> json(200, answer(count, seed, "", false));
      case DataUrisAndExtra uris -> json(200, answer(count + 1, seed, "data:image/png;base64,", true));
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  private static byte[] decoded(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private MockResponse unauthorized(RecordedRequest request) {
    return new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "Basic")
        .setHeader("Content-Type", "application/json")
        .body("{\"detail\":\"Incorrect username or password (got " + request.getHeaders().get("Authorization") + ")\"}")
        .build();
  }

  private String answer(int count, long seed, String prefix, boolean goodInfo) {
    List<String> images = new ArrayList<>();
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      images.add("\"" + prefix + TestImages.base64(png()) + "\"");
      seeds.add(Long.toString(seed + i));
    }
    String info = goodInfo ? "{\\\"seed\\\": " + seed + ", \\\"all_seeds\\\": " + seeds + "}" : "not json {";
    return "{\"images\": " + images + ", \"parameters\": {}, \"info\": \"" + info + "\"}";
  }

  private static JsonNode body(RecordedRequest request) {
    try {
      return JSON.readTree(text(request));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
