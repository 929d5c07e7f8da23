package io.rolemarket.imagebot.providers.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ProviderHints;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import java.util.List;
import org.junit.jupiter.api.Test;

class SketchHintsTest {
  private static Catalog catalog(String yaml) throws Exception {
    return Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml));
  }

  @Test
  void builtIn_luluIsAPinkPigAndHalloweenHasItsPalette() {
    Catalog builtIn = Catalog.builtIn();
    CharacterDef lulu = builtIn.character("lulu").orElseThrow();
    assertEquals("pig", SketchHints.species(lulu));
    assertEquals("#F7A8C4", SketchHints.color(lulu));
    ThemeDef halloween = builtIn.theme("halloween").orElseThrow();
    assertEquals(List.of("#1b0b3a", "#4b1d6b", "#2a1a12", "#ff7a00"), SketchHints.palette(halloween));
    assertEquals(List.of("moon", "bats", "pumpkin", "stars", "hat-witch"), SketchHints.props(halloween));
  }

  @Test
  void noSketchHints_defaults() throws Exception {
    Catalog read = catalog("""
        characters: {momo: {description: a bunny}}
        themes: {night: {description: a night, sketch: {props: [Moon]}}}
        """);
    CharacterDef momo = read.character("momo").orElseThrow();
    assertEquals("mascot", SketchHints.species(momo));
    assertEquals("#F7A8C4", SketchHints.color(momo));
    ThemeDef night = read.theme("night").orElseThrow();
    assertEquals(SketchHints.DEFAULT_PALETTE, SketchHints.palette(night));
    assertEquals(List.of("moon"), SketchHints.props(night));
  }

  @Test
  void checkHints_badCharacterColour_namesTheCharacter() throws Exception {
    Catalog read = catalog("characters: {momo: {description: a bunny, sketch: {color: pink}}}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SketchProvider(read));
    assertEquals("character momo sketch color must be #RRGGBB, was 'pink'", e.getMessage());
  }

  @Test
  void checkHints_badPalette_namesTheTheme() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SketchProvider.checkHints(
        catalog("themes: {night: {description: a night, sketch: {palette: ['#000000', 'Navy']}}}")));
    assertEquals("theme night sketch palette must be #RRGGBB, was 'navy'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SketchProvider.checkHints(catalog("""
        themes: {night: {description: a night, sketch: {palette: ['#000000', '#000000', '#000000', '#000000',
          '#000000']}}}
        """)));
    assertEquals("theme night sketch palette needs 1..4 colours, has 5", e.getMessage());
  }

  @Test
  void entriesBuiltWithoutACatalog_keepTheirSketchLook() {
    CharacterDef character = new CharacterDef("bobo", "Bobo", List.of(), "a bear", new ProviderHints(
        java.util.Map.of("sketch", java.util.Map.of("species", List.of("bear"), "color", List.of("#A0522D")))), null, null);
    assertEquals("bear", SketchHints.species(character));
    assertEquals("#A0522D", SketchHints.color(character));
    ThemeDef theme = new ThemeDef("sea", "Sea", List.of(), "the sea", new ProviderHints(
        java.util.Map.of("sketch", java.util.Map.of("palette", List.of("#4FC3F7"), "props", List.of("sun")))));
    assertEquals(List.of("#4fc3f7"), SketchHints.palette(theme));
    assertEquals(List.of("sun"), SketchHints.props(theme));
  }
}
