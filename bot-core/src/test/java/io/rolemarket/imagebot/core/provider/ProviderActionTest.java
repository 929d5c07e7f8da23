package io.rolemarket.imagebot.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderActionTest {
  private static final List<ProviderAction> ALL = List.of(ProviderAction.upscale(1), ProviderAction.upscale(2),
      ProviderAction.upscale(3), ProviderAction.upscale(4), ProviderAction.variation(1), ProviderAction.variation(2),
      ProviderAction.variation(3), ProviderAction.variation(4), ProviderAction.reroll());

  @Test
  void label_eachAction_isTheNameButtonsUse() {
    assertEquals(List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "REROLL"),
        ALL.stream().map(ProviderAction::label).toList());
  }

  @Test
  void parse_label_roundTripsEveryAction() {
    for (ProviderAction action : ALL) {
      assertEquals(Optional.of(action), ProviderAction.parse(action.label()), action.label());
    }
  }

  @Test
  void parse_anyCaseAndBlanksAround_isTheSameAction() {
    assertEquals(Optional.of(ProviderAction.upscale(2)), ProviderAction.parse(" u2 "));
    assertEquals(Optional.of(ProviderAction.variation(3)), ProviderAction.parse("v3"));
    assertEquals(Optional.of(ProviderAction.reroll()), ProviderAction.parse("Reroll"));
  }

  @Test
  void parse_forgedLabels_areRefused() {
    for (String forged : List.of("U9", "U0", "V5", "X1", "U", "V", "", " ", "U12", "U-1", "R", "REROLL1", "1U",
        "upsample2", "U²")) {
      assertEquals(Optional.empty(), ProviderAction.parse(forged), "'" + forged + "'");
    }
  }

  @Test
  void new_indexOutsideTheGridOrARerollWithAnIndex_isRefusedSayingWhatWasGiven() {
    IllegalArgumentException upscale = assertThrows(IllegalArgumentException.class, () -> ProviderAction.upscale(5));
    assertTrue(upscale.getMessage().contains("1..4") && upscale.getMessage().contains("was 5"), upscale.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProviderAction.variation(0));
    assertThrows(IllegalArgumentException.class, () -> new ProviderAction(ProviderAction.Kind.REROLL, 1));
  }

  @Test
  void single_onlyAnUpscale() {
    assertTrue(ProviderAction.upscale(1).single());
    assertFalse(ProviderAction.variation(1).single());
    assertFalse(ProviderAction.reroll().single());
  }
}
