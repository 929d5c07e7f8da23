package io.rolemarket.imagebot.providers.sketch;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the offline Sketch provider draws: a character look in a theme look.
 *
 * <p>Immutable; the lists are copied. Safe for concurrent use.
 *
 * @param species body shape: {@code pig}, {@code bear}, {@code cat}, {@code bunny}; anything else draws
 *     a generic round mascot
 * @param bodyColor {@code #RRGGBB} main body colour (Lulu Pig: {@code #F7A8C4})
 * @param palette theme colours {@code #RRGGBB}: sky top, sky bottom, ground, accent; 1..4 entries, the
 *     missing ones are derived from the given ones
 * @param props theme props to draw, any of: pumpkin, moon, bats, stars, tree, snow, gifts, lanterns,
 *     firecrackers, blossoms, sun, clouds, hat-witch, hat-santa, scarf; unknown names are ignored
 * @param seed randomises placement and small variations deterministically
 * @param width pixels, 256..2048
 * @param height pixels, 256..2048
 */
record SketchScene(
    String species,
    String bodyColor,
    List<String> palette,
    List<String> props,
    long seed,
    int width,
    int height) {

  static final int MIN_SIZE = 256;
  static final int MAX_SIZE = 2048;

  private static final Pattern HEX_COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

  /** Checks the fields and copies the lists; throws {@link IllegalArgumentException} naming the bad field. */
  public SketchScene {
    Objects.requireNonNull(species, "species must not be null");
    Objects.requireNonNull(bodyColor, "bodyColor must not be null");
    Objects.requireNonNull(palette, "palette must not be null");
    Objects.requireNonNull(props, "props must not be null");
    checkColor("bodyColor", bodyColor);
    if (palette.isEmpty() || palette.size() > 4) {
      throw new IllegalArgumentException("palette must have 1..4 colours, had " + palette.size());
    }
    for (int i = 0; i < palette.size(); i++) {
      checkColor("palette[" + i + "]", palette.get(i));
    }
    for (int i = 0; i < props.size(); i++) {
      if (props.get(i) == null) {
        throw new IllegalArgumentException("props[" + i + "] must not be null");
      }
    }
    checkSize("width", width);
    checkSize("height", height);
    palette = List.copyOf(palette);
    props = List.copyOf(props);
  }

  private static void checkColor(String field, String value) {
    if (value == null || !HEX_COLOR.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must be a colour like #F7A8C4, was '" + value + "'");
    }
  }

  private static void checkSize(String field, int value) {
    if (value < MIN_SIZE || value > MAX_SIZE) {
      throw new IllegalArgumentException(
          field + " must be " + MIN_SIZE + ".." + MAX_SIZE + ", was " + value);
    }
  }
}
