package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rolemarket.imagebot.core.command.ActionButtons;
import java.util.List;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import org.junit.jupiter.api.Test;

/** The core's button rows as Discord components, within Discord's limits. */
class ButtonsTest {
  private static ActionButtons.Button button(String id, ActionButtons.Style style) {
    return new ActionButtons.Button(id, id, style);
  }

  @Test
  void rows_keepTheCoresOrderLabelsIdsAndStyles() {
    List<ActionRow> rows = Buttons.rows(List.of(
        List.of(button("rg:t", ActionButtons.Style.PRIMARY), button("va:t", ActionButtons.Style.SECONDARY),
            button("rv:t", ActionButtons.Style.SUCCESS)),
        List.of(button("xU1:t", ActionButtons.Style.SECONDARY))));

    assertEquals(2, rows.size());
    List<Button> first = rows.get(0).getButtons();
    assertEquals(List.of("rg:t", "va:t", "rv:t"), first.stream().map(Button::getCustomId).toList());
    assertEquals(List.of(ButtonStyle.PRIMARY, ButtonStyle.SECONDARY, ButtonStyle.SUCCESS),
        first.stream().map(Button::getStyle).toList());
    assertEquals("xU1:t", rows.get(1).getButtons().get(0).getLabel());
  }

  @Test
  void rows_tooManyForDiscord_areCutToFiveRowsOfFive() {
    List<ActionButtons.Button> seven = IntStream.range(0, 7)
        .mapToObj(i -> button("b" + i, ActionButtons.Style.SECONDARY)).toList();
    List<ActionRow> rows = Buttons.rows(IntStream.range(0, 7).mapToObj(i -> seven).toList());

    assertEquals(5, rows.size());
    rows.forEach(row -> assertEquals(5, row.getButtons().size()));
  }
}
