package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The router's wire format for each Inference Provider this client speaks: where to post, what body,
 * and where the image is in the answer (as the official client does it). Stateless.
 */
final class HfWire {
  private static final MediaType JSON = MediaType.get("application/json");

  private HfWire() {}

  /** The image in a JSON answer: inline base64, or a URL to fetch. */
  sealed interface Found {
    record Base64(String data) implements Found {}

    record Url(HttpUrl url) implements Found {}
  }

  /** The generation request for {@code route}. */
  static Request request(ObjectMapper json, Endpoint router, HfRoute route, HfModel model, ProviderRequest request) {
    int width = request.aspectRatio().width();
    int height = request.aspectRatio().height();
    ObjectNode body = json.createObjectNode();
    HttpUrl url;
    switch (route.provider()) {
      case HfRoute.HF_INFERENCE -> {
        url = router.resolve("hf-inference/models/" + model.model());
        body.put("inputs", request.prompt());
        ObjectNode parameters = body.putObject("parameters")
            .put("width", width).put("height", height)
            .put("num_inference_steps", model.steps()).put("guidance_scale", model.guidance());
        if (!request.negativePrompt().isBlank()) {
          parameters.put("negative_prompt", request.negativePrompt());
        }
        if (request.seed() != null) {
          parameters.put("seed", request.seed());
        }
      }
      case "fal-ai" -> {
        url = router.resolve("fal-ai/" + route.providerId());
        body.put("prompt", request.prompt()).put("num_inference_steps", model.steps())
            .put("guidance_scale", model.guidance()).put("output_format", "png");
        body.putObject("image_size").put("width", width).put("height", height);
        if (request.seed() != null) {
          body.put("seed", request.seed());
        }
      }
      case "replicate" -> {
        String id = route.providerId();
        int colon = id.indexOf(':');
        url = router.resolve(colon < 0 ? "replicate/v1/models/" + id + "/predictions" : "replicate/v1/predictions");
        if (colon >= 0) {
          body.put("version", id.substring(colon + 1));
        }
        ObjectNode input = body.putObject("input").put("prompt", request.prompt())
            .put("width", width).put("height", height).put("output_format", "png");
        if (request.seed() != null) {
          input.put("seed", request.seed());
        }
      }
      default -> {
        url = router.resolve(route.provider() + "/v1/images/generations");
        body.put("prompt", request.prompt()).put("model", route.providerId());
        if (route.provider().equals("together")) {
          body.put("response_format", "base64").put("width", width).put("height", height)
              .put("steps", model.steps()).put("n", 1);
          if (request.seed() != null) {
            body.put("seed", request.seed());
          }
        } else {
          body.put("response_format", "b64_json").put("size", width + "x" + height);
        }
      }
    }
    Request.Builder builder = new Request.Builder().url(url)
        .header("Authorization", "Bearer " + router.key())
        .header("Accept", route.provider().equals(HfRoute.HF_INFERENCE) ? "image/png" : "application/json")
        .post(RequestBody.create(body.toString(), JSON));
    if (route.provider().equals("replicate")) {
      builder.header("Prefer", "wait");
    }
    return builder.build();
  }

  /**
   * Where the image is in a provider's JSON answer.
   *
   * @throws CallFailed content-rejected for flagged or refused images, transient when there is no image
   */
  static Found find(String provider, JsonNode answer) throws CallFailed {
    switch (provider) {
      case "fal-ai" -> {
        if (answer.path("has_nsfw_concepts").path(0).asBoolean(false)) {
          throw new CallFailed(new ProviderFailure.ContentRejected("fal-ai via Hugging Face flagged the image as unsafe"));
        }
        return url(answer.path("images").path(0).path("url").asText(""), provider);
      }
      case "replicate" -> {
        String status = answer.path("status").asText("");
        if (status.equals("failed") || status.equals("canceled") || status.equals("aborted")) {
          String error = answer.path("error").asText("");
          if (error.toLowerCase(java.util.Locale.ROOT).contains("nsfw")) {
            throw new CallFailed(new ProviderFailure.ContentRejected("replicate via Hugging Face refused: NSFW content"));
          }
          throw CallFailed.transientFailure("replicate via Hugging Face prediction " + status);
        }
        JsonNode output = answer.path("output");
        String first = output.isArray() ? output.path(0).asText("") : output.asText("");
        if (first.isEmpty()) {
          throw CallFailed.transientFailure("replicate via Hugging Face did not finish within its wait (status "
              + (status.isEmpty() ? "unknown" : status) + ")");
        }
        return url(first, provider);
      }
      default -> {
        String data = answer.path("data").path(0).path("b64_json").asText("");
        if (data.isEmpty()) {
          throw CallFailed.transientFailure(provider + " via Hugging Face answered without data[0].b64_json");
        }
        return new Found.Base64(data);
      }
    }
  }

  private static Found url(String text, String provider) throws CallFailed {
    if (text.startsWith("data:")) {
      return new Found.Base64(text);
    }
    HttpUrl url = HttpUrl.parse(text);
    if (url == null) {
      throw CallFailed.transientFailure(provider + " via Hugging Face answered without an image URL");
    }
    return new Found.Url(url);
  }
}
