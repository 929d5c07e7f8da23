package io.rolemarket.imagebot.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ChineseWords;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.provider.ImageProvider;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import io.rolemarket.imagebot.providers.http.ImageBytes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gemini 2.5 Flash Image ({@code GOOGLE_API_KEY}, {@code GEMINI_BASE_URL}): one synchronous
 * {@code generateContent} call per image, the reference image (when the request has one) as an inline
 * data part next to the text so the character stays consistent.
 *
 * <p>The image is the first {@code inlineData} part that is not a thought (thinking image models send
 * drafts marked {@code thought: true} before the answer). Answers are read in the names the service
 * writes (proto3 JSON mapping: lowerCamelCase); requests mix both forms, which the service accepts.
 *
 * <p>Safety refusals arrive with HTTP 200 ({@code promptFeedback.blockReason}, or a safety
 * {@code finishReason}) and become content-rejected; 400 {@code FAILED_PRECONDITION} ("User location is
 * not supported") becomes unavailable-in-region; 429 waits for the body's {@code retryDelay}. Declares
 * HK, CN and MO as blocked regions. Safe for concurrent use.
 */
public final class GeminiProvider implements ImageProvider {
  /** The public API root. */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
  /** The GA image model. */
  public static final String DEFAULT_MODEL = "gemini-2.5-flash-image";
  static final String LABEL = "Gemini";
  private static final Logger log = LoggerFactory.getLogger(GeminiProvider.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final GeminiErrors errors;
  private final ProviderInfo info;

  /**
   * A client for {@code model} at {@code endpoint} (key: {@code GOOGLE_API_KEY}).
   *
   * @param http the shared client; the endpoint's timeout is applied to a derived client sharing its pool
   */
  public GeminiProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String model, Clock clock) {
    this.http = endpoint.client(http);
    this.json = Objects.requireNonNull(json, "json");
    this.endpoint = endpoint;
    this.errors = new GeminiErrors(json, endpoint, clock);
    this.info = new ProviderInfo("gemini", "Gemini 2.5 Flash Image", model, 1, EnumSet.allOf(AspectRatio.class),
        false, false, true, new BigDecimal("0.039"), Duration.ofSeconds(10), 4, Set.of("HK", "CN", "MO"))
        .readingChinese(ChineseWords.UNDERSTOOD);
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
    Request call = new Request.Builder()
        .url(endpoint.resolve("v1beta/models/" + info.model() + ":generateContent"))
        .header("x-goog-api-key", endpoint.key())
        .post(RequestBody.create(body(request).toString(), JSON_TYPE))
        .build();
    try {
      HttpExchange.Answer answer = HttpExchange.send(http, call, endpoint.maxBodyBytes(), LABEL);
      if (!answer.ok()) {
        return errors.failure(answer);
      }
      return image(answer);
    } catch (CallFailed e) {
      return e.failure();
    }
  }

  private ObjectNode body(ProviderRequest request) {
    ObjectNode body = json.createObjectNode();
    ArrayNode parts = body.putArray("contents").addObject().put("role", "user").putArray("parts");
    parts.addObject().put("text", request.prompt());
    byte[] reference = request.referenceImage();
    if (reference != null) {
      ImageFormat format = ImageFormat.sniff(reference).orElse(null);
      if (format == ImageFormat.PNG || format == ImageFormat.JPEG) {
        parts.addObject().putObject("inline_data").put("mime_type", format.mediaType())
            .put("data", Base64.getEncoder().encodeToString(reference));
      } else {
        log.warn("Gemini: reference image is neither PNG nor JPEG; sending the text alone");
      }
    }
    ObjectNode config = body.putObject("generationConfig");
    config.putArray("responseModalities").add("IMAGE");
    config.putObject("imageConfig").put("aspectRatio", request.aspectRatio().label());
    return body;
  }

  private ProviderResult image(HttpExchange.Answer answer) throws CallFailed {
    JsonNode root;
    try {
      root = json.readTree(answer.body());
    } catch (IOException e) {
      log.warn("Gemini: answer of {} bytes is not JSON: {}", answer.body().length, HttpExchange.excerpt(answer.text(), 80));
      throw CallFailed.transientFailure(LABEL + " answered malformed JSON");
    }
    String blockReason = root.path("promptFeedback").path("blockReason").asText("");
    if (!blockReason.isEmpty()) {
      return new ProviderFailure.ContentRejected(LABEL + " blocked the prompt (" + blockReason + ")");
    }
    JsonNode candidate = root.path("candidates").path(0);
    for (JsonNode part : candidate.path("content").path("parts")) {
      if (part.path("thought").asBoolean(false)) {
        continue; // a thinking model's draft, not its answer
      }
      String data = part.path("inlineData").path("data").asText("");
      if (!data.isEmpty()) {
        return new ProviderResult.Images(List.of(ImageBytes.decodeBase64(data, null, LABEL)));
      }
    }
    String finish = candidate.path("finishReason").asText("");
    if (GeminiErrors.isSafety(finish)) {
      return new ProviderFailure.ContentRejected(LABEL + " withheld the image (" + finish + ")");
    }
    log.warn("Gemini: answer without an image (finishReason {}, {} candidates)",
        finish.isEmpty() ? "none" : finish, root.path("candidates").size());
    return new ProviderFailure.Transient(LABEL + " answered without an image"
        + (finish.isEmpty() ? "" : " (" + finish + ")"), null);
  }
}
