package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlashInputTest {

  private static Command command(String name, Map<String, String> options) {
    return new SlashInput(name, options).command();
  }

  @Test
  void generate_requiredOnly_isOneSquareBalancedPicture() {
    Command.Generate generate = assertInstanceOf(Command.Generate.class,
        command("generate", Map.of("character", "Lulu", "theme", "halloween")));
    assertEquals(new Command.Generate("lulu", "halloween", List.of(), 1, AspectRatio.SQUARE, null, Tier.BALANCED,
        null, false), generate);
  }

  @Test
  void generate_everyOption_isTranslated() {
    Command.Generate generate = assertInstanceOf(Command.Generate.class, command("generate", Map.of(
        "character", "lulu", "theme", "christmas", "extra", "  building a snowman ", "count", "4", "aspect", "16:9",
        "provider", "SDXL", "tier", "quality", "fresh", "true")));
    assertEquals(new Command.Generate("lulu", "christmas", List.of("building", "a", "snowman"), 4,
        AspectRatio.WIDE, "sdxl", Tier.QUALITY, null, true), generate);
  }

  @Test
  void generate_countOutOfRange_isInvalid() {
    Command.Invalid invalid = assertInstanceOf(Command.Invalid.class,
        command("generate", Map.of("character", "lulu", "theme", "halloween", "count", "9")));
    assertEquals("count must be 1..4, was 9.", invalid.message());
  }

  @Test
  void generate_unknownAspect_isInvalidAndNamesTheChoices() {
    Command.Invalid invalid = assertInstanceOf(Command.Invalid.class,
        command("generate", Map.of("character", "lulu", "theme", "halloween", "aspect", "2:1")));
    assertTrue(invalid.message().contains("1:1, 3:4, 4:3, 9:16, 16:9"), invalid.message());
  }

  @Test
  void generate_nameWithSpaces_isInvalid() {
    assertInstanceOf(Command.Invalid.class, command("generate", Map.of("character", "lulu pig", "theme", "x")));
  }

  @Test
  void generate_extraTooLong_isInvalid() {
    assertInstanceOf(Command.Invalid.class,
        command("generate", Map.of("character", "lulu", "theme", "halloween", "extra", "a".repeat(301))));
  }

  @Test
  void adminCommands_areTranslated() {
    assertEquals(new Command.Grant("discord:42", 10), command("grant", Map.of("user", "discord:42", "images", "10")));
    assertEquals(new Command.SetRole("discord:42", Role.PRO), command("role", Map.of("user", "discord:42",
        "role", "pro")));
    assertInstanceOf(Command.Invalid.class, command("grant", Map.of("user", "42", "images", "10")));
    assertEquals(new Command.Stats(), command("stats", Map.of()));
    assertEquals(new Command.Spend(), command("spend", Map.of()));
    assertEquals(new Command.Calibrate("lulu"), command("calibrate", Map.of("character", "lulu")));
    assertInstanceOf(Command.Invalid.class, command("calibrate", Map.of()));
  }

  @Test
  void simpleCommands_areTranslated() {
    assertEquals(new Command.Quota(), command("quota", Map.of()));
    assertEquals(new Command.History(), command("history", Map.of()));
    assertEquals(new Command.Providers(), command("providers", Map.of()));
    assertEquals(new Command.Characters(), command("characters", Map.of()));
    assertEquals(new Command.Themes(), command("themes", Map.of()));
    assertEquals(new Command.Help(), command("help", Map.of()));
    assertEquals(new Command.Cancel(), command("cancel", Map.of()));
    assertEquals(new Command.Unknown("imagine"), command("imagine", Map.of()));
  }

  @Test
  void review_isTheCommandTheTypedParserMakes() {
    CommandParser typed = new CommandParser(null);
    assertEquals(typed.parse("/review pending"), command("review pending", Map.of()));
    assertEquals(typed.parse("/review approved"), command("review approved", Map.of()));
    assertEquals(typed.parse("/review approved lulu"), command("review approved", Map.of("character", "Lulu")));
    assertEquals(typed.parse("/review approved lulu halloween"),
        command("review approved", Map.of("character", "lulu", "theme", " Halloween ")));
    assertEquals(typed.parse("/review show 3"), command("review show", Map.of("design", "3")));
    assertEquals(typed.parse("/review submit 12"), command("review submit", Map.of("number", "12")));
  }

  @Test
  void reviewApproved_themeAlone_filtersByThemeOnly() {
    assertEquals(new Command.ReviewApproved(null, "christmas"),
        command("review approved", Map.of("theme", "christmas")));
  }

  @Test
  void review_badInput_isInvalidWithSlashUsage() {
    for (String bad : List.of("0", "-3", "three", "")) {
      Command.Invalid show = assertInstanceOf(Command.Invalid.class, command("review show", Map.of("design", bad)));
      assertTrue(show.message().startsWith("Usage: /review show design:"), show.message());
      Command.Invalid submit = assertInstanceOf(Command.Invalid.class,
          command("review submit", Map.of("number", bad)));
      assertTrue(submit.message().startsWith("Usage: /review submit number:"), submit.message());
    }
    assertInstanceOf(Command.Invalid.class, command("review approved", Map.of("character", "lulu pig")));
  }

  @Test
  void resend_number_isTheHistoryEntry() {
    assertEquals(new Command.Resend(12), command("resend", Map.of("number", "12")));
  }

  @Test
  void resend_zeroOrNotANumber_isInvalidWithUsage() {
    for (String bad : List.of("0", "-3", "twelve", "")) {
      Command.Invalid invalid = assertInstanceOf(Command.Invalid.class, command("resend", Map.of("number", bad)));
      assertTrue(invalid.message().startsWith("Usage: /resend number:"), invalid.message());
    }
    assertInstanceOf(Command.Invalid.class, command("resend", Map.of()));
  }
}
