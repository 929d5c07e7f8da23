package io.rolemarket.imagebot.core.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import io.rolemarket.imagebot.core.i18n.Lang;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A brand character users can ask for.
 *
 * @param id the name users type, lower case, such as {@code lulu}
 * @param name the display name, such as {@code Lulu Pig}
 * @param aliases other names that mean the same character
 * @param description the words the prompt uses for the character
 * @param hints what particular providers are told beyond the prompt, such as how the offline Sketch
 *     provider draws the character
 * @param references reference pictures of the character (PNG or JPEG file paths, relative to the working
 *     directory), best first: sent to providers that take a picture and scored against by the consistency gate;
 *     empty for none
 * @param referenceUrl a public {@code https://} URL of a reference image of the character for providers that
 *     fetch one themselves (Midjourney's {@code --cref}), or null: https only, with a host, no credentials or spaces
 * @param threshold the consistency gate's threshold for this character: the least image-to-image CLIP cosine
 *     between a picture and the best of its references for the picture to count as on-model, in (0, 1]
 * @param names the display name in other languages, where the team gave one; users may type these too
 */
public record CharacterDef(
    String id, String name, List<String> aliases, String description, ProviderHints hints,
    List<String> references, @Nullable String referenceUrl, double threshold, Map<Lang, String> names) {
  /** The gate's threshold for a character whose catalog entry names none. */
  public static final double DEFAULT_THRESHOLD = 0.75;

  /** Checks the fields and copies the aliases. */
  public CharacterDef {
    Catalog.checkId("character", id);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hints, "hints");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("character " + id + " needs a description");
    }
    aliases = List.copyOf(aliases);
    references = List.copyOf(references);
    names = Map.copyOf(names);
    if (referenceUrl != null) {
      checkReferenceUrl(id, referenceUrl);
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("character " + id + " threshold must be above 0 and at most 1, was "
          + threshold);
    }
  }

  /** A character with its English name only. */
  public CharacterDef(String id, String name, List<String> aliases, String description, ProviderHints hints,
      List<String> references, @Nullable String referenceUrl, double threshold) {
    this(id, name, aliases, description, hints, references, referenceUrl, threshold, Map.of());
  }

  /** The display name in {@code lang}, the English one where the catalog gives none. */
  public String name(Lang lang) {
    return names.getOrDefault(lang, name);
  }

  /** A character with at most one reference picture and the default threshold. */
  public CharacterDef(String id, String name, List<String> aliases, String description, ProviderHints hints,
      @Nullable String reference, @Nullable String referenceUrl) {
    this(id, name, aliases, description, hints, reference == null ? List.of() : List.of(reference), referenceUrl,
        DEFAULT_THRESHOLD);
  }

  /** The first reference picture's path, or null when the character has none. */
  public @Nullable String reference() {
    return references.isEmpty() ? null : references.get(0);
  }

  /**
   * Checks that {@code url} can go into a Midjourney prompt as {@code --cref}: an absolute {@code https://} URL
   * with a host, no credentials and no whitespace (a prompt flag ends at a space).
   *
   * @throws IllegalArgumentException naming the character and saying what is wrong
   */
  static void checkReferenceUrl(String id, String url) {
    String problem = null;
    if (url.isBlank() || url.chars().anyMatch(Character::isWhitespace)) {
      problem = "must not be empty or contain spaces";
    } else {
      try {
        URI uri = new URI(url);
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
          problem = "must be an https:// URL (Midjourney fetches it from the internet)";
        } else if (uri.getHost() == null || uri.getHost().isBlank()) {
          problem = "needs a host";
        } else if (uri.getRawUserInfo() != null) {
          problem = "must not carry credentials (the prompt is not secret)";
        }
      } catch (URISyntaxException e) {
        problem = "is not a valid URL (" + e.getReason() + ")";
      }
    }
    if (problem != null) {
      String withoutCredentials = url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
      String shown = withoutCredentials.length() > 80 ? withoutCredentials.substring(0, 80) + "…" : withoutCredentials;
      throw new IllegalArgumentException("character " + id + " reference_url " + problem + ", was '" + shown + "'");
    }
  }
}
