package io.rolemarket.imagebot.core.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogTest {
  private final Catalog catalog = Catalog.builtIn();

  @Test
  void builtIn_hasLuluAndTheSeedThemes() {
    assertEquals("Lulu Pig", catalog.character("lulu").orElseThrow().name());
    assertEquals(Optional.of("pig"), catalog.character("lulu").orElseThrow().hints().value("sketch", "species"));
    for (String theme : List.of("halloween", "christmas", "spring-festival")) {
      assertTrue(catalog.theme(theme).isPresent(), theme);
    }
  }

  @Test
  void lookup_aliasesAndCase_found() {
    assertEquals("spring-festival", catalog.theme("CNY").orElseThrow().id());
    assertEquals("christmas", catalog.theme("xmas").orElseThrow().id());
    assertEquals("lulu", catalog.character("Lulu").orElseThrow().id());
  }

  @Test
  void lookup_chineseNamesAndAliases_found() {
    assertEquals("halloween", catalog.theme("萬聖節").orElseThrow().id());
    assertEquals("christmas", catalog.theme("聖誕節").orElseThrow().id());
    for (String name : List.of("農曆新年", "新年", "春節")) {
      assertEquals("spring-festival", catalog.theme(name).orElseThrow().id(), name);
    }
    assertEquals("萬聖節", catalog.theme("halloween").orElseThrow().name(io.rolemarket.imagebot.core.i18n.Lang.ZH_HK));
    assertEquals("Halloween", catalog.theme("halloween").orElseThrow().name(io.rolemarket.imagebot.core.i18n.Lang.EN));
    assertEquals("Lulu Pig", catalog.character("lulu").orElseThrow().name(io.rolemarket.imagebot.core.i18n.Lang.ZH_HK),
        "no Chinese name until the team gives one");
  }

  @Test
  void nearest_chineseNearMiss_suggestsChineseNamesOnly() {
    assertTrue(catalog.nearestThemes("萬聖夜").contains("萬聖節"), catalog.nearestThemes("萬聖夜").toString());
    assertTrue(catalog.nearestThemes("hw").stream().noneMatch(name -> name.codePoints().anyMatch(c -> c > 0x2E80)),
        "a Latin typo is never near a Chinese name: " + catalog.nearestThemes("hw"));
  }

  @Test
  void names_unknownLanguage_namesTheEntry() throws Exception {
    var yaml = new ObjectMapper(new YAMLFactory()).readTree(
        "themes:\n  moon:\n    names: {fr: Lune}\n    description: a full moon\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.fromYaml(yaml));
    assertTrue(e.getMessage().contains("theme moon names"), e.getMessage());
  }

  @Test
  void nearest_typos_suggestTheRealName() {
    assertEquals(List.of("lulu"), catalog.nearestCharacters("lullu"));
    assertEquals(List.of("halloween"), catalog.nearestThemes("haloween"));
    assertEquals(List.of("halloween"), catalog.nearestThemes("hal"));
    assertEquals(List.of(), catalog.nearestThemes("spaceship"));
  }

  @Test
  void composePrompt_characterThenThemeThenStyleThenExtraWords() {
    String prompt = catalog.composePrompt(catalog.character("lulu").orElseThrow(),
        catalog.theme("halloween").orElseThrow(), List.of("riding", "a", "broom"));
    int character = prompt.indexOf("Lulu Pig, a round pink cartoon pig");
    int theme = prompt.indexOf("Halloween night");
    int style = prompt.indexOf("mascot character illustration");
    int extra = prompt.indexOf("riding a broom");
    assertTrue(character == 0 && character < theme && theme < style && style < extra, prompt);
    assertTrue(prompt.endsWith("riding a broom"), prompt);
  }

  @Test
  void overriddenBy_addsAndReplacesEntries() throws Exception {
    String yaml = """
        characters:
          bobo:
            name: Bobo Bear
            description: Bobo, a chubby brown bear
            sketch: {species: bear, color: "#8B5A2B"}
        themes:
          halloween:
            name: Spooky Night
            description: a very spooky night
            sketch: {palette: ["#000000"], props: [moon]}
        """;
    Catalog merged = catalog.overriddenBy(Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
    assertEquals("Bobo Bear", merged.character("bobo").orElseThrow().name());
    assertEquals("Lulu Pig", merged.character("lulu").orElseThrow().name());
    assertEquals("Spooky Night", merged.theme("halloween").orElseThrow().name());
    assertTrue(merged.theme("christmas").isPresent());
  }

  @Test
  void fromYaml_badEntry_namesTheField() throws Exception {
    String yaml = """
        characters:
          momo:
            sketch: {color: pink}
        """;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
    assertEquals("character momo needs a description", e.getMessage());
  }

  @Test
  void fromYaml_mappingsOtherThanFields_areHintsByProviderId() throws Exception {
    String yaml = """
        characters:
          momo:
            name: Momo
            aliases: [mo]
            description: a bunny
            reference: brand/momo.png
            sketch: {species: Bunny, color: "#FFFFFF", ignored: {nested: 1}, none: ~}
            acme: {style: [soft, round]}
        themes:
          night:
            description: a night
            sketch: {palette: ["#000000", "#112233"], props: moon}
        """;
    Catalog read = Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    ProviderHints momo = read.character("momo").orElseThrow().hints();
    assertEquals(Map.of("species", List.of("Bunny"), "color", List.of("#FFFFFF")), momo.forProvider("sketch"));
    assertEquals(List.of("soft", "round"), momo.values("acme", "style"));
    assertEquals(Set.of("sketch", "acme"), momo.byProvider().keySet(), "fields are not hints");
    ProviderHints night = read.theme("night").orElseThrow().hints();
    assertEquals(List.of("#000000", "#112233"), night.values("sketch", "palette"));
    assertEquals(Optional.of("moon"), night.value("sketch", "props"));
    assertEquals(Map.of(), night.forProvider("acme"));
  }

  @Test
  void fromYaml_referenceUrl_keptOnTheCharacter() throws Exception {
    String yaml = """
        characters:
          momo:
            description: a bunny
            reference_url: " https://cdn.example.org/refs/momo.png "
        """;
    CharacterDef momo = Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml)).character("momo")
        .orElseThrow();
    assertEquals("https://cdn.example.org/refs/momo.png", momo.referenceUrl());
    assertEquals(null, catalog.character("lulu").orElseThrow().referenceUrl(), "the built-in catalog points nowhere");
  }

  @Test
  void fromYaml_referenceUrlNotHttps_namesTheCharacter() throws Exception {
    String yaml = """
        characters:
          momo:
            description: a bunny
            reference_url: http://cdn.example.org/refs/momo.png
        """;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
    assertEquals("character momo reference_url must be an https:// URL (Midjourney fetches it from the internet), "
        + "was 'http://cdn.example.org/refs/momo.png'", e.getMessage());
  }

  @Test
  void referenceUrl_spacesCredentialsOrNoHost_refused() {
    for (String bad : List.of("https://cdn.example.org/a b.png", "https://user:pw123@cdn.example.org/a.png",
        "https:///a.png", "brand/lulu.png", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CharacterDef("momo",
          "Momo", List.of(), "a bunny", ProviderHints.NONE, null, bad), bad);
      assertTrue(e.getMessage().startsWith("character momo reference_url "), e.getMessage());
      assertTrue(!e.getMessage().contains("pw123"), "credentials are not repeated: " + e.getMessage());
    }
  }

  @Test
  void fromYaml_referencesAndThreshold_keptInOrderWithoutRepeats() throws Exception {
    String yaml = """
        characters:
          momo:
            description: a bunny
            reference: brand/momo-sheet.png
            references: [brand/momo-side.png, brand/momo-sheet.png, brand/momo-scene.jpg]
            threshold: 0.71
          bobo:
            description: a bear
        """;
    Catalog read = Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml));
    CharacterDef momo = read.character("momo").orElseThrow();
    assertEquals(List.of("brand/momo-sheet.png", "brand/momo-side.png", "brand/momo-scene.jpg"), momo.references());
    assertEquals("brand/momo-sheet.png", momo.reference());
    assertEquals(0.71, momo.threshold());
    CharacterDef bobo = read.character("bobo").orElseThrow();
    assertEquals(List.of(), bobo.references());
    assertEquals(CharacterDef.DEFAULT_THRESHOLD, bobo.threshold());
  }

  @Test
  void fromYaml_thresholdOutOfRangeOrNotANumber_namesTheCharacter() throws Exception {
    for (String value : List.of("0", "1.2", "high", "-0.5")) {
      String yaml = "characters:\n  momo:\n    description: a bunny\n    threshold: " + value + "\n";
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml)), value);
      assertTrue(e.getMessage().startsWith("character momo threshold must be"), e.getMessage());
    }
  }
}
