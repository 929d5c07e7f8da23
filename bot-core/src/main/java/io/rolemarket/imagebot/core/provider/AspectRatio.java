package io.rolemarket.imagebot.core.provider;

import java.util.Optional;

/** The picture shapes users can ask for, with a pixel size near one megapixel for each. */
public enum AspectRatio {
  SQUARE("1:1", 1024, 1024),
  PORTRAIT("3:4", 896, 1152),
  LANDSCAPE("4:3", 1152, 896),
  TALL("9:16", 768, 1344),
  WIDE("16:9", 1344, 768);

  private final String label;
  private final int width;
  private final int height;

  AspectRatio(String label, int width, int height) {
    this.label = label;
    this.width = width;
    this.height = height;
  }

  /** The ratio a user types, such as {@code 16:9}. */
  public String label() {
    return label;
  }

  /** Width in pixels at about one megapixel. */
  public int width() {
    return width;
  }

  /** Height in pixels at about one megapixel. */
  public int height() {
    return height;
  }

  /** The ratio written as {@code w:h}, if it is one of ours. */
  public static Optional<AspectRatio> parse(String text) {
    for (AspectRatio ratio : values()) {
      if (ratio.label.equals(text.strip())) {
        return Optional.of(ratio);
      }
    }
    return Optional.empty();
  }
}
