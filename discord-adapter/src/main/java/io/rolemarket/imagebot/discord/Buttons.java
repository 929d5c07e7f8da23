package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.command.ActionButtons;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.i18n.Lang;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/**
 * The core's button rows ({@link ActionButtons}) as Discord components: each row an action row of at most
 * five buttons, in the core's styles. A plain function.
 */
final class Buttons {
  /** Discord's most buttons in one action row. */
  private static final int ROW_WIDTH = 5;
  /** Discord's most action rows under one message. */
  private static final int MAX_ROWS = 5;

  private Buttons() {}

  /** The action rows for {@code rows}, labelled in English. */
  static List<ActionRow> rows(List<List<ActionButtons.Button>> rows) {
    return rows(rows, Lang.EN);
  }

  /** The action rows for {@code rows}, labelled in {@code lang}. */
  static List<ActionRow> rows(List<List<ActionButtons.Button>> rows, Lang lang) {
    return rows.stream().limit(MAX_ROWS)
        .map(row -> ActionRow.of(row.stream().limit(ROW_WIDTH).map(button -> button(button, lang)).toList()))
        .toList();
  }

  private static Button button(ActionButtons.Button button, Lang lang) {
    String label = BotTexts.label(lang, button.label());
    return switch (button.style()) {
      case PRIMARY -> Button.primary(button.id(), label);
      case SECONDARY -> Button.secondary(button.id(), label);
      case SUCCESS -> Button.success(button.id(), label);
    };
  }
}
