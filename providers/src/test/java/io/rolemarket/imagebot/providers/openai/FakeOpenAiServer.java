package io.rolemarket.imagebot.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI Images API on loopback (providers.md section 7.7): {@code POST /v1/images/generations}
 * checking the bearer key, {@code model}, {@code prompt}, {@code n} and that no {@code response_format}
 * is sent to a GPT image model; answers {@code n} {@code b64_json} PNGs with the {@code usage} a GPT image model
 * reports ({@code ImageGenUsage} in openai.images.json): 31 text input tokens and, per image at medium quality,
 * 1,056 output image tokens for 1024x1024 or 1,584 for the other two sizes (providers.md section 7.4).
 *
 * <p>{@code POST /v1/images/edits} ({@code CreateImageEditRequest} in openai/openai-openapi) takes
 * {@code multipart/form-data}: the same fields as form parts plus the {@code image} file, which must be a PNG, JPEG
 * or WebP; its answer is a generation's, whose {@code usage} also counts {@link #REFERENCE_TOKENS} image input tokens
 * for the picture (65 + 129 for its one 512-pixel tile).
 */
public final class FakeOpenAiServer extends FakeProviderServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An {@code {"error": {code, type, message}}} with this status. */
  public record ApiError(int status, String code, String type) implements FakeScenario {}

  /** 200 with a loopback {@code url} instead of {@code b64_json} (dall-e style). */
  public record UrlAnswer() implements FakeScenario {}

  /** 200 with the images and no {@code usage}, as a dall-e model answers. */
  public record NoUsage() implements FakeScenario {}

  /** 200 with the images and this {@code usage}: input text and image tokens, output image tokens. */
  public record WithUsage(int textTokens, int imageTokens, int outputTokens) implements FakeScenario {}

  /** The input text tokens the fake reports for any prompt. */
  public static final int TEXT_TOKENS = 31;

  /** The image input tokens the fake reports for the reference picture of an edit. */
  public static final int REFERENCE_TOKENS = 65 + 129;

  /** The output image tokens the fake reports per medium-quality image of {@code size}. */
  public static int outputTokensPerImage(String size) {
    return size.equals("1024x1024") ? 1056 : 1584;
  }

  @Override
  protected boolean isGeneration(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    return request.getMethod().equals("POST")
        && (path.equals("/v1/images/generations") || path.equals("/v1/images/edits"));
  }

  /** Whether {@code request} is an edit (a reference picture sent). */
  public static boolean isEdit(RecordedRequest request) {
    return request.getUrl().encodedPath().equals("/v1/images/edits");
  }

  /** The {@code image} file of an edit, or null when there is none. */
  public static byte @Nullable [] editImage(RecordedRequest request) {
    return form(request).files.get("image");
  }

  @Override
  protected List<String> check(RecordedRequest request) {
    List<String> problems = new ArrayList<>();
    if (!("Bearer " + KEY).equals(request.getHeaders().get("Authorization"))) {
      problems.add("no bearer key");
    }
    if (isEdit(request)) {
      Form form = form(request);
      byte[] image = form.files.get("image");
      if (form.problem != null) {
        problems.add(form.problem);
      } else if (image == null || ImageFormat.sniff(image).isEmpty()) {
        problems.add("edit without an image file of PNG, JPEG or WebP: " + form.fields.keySet() + form.files.keySet());
      }
    }
    JsonNode body = body(request);
    if (!body.path("model").asText("").startsWith("gpt-image") || body.path("prompt").asText("").isBlank()
        || !body.path("n").isInt()) {
      problems.add("body without model, prompt or n: " + body);
    }
    if (body.has("response_format")) {
      problems.add("response_format is refused by gpt-image models");
    }
    return problems;
  }

  @Override
  protected MockResponse respond(FakeScenario scenario, RecordedRequest request) {
    int n = Math.max(1, body(request).path("n").asInt(1));
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add("{\"b64_json\":\"" + TestImages.base64(png()) + "\"}");
    }
    JsonNode asked = body(request);
    String usage = usage(TEXT_TOKENS, isEdit(request) ? REFERENCE_TOKENS : 0,
        n * outputTokensPerImage(asked.path("size").asText("")));
    if (scenario instanceof WithUsage given) {
      usage = usage(given.textTokens(), given.imageTokens(), given.outputTokens());
    }
    String answer = "{\"created\":1755684123,\"output_format\":\"png\",\"quality\":\"medium\",\"data\":" + items;
    MockResponse success = json(200, answer + ",\"usage\":" + usage + "}");
    MockResponse common = common(scenario, success);
    if (common != null) {
      return common;
    }
    return switch (scenario) {
      case FakeScenario.Success ok -> success;
      case WithUsage given -> success;
      case NoUsage none -> json(200, answer + "}");
      case FakeScenario.Unauthorized no -> error(401, "invalid_api_key", "invalid_request_error",
          "Incorrect API key provided: " + request.getHeaders().get("Authorization"));
      case FakeScenario.RateLimited limited -> error(429, "rate_limit_exceeded", "requests", "Rate limit reached")
          .newBuilder().setHeader("retry-after", limited.delay().toSeconds())
          .setHeader("retry-after-ms", limited.delay().toMillis())
          .setHeader("x-ratelimit-remaining-requests", 0).build();
      case FakeScenario.ServerError error -> new MockResponse.Builder().code(503).body("<html>overloaded</html>").build();
      case FakeScenario.Malformed bad -> json(200, "{\"created\":1,\"data\":[{}]}");
      case ApiError api -> error(api.status(), api.code(), api.type(), "scripted " + api.code());
      case UrlAnswer url -> json(200, "{\"created\":1,\"data\":[{\"url\":\"" + url().resolve("/img/1.png") + "\"}]}");
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  @Override
  protected @Nullable MockResponse other(RecordedRequest request) {
    if (request.getMethod().equals("GET") && request.getUrl().encodedPath().startsWith("/img/")) {
      return new MockResponse.Builder().code(200).setHeader("Content-Type", "image/png")
          .body(new Buffer().write(png())).build();
    }
    return null;
  }

  /** An {@code ImageGenUsage} with every required field and the output details. */
  private static String usage(int text, int image, int output) {
    return "{\"input_tokens\":" + (text + image) + ",\"input_tokens_details\":{\"image_tokens\":" + image
        + ",\"text_tokens\":" + text + "},\"output_tokens\":" + output + ",\"output_tokens_details\":{\"image_tokens\":"
        + output + ",\"text_tokens\":0},\"total_tokens\":" + (text + image + output) + "}";
  }

  private static MockResponse error(int status, String code, String type, String message) {
    return json(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":\""
        + code + "\"}}");
  }

  /** The fields asked for: a generation's JSON, or an edit's form fields as JSON. */
  private static JsonNode body(RecordedRequest request) {
    if (isEdit(request)) {
      ObjectNode fields = JSON.createObjectNode();
      form(request).fields.forEach((name, value) -> {
        if (name.equals("n")) {
          fields.put(name, Integer.parseInt(value));
        } else {
          fields.put(name, value);
        }
      });
      return fields;
    }
    try {
      return JSON.readTree(text(request));
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** A {@code multipart/form-data} body read: its text fields and its files, or what is wrong with it. */
  private record Form(Map<String, String> fields, Map<String, byte[]> files, @Nullable String problem) {}

  private static Form form(RecordedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, byte[]> files = new LinkedHashMap<>();
    MediaType type = MediaType.parse(String.valueOf(request.getHeaders().get("Content-Type")));
    if (type == null || !type.type().equals("multipart") || !type.subtype().equals("form-data")
        || type.parameter("boundary") == null || request.getBody() == null) {
      return new Form(fields, files, "an edit must be multipart/form-data, was " + type);
    }
    try (MultipartReader reader = new MultipartReader(new Buffer().write(request.getBody()),
        type.parameter("boundary"))) {
      for (MultipartReader.Part part = reader.nextPart(); part != null; part = reader.nextPart()) {
        String disposition = String.valueOf(part.headers().get("Content-Disposition"));
        String name = disposition.replaceFirst("(?s).*\\bname=\"([^\"]*)\".*", "$1");
        if (disposition.contains("filename=")) {
          files.put(name, part.body().readByteArray());
        } else {
          fields.put(name, part.body().readUtf8());
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Form(fields, files, "unreadable multipart body: " + e);
    }
    return new Form(fields, files, null);
  }
}
