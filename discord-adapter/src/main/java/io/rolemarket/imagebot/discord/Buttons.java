package io.rolemarket.imagebot.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolemarket.imagebot.core.command.Command;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/**
 * The buttons under a result. A button's custom id carries an action and a short random token
 * ({@code rg:Ab3dE9xQ2k}); the request it acts on stays here, server side, for a day. Safe for concurrent
 * use.
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
  record Origin(String userKey, long channelId, Command.Generate command, long historyId) {}

  /** A pressed button, decoded. */
  record Press(Action action, Origin origin) {}

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Origin> origins = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofHours(24)).maximumSize(50_000).build();

  /** The button row for a result of {@code origin}. */
  ActionRow row(Origin origin) {
    String token = token();
    origins.put(token, origin);
    return ActionRow.of(
        Button.primary(Action.REGENERATE.code + ":" + token, "🔁 Regenerate"),
        Button.secondary(Action.VARIATIONS.code + ":" + token, "🎲 Variations"),
        Button.success(Action.REVIEW.code + ":" + token, "📤 Send to review"));
  }

  /** The button behind {@code customId}, if it is ours and not expired. */
  Optional<Press> decode(String customId) {
    int colon = customId.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    Optional<Action> action = Action.of(customId.substring(0, colon));
    Origin origin = origins.getIfPresent(customId.substring(colon + 1));
    if (action.isEmpty() || origin == null) {
      return Optional.empty();
    }
    return Optional.of(new Press(action.get(), origin));
  }

  private String token() {
    StringBuilder token = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return token.toString();
  }
}
