package io.rolemarket.imagebot.core.cache;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The canonical form of a request: two requests with the same key get the same pictures.
 *
 * @param canonical the readable canonical text (route, model, folded prompt, count, size, seed, reference image,
 *     then the reference URL when there is one)
 * @param hash its SHA-256, the id used by the disk tier
 */
public record CacheKey(String canonical, String hash) {

  /** Checks the fields. */
  public CacheKey {
    Objects.requireNonNull(canonical, "canonical");
    Objects.requireNonNull(hash, "hash");
  }

  /**
   * The key for a request. The prompt is compared with case and runs of whitespace folded.
   *
   * @param route the routing decision, such as {@code tier:balanced}
   * @param model the model of the first provider the route would try
   * @param seed the seed asked for, or null for any
   * @param referenceSha256 the reference image's hash, or null for none
   */
  public static CacheKey of(
      String route,
      String model,
      String prompt,
      int count,
      AspectRatio aspectRatio,
      @Nullable Long seed,
      @Nullable String referenceSha256) {
    return of(route, model, prompt, count, aspectRatio, seed, referenceSha256, null);
  }

  /**
   * The key for a request whose character may also have a reference URL (Midjourney's {@code --cref}): another
   * URL is another picture. Without a URL the key is the same as {@link #of(String, String, String, int,
   * AspectRatio, Long, String)}'s, so entries cached before URLs existed still answer.
   *
   * @param referenceUrl the character's reference image URL, or null for none
   */
  public static CacheKey of(
      String route,
      String model,
      String prompt,
      int count,
      AspectRatio aspectRatio,
      @Nullable Long seed,
      @Nullable String referenceSha256,
      @Nullable String referenceUrl) {
    String folded = prompt.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    String canonical = String.join("|",
        route,
        model,
        folded,
        "n=" + count,
        aspectRatio.width() + "x" + aspectRatio.height(),
        "seed=" + (seed == null ? "any" : seed.toString()),
        "ref=" + (referenceSha256 == null ? "none" : referenceSha256))
        + (referenceUrl == null ? "" : "|cref=" + referenceUrl);
    return new CacheKey(canonical, sha256(canonical));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
