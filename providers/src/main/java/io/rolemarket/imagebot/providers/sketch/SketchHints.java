package io.rolemarket.imagebot.providers.sketch;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ProviderHints;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How Sketch draws a catalog character and theme: the {@code sketch} entry of their {@link ProviderHints}
 * ({@code species} and {@code color}; {@code palette} and {@code props}), with the defaults for what is not
 * given. Stateless.
 */
final class SketchHints {
  /** The provider id the hints are filed under. */
  static final String PROVIDER = "sketch";
  static final String DEFAULT_SPECIES = "mascot";
  static final String DEFAULT_COLOR = "#F7A8C4";
  static final List<String> DEFAULT_PALETTE = List.of("#87CEEB", "#E0F6FF", "#7CC36B", "#FFD166");

  private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

  private SketchHints() {}

  /** The body shape, such as {@code pig}; {@code mascot} when not given. */
  static String species(CharacterDef character) {
    return character.hints().value(PROVIDER, "species").orElse(DEFAULT_SPECIES);
  }

  /** The body colour {@code #RRGGBB}; Lulu's pink when not given. */
  static String color(CharacterDef character) {
    return character.hints().value(PROVIDER, "color").orElse(DEFAULT_COLOR);
  }

  /** The theme's colours (sky top, sky bottom, ground, accent), lower case; a clear day's when not given. */
  static List<String> palette(ThemeDef theme) {
    List<String> palette = lowerCase(theme.hints().values(PROVIDER, "palette"));
    return palette.isEmpty() ? DEFAULT_PALETTE : palette;
  }

  /** The theme's props, lower case; none when not given. */
  static List<String> props(ThemeDef theme) {
    return lowerCase(theme.hints().values(PROVIDER, "props"));
  }

  /**
   * Checks every entry's Sketch hints: colours {@code #RRGGBB}, a palette of 1..4 of them.
   *
   * @throws IllegalArgumentException naming the entry and the hint that is wrong
   */
  static void check(Catalog catalog) {
    for (CharacterDef character : catalog.characters()) {
      checkColor("character " + character.id() + " sketch color", color(character));
    }
    for (ThemeDef theme : catalog.themes()) {
      List<String> palette = palette(theme);
      if (palette.size() > 4) {
        throw new IllegalArgumentException(
            "theme " + theme.id() + " sketch palette needs 1..4 colours, has " + palette.size());
      }
      for (String colour : palette) {
        checkColor("theme " + theme.id() + " sketch palette", colour);
      }
    }
  }

  private static void checkColor(String what, String color) {
    if (!COLOR.matcher(color).matches()) {
      throw new IllegalArgumentException(what + " must be #RRGGBB, was '" + color + "'");
    }
  }

  private static List<String> lowerCase(List<String> values) {
    return values.stream().map(value -> value.toLowerCase(Locale.ROOT)).toList();
  }
}
