package io.rolemarket.imagebot.core.catalog;

import io.rolemarket.imagebot.core.i18n.Lang;
import java.util.List;
import java.util.Map;
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
 * @param names the display name in other languages ({@code 萬聖節}); users may type these too
 */
public record ThemeDef(String id, String name, List<String> aliases, String description, ProviderHints hints,
    Map<Lang, String> names) {

  /** Checks the fields and copies the aliases and names. */
  public ThemeDef {
    names = Map.copyOf(names);
    Catalog.checkId("theme", id);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hints, "hints");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("theme " + id + " needs a description");
    }
    aliases = List.copyOf(aliases);
  }

  /** A theme with its English name only. */
  public ThemeDef(String id, String name, List<String> aliases, String description, ProviderHints hints) {
    this(id, name, aliases, description, hints, Map.of());
  }

  /** The display name in {@code lang}, the English one where the catalog gives none. */
  public String name(Lang lang) {
    return names.getOrDefault(lang, name);
  }
}
