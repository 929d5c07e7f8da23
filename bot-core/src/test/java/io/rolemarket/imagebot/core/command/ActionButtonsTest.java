package io.rolemarket.imagebot.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The button model: rows, ids, what a press means, who may press, and when buttons expire. */
class ActionButtonsTest {
  private static final List<String> MIDJOURNEY = List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "REROLL");
  private static final Command.Generate TALL = new Command.Generate("lulu", "halloween", List.of("pumpkins"), 4,
      AspectRatio.PORTRAIT, "midjourney", Tier.QUALITY, 77L, false);

  private final InMemoryStore store = new InMemoryStore();
  private final TestClock clock = TestClock.at(TestClocks.NOW);
  private final ActionButtons buttons = new ActionButtons(store, clock, Duration.ofDays(14));

  private static ActionButtons.Origin origin(String remoteJobId) {
    return new ActionButtons.Origin("discord:1", "discord", "7", TALL, 12, "midjourney", remoteJobId);
  }

  private static List<String> labels(List<ActionButtons.Button> row) {
    return row.stream().map(ActionButtons.Button::label).toList();
  }

  private static List<String> ids(List<ActionButtons.Button> row) {
    return row.stream().map(ActionButtons.Button::id).toList();
  }

  @Test
  void rows_withoutProviderActions_isTheOneRowOfThree() {
    var rows = buttons.rows(origin(""), List.of());

    assertEquals(1, rows.size());
    assertEquals(List.of("🔁 Regenerate", "🎲 Variations", "📤 Send to review"), labels(rows.get(0)));
  }

  @Test
  void rows_midjourneyActions_addAnUpscaleRowAndAVariationRow_withoutReroll() {
    var rows = buttons.rows(origin("job-1"), MIDJOURNEY);

    assertEquals(3, rows.size());
    assertEquals(List.of("U1", "U2", "U3", "U4"), labels(rows.get(1)));
    assertEquals(List.of("V1", "V2", "V3", "V4"), labels(rows.get(2)));
    assertTrue(ids(rows.get(1)).get(1).matches("xU2:[A-Za-z0-9]{10}"), ids(rows.get(1)).toString());
  }

  @Test
  void rows_ids_fitTelegramsSixtyFourBytesAndDiscordsHundredCharacters() {
    for (var row : buttons.rows(origin("job-1"), MIDJOURNEY)) {
      for (String id : ids(row)) {
        assertTrue(id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 64, id);
      }
    }
  }

  @Test
  void press_providerButton_namesTheActionAndItsOrigin() {
    var rows = buttons.rows(origin("job-1"), MIDJOURNEY);

    var press = assertInstanceOf(ActionButtons.Pressed.ProviderAction.class,
        buttons.press("discord:1", ids(rows.get(2)).get(3)));

    assertEquals("V4", press.action());
    assertEquals("job-1", press.origin().remoteJobId());
    assertEquals("midjourney", press.origin().providerId());
    assertEquals("7", press.origin().chatRef());
  }

  @Test
  void press_regenerate_isTheSameRequestWithEveryOptionAskedAnew() {
    var rows = buttons.rows(origin("job-1"), MIDJOURNEY);

    var again = assertInstanceOf(ActionButtons.Pressed.Regenerate.class, buttons.press("discord:1", ids(rows.get(0)).get(0)));

    assertEquals(TALL.withSeed(77L, true), again.command());
  }

  @Test
  void press_variations_keepsTheOptionsWithANewSeed() {
    var rows = buttons.rows(origin("job-1"), MIDJOURNEY);

    var varied = assertInstanceOf(ActionButtons.Pressed.Vary.class, buttons.press("discord:1", ids(rows.get(0)).get(1)));

    assertEquals(TALL.aspectRatio(), varied.command().aspectRatio());
    assertEquals(TALL.tier(), varied.command().tier());
    assertEquals(TALL.extraWords(), varied.command().extraWords());
    assertNotEquals(77L, varied.command().seed());
  }

  @Test
  void press_bySomeoneElse_isNotYours() {
    var rows = buttons.rows(origin("job-1"), MIDJOURNEY);

    assertInstanceOf(ActionButtons.Pressed.NotYours.class, buttons.press("discord:2", ids(rows.get(0)).get(0)));
  }

  @Test
  void press_afterTheLifetime_hasExpired_justBefore_works() {
    var rows = buttons.rows(origin("job-1"), MIDJOURNEY);
    String regenerate = ids(rows.get(0)).get(0);

    clock.advance(Duration.ofDays(14).minusSeconds(1));
    assertInstanceOf(ActionButtons.Pressed.Regenerate.class, buttons.press("discord:1", regenerate));
    clock.advance(Duration.ofSeconds(1));
    assertInstanceOf(ActionButtons.Pressed.Expired.class, buttons.press("discord:1", regenerate));
  }

  @Test
  void press_unknownTokenForgedCodeOrNoColon_hasExpired() {
    String token = ids(buttons.rows(origin("job-1"), MIDJOURNEY).get(0)).get(0).substring(3);

    assertInstanceOf(ActionButtons.Pressed.Expired.class, buttons.press("discord:1", "xU2:NoSuchToken"));
    assertInstanceOf(ActionButtons.Pressed.Expired.class, buttons.press("discord:1", "xU2"));
    assertInstanceOf(ActionButtons.Pressed.Expired.class, buttons.press("discord:1", "zz:" + token));
    assertInstanceOf(ActionButtons.Pressed.Expired.class, buttons.press("discord:1", "xLONGER:" + token));
  }

  @Test
  void press_reviewUnderARetryButton_hasNothingToReview() {
    var retry = buttons.retryRows(new ActionButtons.Origin("discord:1", "discord", "7", TALL, 0, "", ""));
    String token = ids(retry.get(0)).get(0).substring(3);

    assertEquals(List.of("🔁 Try again"), labels(retry.get(0)));
    assertInstanceOf(ActionButtons.Pressed.Expired.class, buttons.press("discord:1", "rv:" + token));
  }

  @Test
  void rows_eachResult_getsItsOwnToken_keptInTheStore() {
    String first = ids(buttons.rows(origin("job-1"), MIDJOURNEY).get(1)).get(0);
    String second = ids(buttons.rows(origin("job-2"), MIDJOURNEY).get(1)).get(0);

    assertNotEquals(first.substring(4), second.substring(4));
    var press = assertInstanceOf(ActionButtons.Pressed.ProviderAction.class,
        new ActionButtons(store, clock, Duration.ofDays(14)).press("discord:1", second));
    assertEquals("job-2", press.origin().remoteJobId(), "another instance (a restart) reads the same store");
    assertEquals(java.util.Optional.of(TALL.toText()), store.requestOf(12));
  }
}
