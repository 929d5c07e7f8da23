package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.junit.jupiter.api.Test;

class SlashCommandsTest {
  private static final List<String> PROVIDERS = List.of("flux-dev", "sdxl", "sketch");

  @Test
  void definitions_coverTheBotsCommands() {
    assertEquals(List.of("generate", "cancel", "quota", "history", "resend", "providers", "characters", "themes",
        "review", "web", "library", "help", "lang", "stats", "spend", "calibrate", "grant", "role", "pause", "resume", "drain",
        "provider"), SlashCommands.definitions(PROVIDERS).stream().map(SlashCommandData::getName).toList());
  }

  @Test
  void definitions_describeEveryCommandOptionAndSubcommandInChineseForChineseClients() {
    for (SlashCommandData command : SlashCommands.definitions(PROVIDERS)) {
      for (var locale : SlashCommands.CHINESE) {
        assertTrue(command.getDescriptionLocalizations().get(locale) != null, command.getName() + " " + locale);
        command.getOptions().forEach(option -> assertTrue(option.getDescriptionLocalizations().get(locale) != null,
            command.getName() + " " + option.getName()));
        command.getSubcommands().forEach(sub -> assertTrue(sub.getDescriptionLocalizations().get(locale) != null,
            command.getName() + " " + sub.getName()));
      }
    }
    SlashCommandData generate = SlashCommands.definitions(PROVIDERS).get(0);
    assertEquals("Make a picture of a character in a theme", generate.getDescription());
    assertEquals("畫一幅角色配主題的圖", generate.getDescriptionLocalizations()
        .get(net.dv8tion.jda.api.interactions.DiscordLocale.CHINESE_TAIWAN));
    assertEquals("generate", generate.getName(), "names stay English");
  }

  @Test
  void resend_takesOneRequiredWholeNumberFromOne() {
    SlashCommandData resend = SlashCommands.definitions(PROVIDERS).stream()
        .filter(command -> command.getName().equals("resend")).findFirst().orElseThrow();
    OptionData number = resend.getOptions().get(0);
    assertEquals(1, resend.getOptions().size());
    assertEquals("number", number.getName());
    assertEquals(OptionType.INTEGER, number.getType());
    assertTrue(number.isRequired());
    assertEquals(1L, number.getMinValue().longValue());
  }

  @Test
  void shapes_withoutTheNewCommands_differ() {
    List<SlashCommandData> before = SlashCommands.definitions(PROVIDERS).stream()
        .filter(command -> !List.of("cancel", "resend").contains(command.getName())).toList();
    assertNotEquals(SlashCommands.shapes(before), SlashCommands.shapes(SlashCommands.definitions(PROVIDERS)),
        "a bot that had registered the older list registers again");
  }

  @Test
  void review_hasTheSubcommandsOfTheTypedCommand_withTheirOptions() {
    SlashCommandData review = review();
    assertEquals(List.of("pending", "approved", "show", "submit"),
        review.getSubcommands().stream().map(SubcommandData::getName).toList());
    assertEquals(List.of(), review.getOptions(), "every option belongs to a subcommand");
    SubcommandData approved = review.getSubcommands().get(1);
    assertEquals(List.of("character", "theme"), approved.getOptions().stream().map(OptionData::getName).toList());
    assertTrue(approved.getOptions().stream().allMatch(option -> option.isAutoComplete() && !option.isRequired()));
    OptionData design = review.getSubcommands().get(2).getOptions().get(0);
    assertEquals("design", design.getName());
    assertEquals(OptionType.INTEGER, design.getType());
    assertTrue(design.isRequired());
    assertEquals(1L, design.getMinValue().longValue());
    assertEquals("number", review.getSubcommands().get(3).getOptions().get(0).getName());
    assertEquals(null, review.getDefaultPermissions().getPermissionsRaw(), "everyone may browse designs");
  }

  @Test
  void shapes_changedSubcommand_differ() {
    List<SlashCommandData> changed = SlashCommands.definitions(PROVIDERS);
    review(changed).getSubcommands().get(2).setDescription("Another picture");
    assertNotEquals(SlashCommands.shapes(SlashCommands.definitions(PROVIDERS)), SlashCommands.shapes(changed));
  }

  @Test
  void shapes_withoutReview_differ() {
    List<SlashCommandData> before = SlashCommands.definitions(PROVIDERS).stream()
        .filter(command -> !command.getName().equals("review")).toList();
    assertNotEquals(SlashCommands.shapes(before), SlashCommands.shapes(SlashCommands.definitions(PROVIDERS)));
  }

  private static SlashCommandData review() {
    return review(SlashCommands.definitions(PROVIDERS));
  }

  private static SlashCommandData review(List<SlashCommandData> commands) {
    return commands.stream().filter(command -> command.getName().equals("review")).findFirst().orElseThrow();
  }

  @Test
  void generate_autocompletesCharacterAndTheme() {
    SlashCommandData generate = SlashCommands.definitions(PROVIDERS).get(0);
    assertEquals(List.of("character", "theme"), generate.getOptions().stream()
        .filter(OptionData::isAutoComplete).map(OptionData::getName).toList());
  }

  @Test
  void generate_offersTheConfiguredProvidersAsChoices() {
    OptionData provider = SlashCommands.definitions(PROVIDERS).get(0).getOptions().stream()
        .filter(option -> option.getName().equals("provider")).findFirst().orElseThrow();
    assertEquals(PROVIDERS, provider.getChoices().stream().map(choice -> choice.getAsString()).toList());
  }

  @Test
  void shapes_otherProviders_differ() {
    assertNotEquals(SlashCommands.shapes(SlashCommands.definitions(PROVIDERS)),
        SlashCommands.shapes(SlashCommands.definitions(List.of("sketch"))));
  }

  @Test
  void adminCommands_areHiddenFromMembersByDefault() {
    for (SlashCommandData command : SlashCommands.definitions(PROVIDERS)) {
      boolean admin = List.of("stats", "spend", "calibrate", "grant", "role", "pause", "resume", "drain",
          "provider")
          .contains(command.getName());
      assertEquals(admin, command.getDefaultPermissions().getPermissionsRaw() != null, command.getName());
    }
  }

  @Test
  void shapes_sameDefinitions_areEqual() {
    assertEquals(SlashCommands.shapes(SlashCommands.definitions(PROVIDERS)),
        SlashCommands.shapes(SlashCommands.definitions(PROVIDERS)));
  }

  @Test
  void shapes_changedDescription_differ() {
    List<SlashCommandData> changed = SlashCommands.definitions(PROVIDERS);
    changed.get(1).setDescription("Images left");
    assertNotEquals(SlashCommands.shapes(SlashCommands.definitions(PROVIDERS)), SlashCommands.shapes(changed));
    assertTrue(SlashCommands.shapes(changed).size() == changed.size());
  }
}
