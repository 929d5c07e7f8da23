package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.command.ButtonIds;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import org.junit.jupiter.api.Test;

/** The rows under a result and the custom ids behind them, without Discord. */
class ButtonsTest {
  private static final List<String> MIDJOURNEY = List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "REROLL");

  private final Buttons buttons = new Buttons();

  private static Buttons.Origin origin(String remoteJobId) {
    Command.Generate command = new Command.Generate("lulu", "halloween", List.of(), 4, AspectRatio.SQUARE,
        "midjourney", Tier.BALANCED, null, false);
    return new Buttons.Origin("discord:1", 7, command, 12, "midjourney", remoteJobId);
  }

  private static List<String> labels(ActionRow row) {
    return row.getButtons().stream().map(Button::getLabel).toList();
  }

  private static List<String> ids(ActionRow row) {
    return row.getButtons().stream().map(Button::getCustomId).toList();
  }

  @Test
  void rows_withoutProviderActions_isTheOneRowOfThree() {
    List<ActionRow> rows = buttons.rows(origin(""), List.of());

    assertEquals(1, rows.size());
    assertEquals(List.of("🔁 Regenerate", "🎲 Variations", "📤 Send to review"), labels(rows.get(0)));
  }

  @Test
  void rows_midjourneyActions_addAnUpscaleRowAndAVariationRow_withoutReroll() {
    List<ActionRow> rows = buttons.rows(origin("job-1"), MIDJOURNEY);

    assertEquals(3, rows.size());
    assertEquals(List.of("U1", "U2", "U3", "U4"), labels(rows.get(1)));
    assertEquals(List.of("V1", "V2", "V3", "V4"), labels(rows.get(2)));
    assertTrue(ids(rows.get(1)).get(1).matches("xU2:[A-Za-z0-9]{10}"), ids(rows.get(1)).toString());
  }

  @Test
  void rows_customIds_fitDiscordsHundredCharacters() {
    for (ActionRow row : buttons.rows(origin("job-1"), MIDJOURNEY)) {
      for (String id : ids(row)) {
        assertTrue(id.length() <= 100, id);
      }
    }
  }

  @Test
  void decode_providerButton_namesTheActionAndItsOrigin() {
    List<ActionRow> rows = buttons.rows(origin("job-1"), MIDJOURNEY);

    ButtonIds.Press<Buttons.Origin> press = buttons.decode(ids(rows.get(2)).get(3)).orElseThrow();

    assertEquals(ButtonIds.Action.PROVIDER, press.action());
    assertEquals("V4", press.providerAction());
    assertEquals("job-1", press.origin().remoteJobId());
    assertEquals("midjourney", press.origin().providerId());
  }

  @Test
  void decode_regenerateButton_hasNoProviderAction() {
    List<ActionRow> rows = buttons.rows(origin("job-1"), MIDJOURNEY);

    ButtonIds.Press<Buttons.Origin> press = buttons.decode(ids(rows.get(0)).get(0)).orElseThrow();

    assertEquals(ButtonIds.Action.REGENERATE, press.action());
    assertEquals("", press.providerAction());
  }

  @Test
  void decode_unknownTokenOrNoColon_isEmpty() {
    assertTrue(buttons.decode("xU2:NoSuchToken").isEmpty());
    assertTrue(buttons.decode("xU2").isEmpty());
  }

  @Test
  void rows_eachResult_getsItsOwnToken() {
    String first = ids(buttons.rows(origin("job-1"), MIDJOURNEY).get(1)).get(0);
    String second = ids(buttons.rows(origin("job-2"), MIDJOURNEY).get(1)).get(0);

    assertEquals("job-1", buttons.decode(first).orElseThrow().origin().remoteJobId());
    assertEquals("job-2", buttons.decode(second).orElseThrow().origin().remoteJobId());
  }
}
