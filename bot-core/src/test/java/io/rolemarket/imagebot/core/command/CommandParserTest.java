package io.rolemarket.imagebot.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandParserTest {
  private final CommandParser parser = new CommandParser("RoleMarketBot");

  @Test
  void parse_generateWithCharacterAndTheme_defaults() {
    Command.Generate command = assertInstanceOf(Command.Generate.class, parser.parse("/generate lulu halloween"));
    assertEquals("lulu", command.character());
    assertEquals("halloween", command.theme());
    assertEquals(List.of(), command.extraWords());
    assertEquals(1, command.count());
    assertEquals(AspectRatio.SQUARE, command.aspectRatio());
    assertEquals(Tier.BALANCED, command.tier());
    assertNull(command.providerId());
    assertNull(command.seed());
  }

  @Test
  void parse_extraWordsAndOptions_allRead() {
    Command.Generate command = assertInstanceOf(Command.Generate.class,
        parser.parse("/generate Lulu Christmas building a snowman --n 4 --ar 16:9 --provider sdxl --tier cheap "
            + "--seed=42 --fresh"));
    assertEquals("lulu", command.character());
    assertEquals("christmas", command.theme());
    assertEquals(List.of("building", "a", "snowman"), command.extraWords());
    assertEquals(4, command.count());
    assertEquals(AspectRatio.WIDE, command.aspectRatio());
    assertEquals("sdxl", command.providerId());
    assertEquals(Tier.CHEAP, command.tier());
    assertEquals(42L, command.seed());
    assertTrue(command.fresh());
  }

  @Test
  void parse_webAndLibrary_signInLink_revokeForAUser_elseUsage() {
    assertEquals(new Command.Web(), parser.parse("/web"));
    assertEquals(new Command.Web(), parser.parse("/library"));
    assertEquals(new Command.WebRevoke("telegram:42"), parser.parse("/web revoke telegram:42"));
    assertEquals(new Command.WebRevoke("discord:7"), parser.parse("/library REVOKE discord:7"));
    for (String bad : new String[] {"/web now", "/web revoke", "/web revoke @alice", "/web revoke a:b c:d"}) {
      Command.Invalid invalid = assertInstanceOf(Command.Invalid.class, parser.parse(bad), bad);
      assertTrue(invalid.message().startsWith("Usage: /web"), invalid.message());
    }
  }

  @Test
  void parse_emDashFromPhoneKeyboard_readAsOption() {
    Command.Generate command = assertInstanceOf(Command.Generate.class, parser.parse("/generate lulu halloween —n 2"));
    assertEquals(2, command.count());
  }

  @Test
  void parse_commandsAddressedToUs_orToOthers() {
    assertInstanceOf(Command.Help.class, parser.parse("/help@RoleMarketBot"));
    assertInstanceOf(Command.Generate.class, parser.parse("/generate@rolemarketbot lulu halloween"));
    assertInstanceOf(Command.Ignored.class, parser.parse("/help@SomeOtherBot"));
  }

  @Test
  void parse_everySimpleCommand_known() {
    assertInstanceOf(Command.Help.class, parser.parse("/start"));
    assertInstanceOf(Command.Quota.class, parser.parse("/quota"));
    assertInstanceOf(Command.History.class, parser.parse("/history"));
    assertInstanceOf(Command.Providers.class, parser.parse("/providers"));
    assertInstanceOf(Command.Characters.class, parser.parse("/characters"));
    assertInstanceOf(Command.Themes.class, parser.parse("/themes"));
    assertInstanceOf(Command.Spend.class, parser.parse("/spend"));
  }

  @Test
  void parse_unknownCommand_namesIt() {
    assertEquals("draw", assertInstanceOf(Command.Unknown.class, parser.parse("/draw lulu")).name());
  }

  @Test
  void parse_emptyGenerate_explainsUsage() {
    String message = invalid("/generate");
    assertTrue(message.contains("/generate <character> <theme>"), message);
  }

  @Test
  void parse_missingTheme_asksForIt() {
    String message = invalid("/generate lulu");
    assertTrue(message.startsWith("Which theme for lulu?"), message);
  }

  @Test
  void parse_badOptions_sayWhatIsWrong() {
    assertEquals("--n must be 1..4, was 9.", invalid("/generate lulu halloween --n 9"));
    assertTrue(invalid("/generate lulu halloween --ar 2:1").startsWith("--ar must be one of 1:1, 3:4"));
    assertTrue(invalid("/generate lulu halloween --tier best").startsWith("--tier must be quality"));
    assertTrue(invalid("/generate lulu halloween --seed -3").startsWith("--seed must be"));
    assertTrue(invalid("/generate lulu halloween --colour red").startsWith("unknown option --colour"));
    assertTrue(invalid("/generate lulu halloween --n").startsWith("--n needs a value"));
  }

  @Test
  void parse_overlongOrControlCharacters_refused() {
    assertTrue(invalid("/generate lulu halloween " + "a".repeat(1200)).contains("too long"));
    assertTrue(invalid("/generate lulu hallo\u0000ween").contains("control characters"));
    assertTrue(invalid("/generate lulu halloween " + "word ".repeat(70)).contains("extra words are too long"));
  }

  @Test
  void parse_notACommandOrBlank_gentleHint() {
    assertTrue(invalid("lulu halloween").startsWith("Commands start with a slash"));
    assertTrue(invalid("   ").contains("/help"));
    assertTrue(invalid(null).contains("/help"));
  }

  @Test
  void parse_namesWithPunctuation_refused() {
    assertTrue(invalid("/generate lu$lu halloween").contains("is not a name I know"));
  }

  private String invalid(String text) {
    return assertInstanceOf(Command.Invalid.class, parser.parse(text)).message();
  }

  @Test
  void parse_adminCommands_readOrExplained() {
    assertEquals(new Command.Grant("telegram:42", 10), parser.parse("/grant telegram:42 10"));
    assertEquals(new Command.SetRole("discord:7", io.rolemarket.imagebot.core.Role.PRO), parser.parse("/role discord:7 pro"));
    assertTrue(invalid("/grant bob 10").startsWith("Usage: /grant"));
    assertTrue(invalid("/role telegram:42 boss").startsWith("Usage: /role"));
  }

  @Test
  void parse_review_everyForm() {
    assertEquals(new Command.ReviewSubmit(12), parser.parse("/review submit #12"));
    assertEquals(new Command.ReviewPending(), parser.parse("/review pending"));
    assertEquals(new Command.ReviewShow(4), parser.parse("/review show 4"));
    assertEquals(new Command.ReviewApproved(null, null), parser.parse("/review approved"));
    assertEquals(new Command.ReviewApproved("lulu", "halloween"), parser.parse("/review approved Lulu Halloween"));
    assertEquals(new Command.ReviewVote(3, io.rolemarket.imagebot.core.store.ReviewStore.Verdict.CHANGES,
        "make the hat orange"), parser.parse("/review changes 3 make the hat orange"));
    assertEquals(new Command.ReviewVote(3, io.rolemarket.imagebot.core.store.ReviewStore.Verdict.APPROVE, ""),
        parser.parse("/review approve 3"));
  }

  @Test
  void parse_reviewBadInput_saysHow() {
    for (String text : List.of("/review", "/review submit", "/review submit x", "/review frob 3",
        "/review pending now", "/review approved a b c")) {
      assertTrue(assertInstanceOf(Command.Invalid.class, parser.parse(text)).message().startsWith("Usage: /review"),
          text);
    }
    assertTrue(assertInstanceOf(Command.Invalid.class, parser.parse("/review reject")).message()
        .startsWith("Usage: /review reject <design number>"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"/generate lulu halloween",
      "/generate lulu halloween with a pumpkin hat --n 4 --ar 16:9 --provider sdxl --tier quality --seed 42 --fresh",
      "/generate lulu christmas --tier cheap"})
  void generate_toText_readsBackAsTheSameCommand(String typed) {
    Command.Generate command = assertInstanceOf(Command.Generate.class, new CommandParser("RoleMarketBot").parse(typed));
    assertEquals(typed, command.toText());
    assertEquals(command, new CommandParser("RoleMarketBot").parse(command.toText()));
  }

  @org.junit.jupiter.api.Test
  void operatorCommands_parse_badOnesSayHowToWriteThem() {
    assertEquals(new Command.Operate(Command.Operation.PAUSE, ""), parser.parse("/pause"));
    assertEquals(new Command.Operate(Command.Operation.RESUME, ""), parser.parse("/resume"));
    assertEquals(new Command.Operate(Command.Operation.DRAIN, ""), parser.parse("/drain"));
    assertEquals(new Command.Operate(Command.Operation.PROVIDER_OFF, "flux"), parser.parse("/provider OFF Flux"));
    assertEquals(new Command.Operate(Command.Operation.PROVIDER_ON, "sdxl"), parser.parse("/provider on sdxl"));
    assertEquals(new Command.Invalid("Usage: /provider off <id> or /provider on <id>, for example /provider off flux "
        + "(see /providers)."), parser.parse("/provider flux"));
    assertEquals(new Command.Invalid("Usage: /pause, with nothing after it."), parser.parse("/pause now"));
  }
}
