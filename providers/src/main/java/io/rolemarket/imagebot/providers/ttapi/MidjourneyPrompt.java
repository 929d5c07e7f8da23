package io.rolemarket.imagebot.providers.ttapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The body of an {@code imagine} call: the request's prompt with the shape, negative prompt and seed as
 * Midjourney flags ({@code --ar}, {@code --no}, {@code --seed}), the character reference as {@code --cref}
 * (with {@code --cw} when a weight is set, and {@code --v 6.1} unless the prompt names a version: V7 has no
 * {@code --cref}), the speed mode, and TTAPI's own {@code timeout} derived from the job deadline.
 *
 * @param mode {@code relax}, {@code fast} or {@code turbo}
 * @param referenceWeight {@code --cw} 0..100 with a reference, or null to leave Midjourney's default
 * @param deadline the job deadline; TTAPI's timeout is clamped to 300..1200 s (600 minimum in relax)
 */
record MidjourneyPrompt(String mode, @Nullable Integer referenceWeight, Duration deadline) {
  /** The newest Midjourney version that has {@code --cref}. */
  static final String CREF_VERSION = "6.1";

  /** The imagine call's JSON body for {@code request}. */
  ObjectNode imagine(ObjectMapper json, ProviderRequest request) {
    long timeout = Math.clamp(deadline.toSeconds(), mode.equals("relax") ? 600 : 300, 1200);
    return json.createObjectNode()
        .put("prompt", text(request))
        .put("mode", mode)
        .put("timeout", timeout)
        .put("getUImages", true);
  }

  /** The prompt text with its flags. */
  String text(ProviderRequest request) {
    StringBuilder prompt = new StringBuilder(request.prompt().replaceAll("\\s+", " ").strip())
        .append(" --ar ").append(request.aspectRatio().label());
    if (!request.negativePrompt().isBlank()) {
      prompt.append(" --no ").append(request.negativePrompt().replaceAll("\\s+", " ").strip());
    }
    if (request.seed() != null) {
      prompt.append(" --seed ").append(request.seed() & 0xFFFF_FFFFL);
    }
    if (request.referenceUrl() != null) {
      String flags = " " + prompt.toString().toLowerCase(Locale.ROOT) + " ";
      if (!flags.contains(" --v ") && !flags.contains(" --version ") && !flags.contains(" --niji")) {
        prompt.append(" --v ").append(CREF_VERSION);
      }
      prompt.append(" --cref ").append(request.referenceUrl());
      if (referenceWeight != null) {
        prompt.append(" --cw ").append(referenceWeight);
      }
    }
    return prompt.toString();
  }
}
