package io.rolemarket.imagebot.providers.http;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches an image a provider answered with as a URL (Replicate, TTAPI, a RunPod bucket): without the
 * provider's credentials, under a size cap, refusing answers that declare a non-image type (an HTML error
 * page) before the magic bytes are checked. Stateless.
 */
public final class ImageDownload {
  private static final Logger log = LoggerFactory.getLogger(ImageDownload.class);

  private ImageDownload() {}

  /**
   * The image at {@code url}.
   *
   * @param seed the seed the provider reported, or null
   * @param label the provider's name for messages
   * @throws CallFailed (transient) when the URL is not http(s), the download fails or is too large, or the
   *     answer is not a PNG, JPEG or WebP
   * @throws InterruptedException when the call is cancelled
   */
  public static GeneratedImage fetch(OkHttpClient http, String url, long maxBytes, @Nullable Long seed, String label)
      throws CallFailed, InterruptedException {
    HttpUrl parsed = HttpUrl.parse(url.strip());
    if (parsed == null) {
      log.warn("{}: output is not an http(s) URL: {}", label, HttpExchange.excerpt(url, 80));
      throw CallFailed.transientFailure(label + " answered an output that is not a URL");
    }
    HttpExchange.Answer answer = HttpExchange.send(http, new Request.Builder().url(parsed).get().build(), maxBytes, label);
    if (!answer.ok()) {
      throw CallFailed.transientFailure(label + " image download failed with HTTP " + answer.code());
    }
    String type = answer.headers().get("Content-Type");
    if (type != null && !acceptable(type)) {
      log.warn("{}: image URL {} answered {} ({} bytes)", label, parsed.redact(), type, answer.body().length);
      throw CallFailed.transientFailure(label + " image URL answered " + type.split(";")[0] + ", not an image");
    }
    return ImageBytes.decode(answer.body(), seed, label);
  }

  private static boolean acceptable(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT).strip();
    return type.startsWith("image/") || type.startsWith("application/octet-stream") || type.startsWith("binary/");
  }
}
