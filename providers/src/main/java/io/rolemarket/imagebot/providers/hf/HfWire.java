package io.rolemarket.imagebot.providers.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.HttpErrors;
import io.rolemarket.imagebot.providers.http.HttpExchange;
import java.io.IOException;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The router's wire format for each Inference Provider this client speaks, as the official
 * {@code huggingface.js} client ({@code packages/inference/src/providers/*.ts}) speaks it: where to post,
 * what body, where the image is in the answer, and what an error body says. Every route starts from the
 * same text-to-image parameters ({@code width}, {@code height}, {@code num_inference_steps},
 * {@code guidance_scale}, and {@code negative_prompt} and {@code seed} when given): {@code hf-inference}
 * nests them under {@code parameters}, {@code replicate} under {@code input}, the others flatten them
 * beside the prompt.
 *
 * <p>An image-to-image model (FLUX.1 Kontext) posts to the same routes what the client's
 * {@code packages/inference/src/providers/*.ts} image-to-image helpers send, starting from the Hub's image-to-image
 * parameters ({@code prompt}, {@code num_inference_steps}, {@code guidance_scale}, {@code target_size}, and
 * {@code negative_prompt} when given): {@code hf-inference} the picture as base64 {@code inputs} and the
 * parameters under {@code parameters}; {@code fal-ai} the parameters flat with the picture as a {@code data:} URI in
 * {@code image_url} and {@code image_urls}; {@code replicate} the parameters under {@code input} with the data URI in
 * each of {@code image}, {@code images}, {@code input_image} and {@code input_images} (models read different ones).
 * Answers are read as text-to-image ones. Stateless.
 */
final class HfWire {
  static final String FAL_AI = "fal-ai";
  static final String REPLICATE = "replicate";
  static final String TOGETHER = "together";
  static final String NSCALE = "nscale";
  private static final MediaType JSON = MediaType.get("application/json");

  private HfWire() {}

  /** The image in a JSON answer: inline base64, or a URL to fetch. */
  sealed interface Found {
    record Base64(String data) implements Found {}

    record Url(HttpUrl url) implements Found {}
  }

  /**
   * Where the generation request for {@code route} goes: {@code /hf-inference/models/{model}},
   * {@code /fal-ai/{providerId}?_subdomain=queue}, {@code /replicate/v1/models/{providerId}/predictions} (or
   * {@code /replicate/v1/predictions} for a pinned {@code owner/name:version}), and
   * {@code /{provider}/v1/images/generations} for the OpenAI-style ones.
   */
  static HttpUrl url(Endpoint router, HfRoute route, String model) {
    return switch (route.provider()) {
      case HfRoute.HF_INFERENCE -> router.resolve("hf-inference/models/" + model);
      case FAL_AI -> router.resolve("fal-ai/" + route.providerId()).newBuilder()
          .addQueryParameter("_subdomain", "queue").build();
      case REPLICATE -> router.resolve(route.providerId().contains(":") ? "replicate/v1/predictions"
          : "replicate/v1/models/" + route.providerId() + "/predictions");
      default -> router.resolve(route.provider() + "/v1/images/generations");
    };
  }

  /**
   * The generation request for {@code route}.
   *
   * @throws CallFailed permanent when an image-to-image model is routed to a provider whose image-to-image format
   *     this client does not speak
   */
  static Request request(ObjectMapper json, Endpoint router, HfRoute route, HfModel model, ProviderRequest request)
      throws CallFailed {
    byte[] reference = request.referenceImage();
    if (model.task() == HfModel.Task.IMAGE_TO_IMAGE && reference != null) {
      return post(router, route, model, imageToImage(json, route, model, request, reference));
    }
    ObjectNode parameters = parameters(json, model, request);
    ObjectNode body = json.createObjectNode();
    switch (route.provider()) {
      case HfRoute.HF_INFERENCE -> body.put("inputs", request.prompt()).set("parameters", parameters);
      case FAL_AI -> {
        body.setAll(parameters);
        body.put("prompt", request.prompt());
        // fal's FLUX apps read the size only from image_size (as the Python client sends it); the flat
        // width and height the JS client sends are kept for apps that read those
        body.putObject("image_size").put("width", request.aspectRatio().width())
            .put("height", request.aspectRatio().height());
      }
      case REPLICATE -> {
        String id = route.providerId();
        int colon = id.indexOf(':');
        ObjectNode input = body.putObject("input");
        input.setAll(parameters);
        input.put("prompt", request.prompt());
        if (colon >= 0) {
          body.put("version", id.substring(colon + 1));
        }
      }
      case TOGETHER -> {
        JsonNode steps = parameters.remove("num_inference_steps");
        body.setAll(parameters);
        body.set("steps", steps);
        body.put("prompt", request.prompt()).put("response_format", "base64").put("model", route.providerId());
      }
      default -> {
        body.setAll(parameters);
        body.put("response_format", "b64_json").put("prompt", request.prompt()).put("model", route.providerId());
      }
    }
    return post(router, route, model, body);
  }

  private static Request post(Endpoint router, HfRoute route, HfModel model, ObjectNode body) {
    Request.Builder builder = new Request.Builder().url(url(router, route, model.model()))
        .header("Authorization", "Bearer " + router.key())
        .header("Accept", route.provider().equals(HfRoute.HF_INFERENCE) ? "image/png" : "application/json")
        .post(RequestBody.create(body.toString(), JSON));
    if (route.provider().equals(REPLICATE)) {
      builder.header("Prefer", "wait");
    }
    return builder.build();
  }

  /** An image-to-image body for {@code route}, the picture {@code reference} in it where that provider reads it. */
  private static ObjectNode imageToImage(ObjectMapper json, HfRoute route, HfModel model, ProviderRequest request,
      byte[] reference) throws CallFailed {
    ObjectNode parameters = json.createObjectNode().put("prompt", request.prompt())
        .put("num_inference_steps", model.steps()).put("guidance_scale", model.guidance());
    if (!request.negativePrompt().isBlank()) {
      parameters.put("negative_prompt", request.negativePrompt());
    }
    parameters.putObject("target_size").put("width", request.aspectRatio().width())
        .put("height", request.aspectRatio().height());
    ImageFormat format = ImageFormat.sniff(reference).orElse(ImageFormat.PNG);
    String base64 = Base64.getEncoder().encodeToString(reference);
    String dataUri = "data:" + format.mediaType() + ";base64," + base64;
    ObjectNode body = json.createObjectNode();
    switch (route.provider()) {
      case HfRoute.HF_INFERENCE -> body.put("inputs", base64).set("parameters", parameters);
      case FAL_AI -> {
        body.setAll(parameters);
        if (request.seed() != null) {
          body.put("seed", request.seed());
        }
        body.put("image_url", dataUri).putArray("image_urls").add(dataUri);
      }
      case REPLICATE -> {
        String id = route.providerId();
        int colon = id.indexOf(':');
        ObjectNode input = body.putObject("input");
        input.setAll(parameters);
        if (request.seed() != null) {
          input.put("seed", request.seed());
        }
        input.put("image", dataUri).put("input_image", dataUri);
        input.putArray("images").add(dataUri);
        input.putArray("input_images").add(dataUri);
        if (colon >= 0) {
          body.put("version", id.substring(colon + 1));
        }
      }
      default -> throw new CallFailed(new ProviderFailure.Permanent("Hugging Face: " + model.model()
          + " is routed to " + route.provider() + ", whose image-to-image format this client does not speak; set "
          + "HF_PROVIDER to auto, hf-inference, fal-ai or replicate", "HF_PROVIDER"));
    }
    return body;
  }

  /** The task's parameters, as the Hub's text-to-image spec names them; absent ones are left out. */
  private static ObjectNode parameters(ObjectMapper json, HfModel model, ProviderRequest request) {
    ObjectNode parameters = json.createObjectNode()
        .put("width", request.aspectRatio().width()).put("height", request.aspectRatio().height())
        .put("num_inference_steps", model.steps()).put("guidance_scale", model.guidance());
    if (!request.negativePrompt().isBlank()) {
      parameters.put("negative_prompt", request.negativePrompt());
    }
    if (request.seed() != null) {
      parameters.put("seed", request.seed());
    }
    return parameters;
  }

  /**
   * Where the image is in a provider's JSON answer (for fal-ai, the queue's result).
   *
   * @throws CallFailed content-rejected for flagged or refused images, transient when there is no image
   */
  static Found find(String provider, JsonNode answer) throws CallFailed {
    switch (provider) {
      case FAL_AI -> {
        if (answer.path("has_nsfw_concepts").path(0).asBoolean(false)) {
          throw new CallFailed(new ProviderFailure.ContentRejected("fal-ai via Hugging Face flagged the image as unsafe"));
        }
        return url(answer.path("images").path(0).path("url").asText(""), provider);
      }
      case REPLICATE -> {
        String status = answer.path("status").asText("");
        if (status.equals("failed") || status.equals("canceled") || status.equals("aborted")) {
          String error = answer.path("error").asText("");
          if (error.toLowerCase(Locale.ROOT).contains("nsfw")) {
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
      case HfRoute.HF_INFERENCE -> {
        JsonNode output = answer.path("output");
        if (answer.path("data").path(0).path("b64_json").isTextual() || !output.path(0).isTextual()) {
          return base64(answer, provider);
        }
        return url(output.path(0).asText(), provider);
      }
      case TOGETHER -> {
        JsonNode url = answer.path("data").path(0).path("url");
        return url.isTextual() ? url(url.asText(), provider) : base64(answer, provider);
      }
      default -> {
        return base64(answer, provider);
      }
    }
  }

  /**
   * The provider's words in an error answer, however it writes them: the router's {@code error}, fal's
   * {@code detail} (a sentence, or a list of {@code {loc, msg, type}}), or a top-level {@code message}; empty
   * when the body says nothing readable.
   */
  static String errorText(ObjectMapper json, HttpExchange.Answer answer) {
    String detail = HttpErrors.detail(json, answer);
    if (!detail.isEmpty()) {
      return detail;
    }
    JsonNode root = tree(json, answer);
    List<String> messages = new ArrayList<>();
    root.path("detail").forEach(item -> {
      String message = item.path("msg").asText("");
      if (!message.isEmpty()) {
        messages.add(message);
      }
    });
    return messages.isEmpty() ? root.path("message").asText("") : String.join("; ", messages);
  }

  /** Whether an error answer is fal's refusal of the prompt or picture ({@code type: content_policy_violation}). */
  static boolean contentPolicy(ObjectMapper json, HttpExchange.Answer answer) {
    for (JsonNode item : tree(json, answer).path("detail")) {
      if (item.path("type").asText("").equals("content_policy_violation")) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode tree(ObjectMapper json, HttpExchange.Answer answer) {
    try {
      JsonNode root = json.readTree(answer.body());
      return root == null ? json.missingNode() : root;
    } catch (IOException e) {
      return json.missingNode();
    }
  }

  private static Found base64(JsonNode answer, String provider) throws CallFailed {
    String data = answer.path("data").path(0).path("b64_json").asText("");
    if (data.isEmpty()) {
      throw CallFailed.transientFailure(provider + " via Hugging Face answered without data[0].b64_json");
    }
    return new Found.Base64(data);
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
