package io.rolemarket.imagebot.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolemarket.imagebot.core.command.Command;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/**
 * The buttons under a result. A button's custom id carries an action and a short random token
 * ({@code rg:Ab3dE9xQ2k}, or {@code xU2:Ab3dE9xQ2k} for a provider's own action such as Midjourney's U2);
 * the request it acts on stays here, server side, for a day. Under a result whose provider offers actions,
 * two more rows: U1–U4 (upscale) and V1–V4 (variations). Safe for concurrent use.
 */
final class Buttons {
  /** What a button does. */
  enum Action {
    REGENERATE("rg"),
    VARIATIONS("va"),
    REVIEW("rv"),
    /** A provider's own action on the result's remote job (Midjourney's U1–U4, V1–V4); id {@code x<name>:<token>}. */
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
  record Origin(String userKey, long channelId, Command.Generate command, long historyId, String providerId,
      String remoteJobId) {}

  /** A pressed button, decoded; {@code providerAction} names the provider's action (such as U2), else empty. */
  record Press(Action action, Origin origin, String providerAction) {}

  /** Discord's most buttons in one action row. */
  private static final int ROW_WIDTH = 5;
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Origin> origins = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofHours(24)).maximumSize(50_000).build();

  /**
   * The button rows for a result of {@code origin} whose provider offers {@code providerActions} (U1…, V1…):
   * 🔁 🎲 📤, then a row of the U actions and a row of the V actions when there are any. Other actions (such
   * as a reroll) get no button: 🔁 does that.
   */
  List<ActionRow> rows(Origin origin, List<String> providerActions) {
    String token = token();
    origins.put(token, origin);
    List<ActionRow> rows = new ArrayList<>();
    rows.add(ActionRow.of(
        Button.primary(Action.REGENERATE.code + ":" + token, "🔁 Regenerate"),
        Button.secondary(Action.VARIATIONS.code + ":" + token, "🎲 Variations"),
        Button.success(Action.REVIEW.code + ":" + token, "📤 Send to review")));
    for (String prefix : List.of("U", "V")) {
      List<Button> row = providerActions.stream()
          .filter(name -> name.length() == 2 && name.startsWith(prefix))
          .limit(ROW_WIDTH)
          .map(name -> Button.secondary(Action.PROVIDER.code + name + ":" + token, name))
          .toList();
      if (!row.isEmpty()) {
        rows.add(ActionRow.of(row));
      }
    }
    return List.copyOf(rows);
  }

  /** The button behind {@code customId}, if it is ours and not expired. */
  Optional<Press> decode(String customId) {
    int colon = customId.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String code = customId.substring(0, colon);
    boolean provider = code.length() > 1 && code.startsWith(Action.PROVIDER.code);
    Optional<Action> action = provider ? Optional.of(Action.PROVIDER) : Action.of(code);
    Origin origin = origins.getIfPresent(customId.substring(colon + 1));
    if (action.isEmpty() || origin == null) {
      return Optional.empty();
    }
    return Optional.of(new Press(action.get(), origin, provider ? code.substring(1) : ""));
  }

  private String token() {
    StringBuilder token = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return token.toString();
  }
}
