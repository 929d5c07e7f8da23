package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.junit.jupiter.api.Test;

class SlashCommandsTest {

  @Test
  void definitions_coverTheBotsCommands() {
    assertEquals(List.of("generate", "quota", "history", "providers", "characters", "themes", "help", "stats",
        "grant", "role"), SlashCommands.definitions().stream().map(SlashCommandData::getName).toList());
  }

  @Test
  void generate_autocompletesCharacterAndTheme() {
    SlashCommandData generate = SlashCommands.definitions().get(0);
    assertEquals(List.of("character", "theme"), generate.getOptions().stream()
        .filter(OptionData::isAutoComplete).map(OptionData::getName).toList());
  }

  @Test
  void adminCommands_areHiddenFromMembersByDefault() {
    for (SlashCommandData command : SlashCommands.definitions()) {
      boolean admin = List.of("stats", "grant", "role").contains(command.getName());
      assertEquals(admin, command.getDefaultPermissions().getPermissionsRaw() != null, command.getName());
    }
  }

  @Test
  void shapes_sameDefinitions_areEqual() {
    assertEquals(SlashCommands.shapes(SlashCommands.definitions()), SlashCommands.shapes(SlashCommands.definitions()));
  }

  @Test
  void shapes_changedDescription_differ() {
    List<SlashCommandData> changed = SlashCommands.definitions();
    changed.get(1).setDescription("Images left");
    assertNotEquals(SlashCommands.shapes(SlashCommands.definitions()), SlashCommands.shapes(changed));
    assertTrue(SlashCommands.shapes(changed).size() == changed.size());
  }
}
