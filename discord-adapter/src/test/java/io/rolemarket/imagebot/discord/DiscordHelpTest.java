package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.catalog.Catalog;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.junit.jupiter.api.Test;

class DiscordHelpTest {
  private static final Pattern COMMAND = Pattern.compile("(?<![\\w:/])/([a-z][a-z-]*)");
  private static final List<SlashCommandData> DEFINED = SlashCommands.definitions(List.of("sketch"));
  private final String help = DiscordHelp.text(Catalog.builtIn());

  @Test
  void help_namesExactlyTheSlashCommandsDiscordShows() {
    Set<String> named = new TreeSet<>();
    Matcher matcher = COMMAND.matcher(help);
    while (matcher.find()) {
      named.add(matcher.group(1));
    }
    assertEquals(DEFINED.stream().map(SlashCommandData::getName).collect(Collectors.toCollection(TreeSet::new)),
        named);
  }

  @Test
  void help_hasNoTelegramSyntax() {
    for (String telegramOnly : List.of("/review approve ", "/review reject", "/review changes", "--n", "--ar",
        "--provider", "<", "/start")) {
      assertFalse(help.contains(telegramOnly), telegramOnly + " in:\n" + help);
    }
  }

  @Test
  void help_examplesUseOptionsTheCommandsHave() {
    List<String> examples = help.lines().filter(line -> line.startsWith("  /")).toList();
    assertTrue(examples.contains("  /generate character:lulu theme:halloween"), help);
    for (String example : examples) {
      String[] words = example.strip().split(" ");
      String name = words[0].substring(1);
      SlashCommandData command = DEFINED.stream().filter(defined -> defined.getName().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("no /" + name));
      List<OptionData> offered = command.getSubcommands().isEmpty() ? command.getOptions()
          : command.getSubcommands().stream().filter(sub -> words.length > 1 && sub.getName().equals(words[1]))
              .findFirst().orElseThrow(() -> new AssertionError("no subcommand in " + example)).getOptions();
      Set<String> options = offered.stream().map(OptionData::getName).collect(Collectors.toSet());
      Matcher used = Pattern.compile("(?:^| )([a-z]+):").matcher(example.strip());
      while (used.find()) {
        assertTrue(options.contains(used.group(1)), used.group(1) + " is not an option of /" + name);
      }
    }
  }

  @Test
  void help_namesEveryReviewSubcommand() {
    for (String subcommand : List.of("pending", "approved", "show", "submit")) {
      assertTrue(help.contains(subcommand), subcommand + " in:\n" + help);
    }
  }

  @Test
  void help_explainsReviewByButtons() {
    assertTrue(help.contains("📤") && help.contains("buttons in the review channel"), help);
  }
}
