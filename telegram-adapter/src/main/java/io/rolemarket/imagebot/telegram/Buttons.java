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
 * and a short random token ({@code rg:Ab3dE9xQ}, or {@code xU2:Ab3dE9xQ} for a provider's own action such
 * as Midjourney's U2); the request it acts on stays here for a day. Under a result whose provider offers
 * actions, two more rows: U1–U4 (upscale) and V1–V4 (variations). Safe for concurrent use.
 */
final class Buttons {
  /** What a button does. */
  enum Action {
    REGENERATE("rg"),
    VARIATIONS("va"),
    REVIEW("rv"),
    /** A provider's own action on the result's remote job (Midjourney's U1–U4, V1–V4); data {@code x<name>:<token>}. */
    PROVIDER("x");

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

  /**
   * The request a result answered, and who may press its buttons.
   *
   * @param providerId who made the result
   * @param remoteJobId the provider's job that the provider's actions act on, or empty
   */
  record Origin(String userKey, long chatId, boolean group, Command.Generate command, long historyId,
      String providerId, String remoteJobId) {}

  /** A pressed button, decoded; {@code providerAction} names the provider's action (such as U2), else empty. */
  record Press(Action action, Origin origin, String providerAction) {}

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Origin> origins = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofHours(24)).maximumSize(50_000).build();

  /** The keyboard for a result of {@code origin}, without provider actions. */
  InlineKeyboardMarkup keyboard(Origin origin) {
    return keyboard(origin, List.of());
  }

  /** The keyboard for a result of {@code origin} whose provider offers {@code providerActions} (U1…, V1…). */
  InlineKeyboardMarkup keyboard(Origin origin, List<String> providerActions) {
    String token = token();
    origins.put(token, origin);
    var keyboard = InlineKeyboardMarkup.builder()
        .keyboardRow(new InlineKeyboardRow(List.of(
            button("🔁 Regenerate", Action.REGENERATE, token),
            button("🎲 Variations", Action.VARIATIONS, token))))
        .keyboardRow(new InlineKeyboardRow(List.of(button("📤 Send to review", Action.REVIEW, token))));
    for (String prefix : List.of("U", "V")) {
      List<InlineKeyboardButton> row = providerActions.stream()
          .filter(name -> name.length() == 2 && name.startsWith(prefix))
          .map(name -> providerButton(name, token))
          .toList();
      if (!row.isEmpty()) {
        keyboard.keyboardRow(new InlineKeyboardRow(row));
      }
    }
    return keyboard.build();
  }

  /** The button behind {@code data}, if it is ours and not expired. */
  Optional<Press> decode(String data) {
    int colon = data.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String code = data.substring(0, colon);
    boolean provider = code.length() > 1 && code.startsWith(Action.PROVIDER.code);
    Optional<Action> action = provider ? Optional.of(Action.PROVIDER) : Action.of(code);
    Origin origin = origins.getIfPresent(data.substring(colon + 1));
    if (action.isEmpty() || origin == null) {
      return Optional.empty();
    }
    return Optional.of(new Press(action.get(), origin, provider ? code.substring(1) : ""));
  }

  private static InlineKeyboardButton button(String text, Action action, String token) {
    return InlineKeyboardButton.builder().text(text).callbackData(action.code + ":" + token).build();
  }

  private static InlineKeyboardButton providerButton(String name, String token) {
    return InlineKeyboardButton.builder().text(name).callbackData(Action.PROVIDER.code + name + ":" + token).build();
  }

  private String token() {
    StringBuilder token = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return token.toString();
  }
}
