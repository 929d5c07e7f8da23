package io.rolemarket.imagebot.core.catalog;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A brand character users can ask for.
 *
 * @param id the name users type, lower case, such as {@code lulu}
 * @param name the display name, such as {@code Lulu Pig}
 * @param aliases other names that mean the same character
 * @param description the words the prompt uses for the character
 * @param species body shape for the offline Sketch provider ({@code pig}, {@code bear}, {@code cat},
 *     {@code bunny}, anything else draws a generic mascot)
 * @param color body colour for the Sketch provider, {@code #RRGGBB}
 * @param reference a reference sheet of the character (PNG or JPEG file path, relative to the working
 *     directory) for providers that take one, such as Gemini, or null
 */
public record CharacterDef(
    String id, String name, List<String> aliases, String description, String species, String color,
    @Nullable String reference) {

  /** Checks the fields and copies the aliases. */
  public CharacterDef {
    Catalog.checkId("character", id);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(species, "species");
    Catalog.checkColor("character " + id + " sketch color", color);
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("character " + id + " needs a description");
    }
    aliases = List.copyOf(aliases);
  }
}
