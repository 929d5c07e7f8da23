package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.command.ButtonIds;
import io.rolemarket.imagebot.core.command.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/**
 * The Discord button rows under a result: 🔁 🎲 📤, then the U1–U4 and V1–V4 rows when its provider offers
 * them. The custom ids and the request each button acts on are {@link ButtonIds}'. Safe for concurrent use.
 */
final class Buttons {
  /**
   * The request a result answered, and who may press its buttons.
   *
   * @param providerId who made the result
   * @param remoteJobId the provider's job that the provider's actions act on, or empty
   */
  record Origin(String userKey, long channelId, Command.Generate command, long historyId, String providerId,
      String remoteJobId) {}

  /** Discord's most buttons in one action row. */
  private static final int ROW_WIDTH = 5;
  private final ButtonIds<Origin> ids = new ButtonIds<>();

  /**
   * The button rows for a result of {@code origin} whose provider offers {@code providerActions} (U1…, V1…):
   * 🔁 🎲 📤, then a row of the U actions and a row of the V actions when there are any. Other actions (such
   * as a reroll) get no button: 🔁 does that.
   */
  /** A lone 🔁 Try again button acting on {@code origin}'s request (after a restart lost its answer). */
  List<ActionRow> retryRows(Origin origin) {
    return List.of(ActionRow.of(Button.primary(ButtonIds.Action.REGENERATE.id(ids.remember(origin)), "🔁 Try again")));
  }

  List<ActionRow> rows(Origin origin, List<String> providerActions) {
    String token = ids.remember(origin);
    List<ActionRow> rows = new ArrayList<>();
    rows.add(ActionRow.of(
        Button.primary(ButtonIds.Action.REGENERATE.id(token), "🔁 Regenerate"),
        Button.secondary(ButtonIds.Action.VARIATIONS.id(token), "🎲 Variations"),
        Button.success(ButtonIds.Action.REVIEW.id(token), "📤 Send to review")));
    for (List<String> row : ButtonIds.providerRows(providerActions)) {
      rows.add(ActionRow.of(row.stream().limit(ROW_WIDTH)
          .map(name -> Button.secondary(ButtonIds.providerId(name, token), name)).toList()));
    }
    return List.copyOf(rows);
  }

  /** The button behind {@code customId}, if it is ours and not expired. */
  Optional<ButtonIds.Press<Origin>> decode(String customId) {
    return ids.decode(customId);
  }
}
