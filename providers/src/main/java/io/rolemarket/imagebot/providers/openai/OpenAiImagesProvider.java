package io.rolemarket.imagebot.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ChineseWords;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI Images ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}) with {@code gpt-image-1} at medium quality,
 * PNG output: up to four images in one call ({@code n}). Sizes are the model's three: square, landscape
 * 1536x1024 for 4:3 and 16:9, portrait 1024x1536 for 3:4 and 9:16.
 *
 * <p>A request carrying a reference picture of the character becomes an edit: {@code POST /v1/images/edits} as
 * {@code multipart/form-data}, the picture as the {@code image} file beside the same fields, so the model draws the
 * character from it (default, low, input fidelity). Its answer is read as a generation's; the picture's input
 * tokens are billed and held in the ceiling.
 *
 * <p>{@code moderation_blocked} and {@code content_policy_violation} are content-rejected; 403
 * {@code unsupported_country_region_territory} is unavailable-in-region; 429 {@code insufficient_quota}
 * is out of credit, other 429s wait for {@code retry-after-ms} or {@code retry-after}. A {@code url}
 * answer (dall-e models) is fetched.
 *
 * <p>The cost is reported from the answer's {@code usage} (input text and image tokens, output tokens) at the
 * configured {@link OpenAiPrices}; an answer without it (dall-e models) counts the declared price. Safe for
 * concurrent use.
 */
public final class OpenAiImagesProvider implements ImageProvider {
  /** The public API root. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com";
  /** The model asked for. */
  public static final String DEFAULT_MODEL = "gpt-image-1";
  private static final String LABEL = "OpenAI";
  private static final Logger log = LoggerFactory.getLogger(OpenAiImagesProvider.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final OkHttpClient http;
  private final ObjectMapper json;
  private final Endpoint endpoint;
  private final Clock clock;
  private final ProviderInfo info;
  private final OpenAiPrices prices;

  /**
   * A client for {@code model} at {@code endpoint} (key: {@code OPENAI_API_KEY}) at gpt-image-1's prices.
   *
   * @param http the shared client; the endpoint's timeout is applied to a derived client sharing its pool
   */
  public OpenAiImagesProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String model, Clock clock) {
    this(http, json, endpoint, model, clock, OpenAiPrices.GPT_IMAGE_1);
  }

  /**
   * A client as above whose reported cost counts {@code usage} at {@code prices}.
   *
   * @param prices what {@code model}'s tokens cost
   */
  public OpenAiImagesProvider(OkHttpClient http, ObjectMapper json, Endpoint endpoint, String model, Clock clock,
      OpenAiPrices prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
    this.http = endpoint.client(http);
    this.json = Objects.requireNonNull(json, "json");
    this.endpoint = endpoint;
    this.clock = clock;
    this.info = new ProviderInfo("openai", "OpenAI gpt-image-1", model, 4, EnumSet.allOf(AspectRatio.class),
        false, false, true, new BigDecimal("0.042"), Duration.ofSeconds(30), 4, Set.of())
        .readingChinese(ChineseWords.UNDERSTOOD);
  }

  @Override
  public ProviderInfo info() {
    return info;
  }

  @Override
  public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
    Request call = new Request.Builder()
        .url(endpoint.resolve(request.referenceImage() == null ? "v1/images/generations" : "v1/images/edits"))
        .header("Authorization", "Bearer " + endpoint.key())
        .post(body(request))
        .build();
    try {
      HttpExchange.Answer answer = HttpExchange.send(http, call, endpoint.maxBodyBytes(), LABEL);
      if (!answer.ok()) {
        return failure(answer);
      }
      JsonNode root = parse(answer);
      return new ProviderResult.Images(images(answer, root), prices.cost(root.path("usage")).orElse(null));
    } catch (CallFailed e) {
      return e.failure();
    }
  }

  /** A generation's JSON body, or for a request with a reference picture an edit's multipart form. */
  private RequestBody body(ProviderRequest request) {
    ObjectNode fields = json.createObjectNode()
        .put("model", info.model())
        .put("prompt", request.prompt())
        .put("n", request.count())
        .put("size", size(request.aspectRatio()))
        .put("quality", "medium")
        .put("output_format", "png");
    byte[] reference = request.referenceImage();
    if (reference == null) {
      return RequestBody.create(fields.toString(), JSON_TYPE);
    }
    MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
    fields.properties().forEach(field -> form.addFormDataPart(field.getKey(), field.getValue().asText()));
    ImageFormat format = ImageFormat.sniff(reference).orElse(ImageFormat.PNG);
    form.addFormDataPart("image", "reference." + format.extension(),
        RequestBody.create(reference, MediaType.get(format.mediaType())));
    return form.build();
  }

  /**
   * The most the request can cost by its tokens, so a cost reported from {@code usage} never passes what the budget
   * held; never below the declared price.
   */
  @Override
  public BigDecimal mostUsd(ProviderRequest request) {
    return prices.ceiling(size(request.aspectRatio()), request.count(), request.prompt(),
        request.referenceImage() == null ? 0 : 1).max(info.costUsd(request.count()));
  }

  /** The size closest to {@code ratio} among the three gpt-image-1 makes. */
  static String size(AspectRatio ratio) {
    return switch (ratio) {
      case SQUARE -> "1024x1024";
      case LANDSCAPE, WIDE -> "1536x1024";
      case PORTRAIT, TALL -> "1024x1536";
    };
  }

  private JsonNode parse(HttpExchange.Answer answer) throws CallFailed {
    try {
      JsonNode root = json.readTree(answer.body());
      if (root != null) {
        return root;
      }
    } catch (IOException e) {
      // reported below
    }
    log.warn("OpenAI: answer of {} bytes is not JSON: {}", answer.body().length, HttpExchange.excerpt(answer.text(), 80));
    throw CallFailed.transientFailure(LABEL + " answered malformed JSON");
  }

  private List<GeneratedImage> images(HttpExchange.Answer answer, JsonNode root)
      throws CallFailed, InterruptedException {
    JsonNode data = root.path("data");
    List<GeneratedImage> images = new ArrayList<>();
    for (JsonNode item : data) {
      String b64 = item.path("b64_json").asText("");
      HttpUrl url = HttpUrl.parse(item.path("url").asText(""));
      if (!b64.isEmpty()) {
        images.add(ImageBytes.decodeBase64(b64, null, LABEL));
      } else if (url != null) {
        HttpExchange.Answer download = HttpExchange.send(http, new Request.Builder().url(url).build(),
            endpoint.maxBodyBytes(), LABEL);
        if (!download.ok()) {
          throw CallFailed.transientFailure(LABEL + " image download failed with HTTP " + download.code());
        }
        images.add(ImageBytes.decode(download.body(), null, LABEL));
      }
    }
    if (images.isEmpty()) {
      log.warn("OpenAI: answer without b64_json or url: {}", HttpExchange.excerpt(answer.text(), 120));
      throw CallFailed.transientFailure(LABEL + " answered without an image");
    }
    return images;
  }

  private ProviderFailure failure(HttpExchange.Answer answer) {
    JsonNode error;
    try {
      error = json.readTree(answer.body()).path("error");
    } catch (IOException | RuntimeException e) {
      error = json.createObjectNode();
    }
    String code = error.path("code").asText("");
    String message = HttpErrors.redact(HttpExchange.excerpt(error.path("message").asText(""), 200), endpoint.key());
    String words = message.isEmpty() ? "" : ": " + message;
    if (code.equals("moderation_blocked") || code.equals("content_policy_violation")) {
      return new ProviderFailure.ContentRejected(LABEL + " refused the prompt (" + code + ")");
    }
    if (code.equals("unsupported_country_region_territory")) {
      return new ProviderFailure.RegionUnavailable(LABEL + " does not serve this country or region" + words);
    }
    if (code.equals("insufficient_quota") || code.equals("billing_hard_limit_reached")) {
      return new ProviderFailure.OutOfCredit(LABEL + " account is out of quota (" + code + "); check the billing of "
          + endpoint.keySetting(), endpoint.keySetting());
    }
    // Invalid keys carry the key's prefix in the message; say only which setting to fix.
    return HttpErrors.byStatus(answer, LABEL, endpoint, answer.code() == 401 ? code : message, clock);
  }
}
