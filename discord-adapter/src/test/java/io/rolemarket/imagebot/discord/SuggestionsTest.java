package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.catalog.Catalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private final Catalog catalog = Catalog.builtIn();

  private List<String> values(String option, String typed) {
    return Suggestions.of(catalog, option, typed).stream().map(Suggestions.Choice::value).toList();
  }

  @Test
  void theme_chineseName_findsItsTheme_labelledInChinese() {
    assertEquals("halloween", values("theme", "萬聖").get(0));
    assertEquals("spring-festival", values("theme", "春節").get(0));
    Suggestions.Choice choice = Suggestions.of(catalog, "theme", "聖誕",
        io.rolemarket.imagebot.core.i18n.Lang.ZH_HK).get(0);
    assertEquals(new Suggestions.Choice("聖誕節 (christmas)", "christmas"), choice);
  }

  @Test
  void theme_prefix_comesFirst() {
    assertEquals("halloween", values("theme", "hal").get(0));
  }

  @Test
  void theme_misspelt_isForgiven() {
    assertEquals("halloween", values("theme", "hallowen").get(0));
  }

  @Test
  void theme_alias_findsItsTheme() {
    assertEquals("spring-festival", values("theme", "cny").get(0));
  }

  @Test
  void character_nothingTyped_offersTheWholeCatalog() {
    assertEquals(catalog.characters().size(), values("character", "").size());
  }

  @Test
  void character_choice_showsNameAndId() {
    Suggestions.Choice first = Suggestions.of(catalog, "character", "lu").get(0);
    assertEquals("lulu", first.value());
    assertTrue(first.label().startsWith("Lulu Pig"), first.label());
  }

  @Test
  void otherOption_hasNoSuggestions() {
    assertEquals(List.of(), values("provider", "s"));
  }

  @Test
  void choices_neverExceedDiscordsLimit() {
    assertTrue(values("theme", "").size() <= Suggestions.MAX);
  }
}
