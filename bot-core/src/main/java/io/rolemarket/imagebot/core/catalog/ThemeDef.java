package io.rolemarket.imagebot.core.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A theme (season, festival, setting) a character can be drawn in.
 *
 * @param id the name users type, lower case, such as {@code halloween}
 * @param name the display name
 * @param aliases other names that mean the same theme
 * @param description the words the prompt uses for the theme
 * @param hints what particular providers are told beyond the prompt, such as the offline Sketch provider's
 *     colours and props for the theme
 */
public record ThemeDef(String id, String name, List<String> aliases, String description, ProviderHints hints) {

  /** Checks the fields and copies the aliases. */
  public ThemeDef {
    Catalog.checkId("theme", id);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hints, "hints");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("theme " + id + " needs a description");
    }
    aliases = List.copyOf(aliases);
  }
}
