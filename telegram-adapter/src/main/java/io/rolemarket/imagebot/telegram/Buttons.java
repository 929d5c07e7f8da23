package io.rolemarket.imagebot.telegram;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolemarket.imagebot.core.command.Command;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * The buttons under a result. Telegram allows 64 bytes of callback data, so a button carries an action
 * and a short random token ({@code rg:Ab3dE9xQ}); the request it acts on stays here for a day. Safe for
 * concurrent use.
 */
final class Buttons {
  /** What a button does. */
  enum Action {
    REGENERATE("rg"),
    VARIATIONS("va"),
    REVIEW("rv");

    final String code;

    Action(String code) {
      this.code = code;
    }

    static Optional<Action> of(String code) {
      for (Action action : values()) {
        if (action.code.equals(code)) {
          return Optional.of(action);
        }
      }
      return Optional.empty();
    }
  }

  /** The request a result answered, and who may press its buttons. */
  record Origin(String userKey, long chatId, boolean group, Command.Generate command, long historyId) {}

  /** A pressed button, decoded. */
  record Press(Action action, Origin origin) {}

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Origin> origins = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofHours(24)).maximumSize(50_000).build();

  /** The keyboard for a result of {@code origin}. */
  InlineKeyboardMarkup keyboard(Origin origin) {
    String token = token();
    origins.put(token, origin);
    return InlineKeyboardMarkup.builder()
        .keyboardRow(new InlineKeyboardRow(List.of(
            button("🔁 Regenerate", Action.REGENERATE, token),
            button("🎲 Variations", Action.VARIATIONS, token))))
        .keyboardRow(new InlineKeyboardRow(List.of(button("📤 Send to review", Action.REVIEW, token))))
        .build();
  }

  /** The button behind {@code data}, if it is ours and not expired. */
  Optional<Press> decode(String data) {
    int colon = data.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    Optional<Action> action = Action.of(data.substring(0, colon));
    Origin origin = origins.getIfPresent(data.substring(colon + 1));
    if (action.isEmpty() || origin == null) {
      return Optional.empty();
    }
    return Optional.of(new Press(action.get(), origin));
  }

  private static InlineKeyboardButton button(String text, Action action, String token) {
    return InlineKeyboardButton.builder().text(text).callbackData(action.code + ":" + token).build();
  }

  private String token() {
    StringBuilder token = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return token.toString();
  }
}
