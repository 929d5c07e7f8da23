package io.rolemarket.imagebot.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The Gemini API on loopback (providers.md section 5.8): {@code POST
 * /v1beta/models/{model}:generateContent} checking {@code x-goog-api-key} (a wrong key gets 400
 * {@code API_KEY_INVALID}), the text part and {@code responseModalities}; 429 carries its wait only in
 * the body's {@code RetryInfo}. Answers are written as the service writes them (proto3 JSON mapping:
 * lowerCamelCase names, empty fields left out, {@code usageMetadata}, {@code modelVersion} and
 * {@code responseId} on every 200); requests may use either name form, as the service accepts both.
 */
public final class FakeGeminiServer extends FakeProviderServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Part and Blob fields the bot may send, in both name forms (gemini.v1beta.json, Part and Blob). */
  private static final Set<String> REQUEST_PART_FIELDS = Set.of("text", "inline_data", "inlineData");
  private static final Set<String> REQUEST_BLOB_FIELDS = Set.of("mime_type", "mimeType", "data");

  private final AtomicInteger responses = new AtomicInteger();

  /** 400 FAILED_PRECONDITION: "User location is not supported for the API use." */
  public record RegionRefused() implements FakeScenario {}

  /** 200 with {@code promptFeedback.blockReason}. */
  public record PromptBlocked(String reason) implements FakeScenario {}

  /** 200 with a candidate whose {@code finishReason} is this and no image. */
  public record Finished(String reason) implements FakeScenario {}

  /** 200 with a text part first, then the image. */
  public record TextThenImage() implements FakeScenario {}

  /**
   * 200 with the model's thoughts first ({@code thought: true}: a text and a draft image of base64
   * {@code draft}), as thinking image models answer, then the final image.
   */
  public record ThoughtThenImage(String draft) implements FakeScenario {}

  /** 200 whose image data is not base64. */
  public record InvalidBase64() implements FakeScenario {}

  /** 429 with {@code limit: 0}: no quota for the model at all. */
  public record NoQuota() implements FakeScenario {}

  @Override
  protected boolean isGeneration(RecordedRequest request) {
    return request.getMethod().equals("POST");
  }

  @Override
  protected List<String> check(RecordedRequest request) {
    List<String> problems = new ArrayList<>();
    if (!request.getUrl().encodedPath().equals("/v1beta/models/gemini-2.5-flash-image:generateContent")) {
      problems.add("wrong path " + request.getUrl().encodedPath());
    }
    JsonNode body;
    try {
      body = JSON.readTree(text(request));
    } catch (IOException e) {
      return List.of("body is not JSON");
    }
    if (body.path("contents").path(0).path("parts").path(0).path("text").asText("").isBlank()) {
      problems.add("no text part");
    }
    for (JsonNode part : body.path("contents").path(0).path("parts")) {
      part.fieldNames().forEachRemaining(name -> {
        if (!REQUEST_PART_FIELDS.contains(name)) {
          problems.add("a part with field " + name + ", which the service rejects");
        }
      });
      JsonNode blob = part.has("inlineData") ? part.path("inlineData") : part.path("inline_data");
      blob.fieldNames().forEachRemaining(name -> {
        if (!REQUEST_BLOB_FIELDS.contains(name)) {
          problems.add("inline data with field " + name + ", which the service rejects");
        }
      });
    }
    if (!body.path("generationConfig").path("responseModalities").toString().contains("IMAGE")) {
      problems.add("responseModalities without IMAGE");
    }
    return problems;
  }

  /** The parsed body of generation call {@code index}. */
  public JsonNode body(int index) throws IOException {
    return JSON.readTree(text(calls().get(index)));
  }

  @Override
  protected MockResponse respond(FakeScenario scenario, RecordedRequest request) {
    String image = TestImages.base64(png());
    MockResponse success = answer(candidate("[" + imagePart(image) + "]", "STOP"), 1290);
    if (!KEY.equals(request.getHeaders().get("x-goog-api-key"))) {
      return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
          "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}");
    }
    MockResponse common = common(scenario, success);
    if (common != null) {
      return common;
    }
    return switch (scenario) {
      case FakeScenario.Success ok -> success;
      case FakeScenario.Unauthorized no -> error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API "
          + "key. (got " + request.getHeaders().get("x-goog-api-key") + ")",
          "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}");
      case FakeScenario.RateLimited limited -> error(429, "RESOURCE_EXHAUSTED",
          "Quota exceeded for generate requests on gemini-2.5-flash-image.",
          "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + limited.delay().toSeconds() + "s\"}");
      case NoQuota none -> error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for metric ..., limit: 0", null);
      case FakeScenario.ServerError error -> error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null);
      case FakeScenario.Malformed bad -> answer(candidate("[{\"text\":\"I cannot draw that.\"}]", "STOP"), 12);
      case RegionRefused region -> error(400, "FAILED_PRECONDITION", "User location is not supported for the API use.", null);
      case PromptBlocked blocked -> answer("\"promptFeedback\":{\"blockReason\":\"" + blocked.reason() + "\"}", 0);
      case Finished finished -> answer("\"candidates\":[{\"finishReason\":\"" + finished.reason() + "\",\"index\":0}]", 0);
      case TextThenImage both -> answer(candidate("[{\"text\":\"Here it is\"}," + imagePart(image) + "]", "STOP"), 1296);
      case ThoughtThenImage thinking -> answer(candidate("[{\"text\":\"Planning the layout\",\"thought\":true},"
          + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + thinking.draft() + "\"},\"thought\":true},"
          + imagePart(image) + "]", "STOP"), 2580);
      case InvalidBase64 broken -> answer(candidate("[{\"inlineData\":{\"mimeType\":\"image/png\","
          + "\"data\":\"@@not base64@@\"}}]", "STOP"), 1290);
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  private static String imagePart(String base64) {
    return "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + base64 + "\"}}";
  }

  /** The {@code candidates} member holding one candidate with these {@code parts} (a JSON array). */
  private static String candidate(String parts, String finishReason) {
    return "\"candidates\":[{\"content\":{\"parts\":" + parts + ",\"role\":\"model\"},\"finishReason\":\""
        + finishReason + "\",\"index\":0}]";
  }

  /** A 200 {@code GenerateContentResponse}: {@code members}, then the usage, model version and response id. */
  private MockResponse answer(String members, int outputTokens) {
    int promptTokens = 17;
    String usage = "{\"promptTokenCount\":" + promptTokens
        + (outputTokens == 0 ? "" : ",\"candidatesTokenCount\":" + outputTokens)
        + ",\"totalTokenCount\":" + (promptTokens + outputTokens)
        + ",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":" + promptTokens + "}]}";
    return json(200, "{" + members + ",\"usageMetadata\":" + usage
        + ",\"modelVersion\":\"gemini-2.5-flash-image\",\"responseId\":\"r" + responses.incrementAndGet() + "\"}");
  }

  private static MockResponse error(int code, String status, String message, String detail) {
    return json(code, "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\""
        + (detail == null ? "" : ",\"details\":[" + detail + "]") + "}}");
  }
}
