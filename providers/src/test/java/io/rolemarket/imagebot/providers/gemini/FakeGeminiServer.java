package io.rolemarket.imagebot.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The Gemini API on loopback (providers.md section 5.8): {@code POST
 * /v1beta/models/{model}:generateContent} checking {@code x-goog-api-key} (a wrong key gets 400
 * {@code API_KEY_INVALID}), the text part and {@code responseModalities}; 429 carries its wait only in
 * the body's {@code RetryInfo}.
 */
public final class FakeGeminiServer extends FakeProviderServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 400 FAILED_PRECONDITION: "User location is not supported for the API use." */
  public record RegionRefused() implements FakeScenario {}

  /** 200 with {@code promptFeedback.blockReason}. */
  public record PromptBlocked(String reason) implements FakeScenario {}

  /** 200 with a candidate whose {@code finishReason} is this and no image. */
  public record Finished(String reason) implements FakeScenario {}

  /** 200 with a text part first, then the image in snake_case {@code inline_data}. */
  public record TextThenImage() implements FakeScenario {}

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
    MockResponse success = json(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"inlineData\":"
        + "{\"mimeType\":\"image/png\",\"data\":\"" + image + "\"}}]},\"finishReason\":\"STOP\",\"index\":0}],"
        + "\"modelVersion\":\"gemini-2.5-flash-image\"}");
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
      case FakeScenario.Malformed bad -> json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"I cannot draw that.\"}]},"
          + "\"finishReason\":\"STOP\"}]}");
      case RegionRefused region -> error(400, "FAILED_PRECONDITION", "User location is not supported for the API use.", null);
      case PromptBlocked blocked -> json(200, "{\"promptFeedback\":{\"blockReason\":\"" + blocked.reason() + "\"},"
          + "\"usageMetadata\":{\"promptTokenCount\":17}}");
      case Finished finished -> json(200, "{\"candidates\":[{\"content\":{\"parts\":[]},\"finishReason\":\""
          + finished.reason() + "\"}]}");
      case TextThenImage both -> json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Here it is\"},"
          + "{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\"" + image + "\"}}]},\"finishReason\":\"STOP\"}]}");
      case InvalidBase64 broken -> json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":"
          + "{\"mimeType\":\"image/png\",\"data\":\"@@not base64@@\"}}]}}]}");
      default -> throw new IllegalArgumentException("unsupported scenario " + scenario);
    };
  }

  private static MockResponse error(int code, String status, String message, String detail) {
    return json(code, "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\""
        + (detail == null ? "" : ",\"details\":[" + detail + "]") + "}}");
  }
}
