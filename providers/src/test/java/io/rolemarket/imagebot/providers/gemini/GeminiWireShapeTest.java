package io.rolemarket.imagebot.providers.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link FakeGeminiServer}'s 200 answers to the service's own description: the field names and enums
 * below are copied from the vendor extract gemini.v1beta.json ({@code GenerateContentResponse}, proto3 JSON
 * mapping: the printer writes lowerCamelCase only), so a fake drifting back to {@code inline_data} fails here.
 */
class GeminiWireShapeTest {
  /** gemini.v1beta.json, GenerateContentResponse.properties. */
  private static final Set<String> RESPONSE = Set.of("candidates", "promptFeedback", "usageMetadata", "modelVersion",
      "responseId");
  /** gemini.v1beta.json, GenerateContentResponse.candidates.items.properties. */
  private static final Set<String> CANDIDATE = Set.of("content", "finishReason", "finishMessage", "index",
      "safetyRatings", "citationMetadata", "tokenCount", "groundingAttributions", "groundingMetadata", "avgLogprobs",
      "logprobsResult", "urlContextMetadata");
  /** gemini.v1beta.json, the response's Part.properties. */
  private static final Set<String> PART = Set.of("text", "inlineData", "functionCall", "functionResponse", "fileData",
      "executableCode", "codeExecutionResult", "videoMetadata", "thought", "thoughtSignature", "partMetadata");
  /** gemini.v1beta.json, the response's inlineData: exactly these, both required. */
  private static final Set<String> INLINE_DATA = Set.of("mimeType", "data");
  /** gemini.v1beta.json, candidates.items.properties.finishReason.enum. */
  private static final Set<String> FINISH_REASONS = Set.of("FINISH_REASON_UNSPECIFIED", "STOP", "MAX_TOKENS", "SAFETY",
      "RECITATION", "LANGUAGE", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "MALFORMED_FUNCTION_CALL",
      "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_OTHER", "NO_IMAGE", "IMAGE_RECITATION", "UNEXPECTED_TOOL_CALL",
      "TOO_MANY_TOOL_CALLS");
  /** gemini.v1beta.json, promptFeedback.properties.blockReason.enum. */
  private static final Set<String> BLOCK_REASONS = Set.of("BLOCK_REASON_UNSPECIFIED", "SAFETY", "OTHER", "BLOCKLIST",
      "PROHIBITED_CONTENT", "IMAGE_SAFETY");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OkHttpClient HTTP = new OkHttpClient();

  private final FakeGeminiServer fake = new FakeGeminiServer();

  @AfterEach
  void noProblems() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  @Test
  void everyAnswerWithImagesOrRefusal_usesTheServiceNamesAndEnums() throws IOException {
    List<FakeScenario> scenarios = List.of(FakeScenario.SUCCESS, FakeScenario.MALFORMED,
        new FakeGeminiServer.TextThenImage(), new FakeGeminiServer.ThoughtThenImage("iVBORw0KGgo="),
        new FakeGeminiServer.InvalidBase64(), new FakeGeminiServer.PromptBlocked("PROHIBITED_CONTENT"),
        new FakeGeminiServer.Finished("IMAGE_SAFETY"));
    fake.then(scenarios.toArray(FakeScenario[]::new));

    for (FakeScenario scenario : scenarios) {
      JsonNode answer = generateContent();
      List<String> wrong = new ArrayList<>();
      unknown(answer, RESPONSE, "", wrong);
      for (JsonNode candidate : answer.path("candidates")) {
        unknown(candidate, CANDIDATE, "candidate", wrong);
        if (!FINISH_REASONS.contains(candidate.path("finishReason").asText())) {
          wrong.add("finishReason " + candidate.path("finishReason"));
        }
        for (JsonNode part : candidate.path("content").path("parts")) {
          unknown(part, PART, "part", wrong);
          if (part.has("inlineData") && !names(part.path("inlineData")).equals(INLINE_DATA)) {
            wrong.add("inlineData fields " + names(part.path("inlineData")));
          }
        }
      }
      if (answer.has("promptFeedback")
          && !BLOCK_REASONS.contains(answer.path("promptFeedback").path("blockReason").asText())) {
        wrong.add("blockReason " + answer.path("promptFeedback").path("blockReason"));
      }
      assertTrue(answer.path("usageMetadata").isObject(), scenario + ": no usageMetadata");
      assertEquals(List.of(), wrong, scenario.toString());
    }
  }

  private JsonNode generateContent() throws IOException {
    Request call = new Request.Builder()
        .url(fake.url().resolve("/v1beta/models/gemini-2.5-flash-image:generateContent"))
        .header("x-goog-api-key", FakeProviderServer.KEY)
        .post(RequestBody.create("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Lulu Pig\"}]}],"
            + "\"generationConfig\":{\"responseModalities\":[\"IMAGE\"]}}", MediaType.get("application/json")))
        .build();
    try (Response response = HTTP.newCall(call).execute()) {
      assertEquals(200, response.code());
      return JSON.readTree(response.body().string());
    }
  }

  private static void unknown(JsonNode node, Set<String> allowed, String where, List<String> wrong) {
    for (String name : names(node)) {
      if (!allowed.contains(name)) {
        wrong.add(where + " field " + name);
      }
    }
  }

  private static Set<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      names.add(field.getKey());
    }
    return Set.copyOf(names);
  }
}
