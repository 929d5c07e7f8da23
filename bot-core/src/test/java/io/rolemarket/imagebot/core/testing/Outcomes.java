package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;

/** What the user reads for an outcome, as every adapter renders it: the catalog's line, or empty for pictures. */
public final class Outcomes {
  private Outcomes() {}

  /** The catalog's line for a refusal or failure; empty for pictures. */
  public static String text(GenerateOutcome outcome) {
    return switch (outcome) {
      case GenerateOutcome.Generated generated -> "";
      case GenerateOutcome.Refused refused -> BotTexts.refusal(refused.reason());
      case GenerateOutcome.Failed failed -> BotTexts.failure(failed.reason());
    };
  }
}
