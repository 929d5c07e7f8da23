package io.rolemarket.imagebot.telegram;

import io.rolemarket.imagebot.core.command.ButtonIds;
import io.rolemarket.imagebot.core.command.Command;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * The Telegram keyboard under a result: 🔁 🎲 in one row, 📤 in the next, then the U1–U4 and V1–V4 rows
 * when its provider offers them. The callback data (64 bytes at most) and the request each button acts on
 * are {@link ButtonIds}'. Safe for concurrent use.
 */
final class Buttons {
  /**
   * The request a result answered, and who may press its buttons.
   *
   * @param providerId who made the result
   * @param remoteJobId the provider's job that the provider's actions act on, or empty
   */
  record Origin(String userKey, long chatId, boolean group, Command.Generate command, long historyId,
      String providerId, String remoteJobId) {}

  private final ButtonIds<Origin> ids = new ButtonIds<>();

  /** The keyboard for a result of {@code origin}, without provider actions. */
  InlineKeyboardMarkup keyboard(Origin origin) {
    return keyboard(origin, List.of());
  }

  /** The keyboard for a result of {@code origin} whose provider offers {@code providerActions} (U1…, V1…). */
  InlineKeyboardMarkup keyboard(Origin origin, List<String> providerActions) {
    String token = ids.remember(origin);
    var keyboard = InlineKeyboardMarkup.builder()
        .keyboardRow(new InlineKeyboardRow(List.of(
            button("🔁 Regenerate", ButtonIds.Action.REGENERATE.id(token)),
            button("🎲 Variations", ButtonIds.Action.VARIATIONS.id(token)))))
        .keyboardRow(new InlineKeyboardRow(List.of(button("📤 Send to review", ButtonIds.Action.REVIEW.id(token)))));
    for (List<String> row : ButtonIds.providerRows(providerActions)) {
      keyboard.keyboardRow(new InlineKeyboardRow(row.stream()
          .map(name -> button(name, ButtonIds.providerId(name, token))).toList()));
    }
    return keyboard.build();
  }

  /** A lone 🔁 Try again button acting on {@code origin}'s request (after a restart lost its answer). */
  InlineKeyboardMarkup retryKeyboard(Origin origin) {
    String token = ids.remember(origin);
    return InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(List.of(
        button("🔁 Try again", ButtonIds.Action.REGENERATE.id(token))))).build();
  }

  /** The button behind {@code data}, if it is ours and not expired. */
  Optional<ButtonIds.Press<Origin>> decode(String data) {
    return ids.decode(data);
  }

  private static InlineKeyboardButton button(String text, String data) {
    return InlineKeyboardButton.builder().text(text).callbackData(data).build();
  }
}
