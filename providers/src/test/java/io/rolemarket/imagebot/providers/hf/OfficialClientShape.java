package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * The text-to-image request each route of the official {@code huggingface.js} client sends through the
 * router ({@code packages/inference/src/providers/{hf-inference,fal-ai,replicate,together,nscale}.ts} and
 * {@code lib/makeRequestOptions.ts}), as checks on a recorded call. The Hub's task parameters
 * ({@code width}, {@code height}, {@code num_inference_steps}, {@code guidance_scale}, ...) go under
 * {@code parameters} for hf-inference, under {@code input} for replicate, and beside the prompt for the
 * others; together renames {@code num_inference_steps} to {@code steps}. Stateless.
 */
final class OfficialClientShape {
  private OfficialClientShape() {}

  /** What {@code request} (whose JSON body is {@code body}) does differently from the official client. */
  static List<String> check(RecordedRequest request, JsonNode body) {
    List<String> problems = new ArrayList<>();
    String path = request.getUrl().encodedPath();
    String provider = path.split("/")[1];
    String type = request.getHeaders().get("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      problems.add(provider + " call without Content-Type: application/json");
    }
    if (body.toString().contains(":null")) {
      problems.add(provider + " body with a null (the client leaves absent parameters out): " + body);
    }
    switch (provider) {
      case "hf-inference" -> {
        expectKeys(problems, provider, body, Set.of("inputs", "parameters"));
        parameters(problems, provider, body.path("parameters"), "num_inference_steps");
      }
      case "fal-ai" -> {
        if (!"queue".equals(request.getUrl().queryParameter("_subdomain"))) {
          problems.add("fal-ai submit without ?_subdomain=queue: " + request.getTarget());
        }
        prompt(problems, provider, body);
        parameters(problems, provider, body, "num_inference_steps");
      }
      case "replicate" -> {
        boolean pinned = path.equals("/replicate/v1/predictions");
        if (!pinned && !path.matches("/replicate/v1/models/[\\w.-]+/[\\w.-]+/predictions")) {
          problems.add("bad replicate path " + path);
        }
        if (pinned != body.path("version").isTextual()) {
          problems.add("replicate version in the body must go with /v1/predictions, was " + path + " " + body);
        }
        expectKeys(problems, provider, body, pinned ? Set.of("input", "version") : Set.of("input"));
        prompt(problems, provider, body.path("input"));
        parameters(problems, provider, body.path("input"), "num_inference_steps");
        if (!"wait".equals(request.getHeaders().get("Prefer"))) {
          problems.add("replicate call without Prefer: wait");
        }
      }
      case "together" -> {
        openAiStyle(problems, provider, body, "base64");
        parameters(problems, provider, body, "steps");
        if (body.has("num_inference_steps")) {
          problems.add("together body with num_inference_steps (the client renames it steps)");
        }
      }
      case "nscale" -> {
        openAiStyle(problems, provider, body, "b64_json");
        parameters(problems, provider, body, "num_inference_steps");
        if (body.has("size")) {
          problems.add("nscale body with size (the client sends width and height)");
        }
      }
      default -> problems.add("no official route for " + path);
    }
    return problems;
  }

  /**
   * What an image-to-image {@code request} does differently from the official client's image-to-image helpers
   * ({@code HFInferenceImageToImageTask}, {@code FalAIImageToImageTask}, {@code ReplicateImageToImageTask}), whose
   * parameters are those of the Hub's image-to-image input spec ({@code packages/tasks/src/tasks/image-to-image/
   * spec/input.json}).
   */
  static List<String> checkImageToImage(RecordedRequest request, JsonNode body) {
    List<String> problems = new ArrayList<>();
    String path = request.getUrl().encodedPath();
    String provider = path.split("/")[1];
    switch (provider) {
      case "hf-inference" -> {
        expectKeys(problems, provider, body, Set.of("inputs", "parameters"));
        if (picture(body.path("inputs").asText("")) == null) {
          problems.add("hf-inference image-to-image inputs is not a base64 picture");
        }
        JsonNode parameters = body.path("parameters");
        List<String> names = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(names::add);
        if (!IMAGE_TO_IMAGE_PARAMETERS.containsAll(names)) {
          problems.add("hf-inference image-to-image parameters outside the Hub's spec: " + names);
        }
        imageToImageParameters(problems, provider, parameters);
      }
      case "fal-ai" -> {
        if (!"queue".equals(request.getUrl().queryParameter("_subdomain"))) {
          problems.add("fal-ai submit without ?_subdomain=queue: " + request.getTarget());
        }
        prompt(problems, provider, body);
        imageToImageParameters(problems, provider, body);
        dataUris(problems, provider, body, "image_url", "image_urls");
      }
      case "replicate" -> {
        if (!path.matches("/replicate/v1/models/[\\w.-]+/[\\w.-]+/predictions")
            && !path.equals("/replicate/v1/predictions")) {
          problems.add("bad replicate path " + path);
        }
        prompt(problems, provider, body.path("input"));
        imageToImageParameters(problems, provider, body.path("input"));
        dataUris(problems, provider, body.path("input"), "image", "images", "input_image", "input_images");
        if (!"wait".equals(request.getHeaders().get("Prefer"))) {
          problems.add("replicate call without Prefer: wait");
        }
      }
      default -> problems.add("no official image-to-image route for " + path);
    }
    return problems;
  }

  /** The Hub's image-to-image parameters (its input spec). */
  private static final Set<String> IMAGE_TO_IMAGE_PARAMETERS =
      Set.of("prompt", "guidance_scale", "negative_prompt", "num_inference_steps", "target_size");

  private static void imageToImageParameters(List<String> problems, String provider, JsonNode node) {
    if (!node.path("prompt").isTextual() || node.path("prompt").asText().isBlank()) {
      problems.add(provider + " image-to-image without prompt: " + node);
    }
    if (!node.path("num_inference_steps").isInt() || !node.path("guidance_scale").isNumber()) {
      problems.add(provider + " image-to-image without num_inference_steps or guidance_scale: " + node);
    }
    JsonNode size = node.path("target_size");
    if (!size.path("width").isInt() || !size.path("height").isInt()) {
      problems.add(provider + " image-to-image target_size without integer width and height: " + node);
    }
  }

  /** Checks that each of {@code fields} is the picture as a data URI, or a list of just that data URI. */
  private static void dataUris(List<String> problems, String provider, JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode value = node.path(field);
      String uri = value.isArray() && value.size() == 1 ? value.path(0).asText("") : value.asText("");
      if (!uri.matches("data:image/(png|jpeg);base64,.+") || picture(uri.substring(uri.indexOf(',') + 1)) == null) {
        problems.add(provider + " image-to-image " + field + " is not the picture as a data URI");
      }
    }
  }

  /** The picture {@code base64} decodes to, or null when it is not base64 of a PNG, JPEG or WebP. */
  static byte @Nullable [] picture(String base64) {
    try {
      byte[] bytes = Base64.getDecoder().decode(base64);
      return ImageFormat.sniff(bytes).isPresent() ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void openAiStyle(List<String> problems, String provider, JsonNode body, String format) {
    if (!body.path("model").isTextual() || body.path("model").asText().isBlank()) {
      problems.add(provider + " body without model");
    }
    prompt(problems, provider, body);
    if (!format.equals(body.path("response_format").asText())) {
      problems.add(provider + " response_format must be " + format + ", was " + body.path("response_format"));
    }
  }

  private static void prompt(List<String> problems, String provider, JsonNode node) {
    if (!node.path("prompt").isTextual() || node.path("prompt").asText().isBlank()) {
      problems.add(provider + " body without prompt");
    }
    if (node.has("inputs") || node.has("parameters")) {
      problems.add(provider + " body with the Hub's inputs/parameters (the client flattens them): " + node);
    }
  }

  private static void parameters(List<String> problems, String provider, JsonNode node, String steps) {
    if (!node.path("width").isInt() || !node.path("height").isInt()) {
      problems.add(provider + " parameters without integer width and height: " + node);
    }
    if (!node.path(steps).isInt() || !node.path("guidance_scale").isNumber()) {
      problems.add(provider + " parameters without " + steps + " or guidance_scale: " + node);
    }
  }

  private static void expectKeys(List<String> problems, String provider, JsonNode body, Set<String> keys) {
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    if (!Set.copyOf(names).equals(keys)) {
      problems.add(provider + " body keys must be " + keys + ", were " + names);
    }
  }
}
