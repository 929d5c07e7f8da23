package io.rolemarket.imagebot.core.provider;

import java.util.Locale;
import java.util.Optional;

/**
 * A follow-up action on a provider's finished job ({@link ActionableProvider}): upscale picture {@code index}
 * of the grid, make variations of picture {@code index}, or run the prompt again. Users and buttons name it by
 * its {@link #label()}: {@code U1}–{@code U4}, {@code V1}–{@code V4}, {@code REROLL}.
 *
 * @param kind what the action does
 * @param index the picture of the grid it acts on (1–4), or 0 for a reroll
 */
public record ProviderAction(Kind kind, int index) {
  /** How many pictures a grid has: the highest index an upscale or a variation may name. */
  public static final int GRID = 4;

  /** What an action does. */
  public enum Kind {
    /** One picture of the grid, larger ({@code U}). */
    UPSCALE,
    /** A new grid of variations of one picture ({@code V}). */
    VARIATION,
    /** A new grid for the same prompt. */
    REROLL
  }

  /** Checks that an upscale or a variation names a picture of the grid and a reroll none. */
  public ProviderAction {
    java.util.Objects.requireNonNull(kind, "kind");
    if (kind == Kind.REROLL ? index != 0 : index < 1 || index > GRID) {
      throw new IllegalArgumentException(kind == Kind.REROLL ? "a reroll names no picture, was " + index
          : "a " + kind.name().toLowerCase(Locale.ROOT) + " names picture 1.." + GRID + ", was " + index);
    }
  }

  /** Upscale picture {@code index} ({@code U<index>}). */
  public static ProviderAction upscale(int index) {
    return new ProviderAction(Kind.UPSCALE, index);
  }

  /** Variations of picture {@code index} ({@code V<index>}). */
  public static ProviderAction variation(int index) {
    return new ProviderAction(Kind.VARIATION, index);
  }

  /** The prompt again ({@code REROLL}). */
  public static ProviderAction reroll() {
    return new ProviderAction(Kind.REROLL, 0);
  }

  /** The name users and buttons use: {@code U2}, {@code V1}, {@code REROLL}. */
  public String label() {
    return switch (kind) {
      case UPSCALE -> "U" + index;
      case VARIATION -> "V" + index;
      case REROLL -> "REROLL";
    };
  }

  /**
   * The action {@code label} names ({@link #label()}, any case, blanks around it ignored), or empty for
   * anything else ({@code U9}, {@code X1}, {@code U}): labels come from buttons and commands, which a client
   * can forge.
   */
  public static Optional<ProviderAction> parse(String label) {
    String name = label.strip().toUpperCase(Locale.ROOT);
    if (name.equals("REROLL")) {
      return Optional.of(reroll());
    }
    if (name.length() != 2 || name.charAt(1) < '1' || name.charAt(1) > '0' + GRID) {
      return Optional.empty();
    }
    int index = name.charAt(1) - '0';
    return switch (name.charAt(0)) {
      case 'U' -> Optional.of(upscale(index));
      case 'V' -> Optional.of(variation(index));
      default -> Optional.empty();
    };
  }

  /** Whether the answer is one picture (an upscale) rather than a new grid, which offers the actions again. */
  public boolean single() {
    return kind == Kind.UPSCALE;
  }

  @Override
  public String toString() {
    return label();
  }
}
