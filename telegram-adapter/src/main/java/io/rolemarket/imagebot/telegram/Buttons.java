package io.rolemarket.imagebot.telegram;

import io.rolemarket.imagebot.core.command.ActionButtons;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.i18n.Lang;
import java.util.List;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * The core's button rows ({@link ActionButtons}) as a Telegram inline keyboard: each row as it comes, except
 * that 📤 gets a row of its own so the labels stay readable on a phone. Telegram has no button styles.
 */
final class Buttons {
  private Buttons() {}

  /** The inline keyboard for {@code rows}, labelled in {@code lang}. */
  static InlineKeyboardMarkup keyboard(List<List<ActionButtons.Button>> rows, Lang lang) {
    var keyboard = InlineKeyboardMarkup.builder();
    for (List<ActionButtons.Button> row : rows) {
      List<ActionButtons.Button> own = row.stream().filter(button -> button.style() == ActionButtons.Style.SUCCESS)
          .toList();
      List<ActionButtons.Button> rest = row.stream().filter(button -> !own.contains(button)).toList();
      for (List<ActionButtons.Button> part : List.of(rest, own)) {
        if (!part.isEmpty()) {
          keyboard.keyboardRow(new InlineKeyboardRow(part.stream().map(button -> button(button, lang)).toList()));
        }
      }
    }
    return keyboard.build();
  }

  private static InlineKeyboardButton button(ActionButtons.Button button, Lang lang) {
    return InlineKeyboardButton.builder().text(BotTexts.label(lang, button.label())).callbackData(button.id()).build();
  }
}
