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
 * @param palette colours for the Sketch provider: sky top, sky bottom, ground, accent
 * @param props things the Sketch provider draws, such as {@code pumpkin} or {@code lanterns}
 */
public record ThemeDef(
    String id, String name, List<String> aliases, String description, List<String> palette, List<String> props) {

  /** Checks the fields and copies the lists. */
  public ThemeDef {
    Catalog.checkId("theme", id);
    Objects.requireNonNull(name, "name");
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("theme " + id + " needs a description");
    }
    if (palette.isEmpty() || palette.size() > 4) {
      throw new IllegalArgumentException("theme " + id + " sketch palette needs 1..4 colours, has " + palette.size());
    }
    for (String colour : palette) {
      Catalog.checkColor("theme " + id + " sketch palette", colour);
    }
    aliases = List.copyOf(aliases);
    palette = List.copyOf(palette);
    props = List.copyOf(props);
  }
}
