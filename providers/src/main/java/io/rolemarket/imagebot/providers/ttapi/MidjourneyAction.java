package io.rolemarket.imagebot.providers.ttapi;

import io.rolemarket.imagebot.core.provider.ProviderAction;
import java.util.Locale;
import java.util.Optional;

/**
 * A button on a finished Midjourney job: U1–U4 upscale one picture of the grid, V1–V4 make four variations
 * of one, reroll runs the prompt again. Each is a new, charged TTAPI job.
 */
public enum MidjourneyAction {
  U1("upsample1"), U2("upsample2"), U3("upsample3"), U4("upsample4"),
  V1("variation1"), V2("variation2"), V3("variation3"), V4("variation4"),
  REROLL("reroll");

  private final String wireName;

  MidjourneyAction(String wireName) {
    this.wireName = wireName;
  }

  /** TTAPI's name for it, as listed in a job's {@code components}. */
  public String wireName() {
    return wireName;
  }

  /** The action as the core names it ({@link ProviderAction}): {@code U2} is an upscale of picture 2. */
  public ProviderAction typed() {
    return switch (this) {
      case U1, U2, U3, U4 -> ProviderAction.upscale(ordinal() - U1.ordinal() + 1);
      case V1, V2, V3, V4 -> ProviderAction.variation(ordinal() - V1.ordinal() + 1);
      case REROLL -> ProviderAction.reroll();
    };
  }

  /** The button that runs {@code action}: every {@link ProviderAction} has one. */
  public static MidjourneyAction of(ProviderAction action) {
    return valueOf(action.label());
  }

  /** Whether the result is one picture (an upscale) rather than a new 2×2 grid. */
  public boolean single() {
    return wireName.startsWith("upsample");
  }

  /** The action a user or button names: {@code U2}, {@code v3}, {@code reroll} or TTAPI's {@code upsample2}. */
  public static Optional<MidjourneyAction> parse(String text) {
    String name = text.strip().toUpperCase(Locale.ROOT);
    for (MidjourneyAction action : values()) {
      if (action.name().equals(name) || action.wireName.equalsIgnoreCase(name)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
