package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.NameMatcher;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.i18n.Lang;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Autocomplete answers for the character and theme options, from the catalog: names that start with what
 * was typed, then names that contain it, then near misses ("hal" → halloween, "hallowen" → halloween).
 * In memory and quick, well inside Discord's 3-second budget. Stateless.
 */
final class Suggestions {
  /** Discord shows at most 25 choices. */
  static final int MAX = 25;

  private Suggestions() {}

  /** A choice: the label shown and the value sent back. */
  record Choice(String label, String value) {}

  /** The choices for {@code option} ({@code character} or {@code theme}) given what was typed, in English. */
  static List<Choice> of(Catalog catalog, String option, String typed) {
    return of(catalog, option, typed, Lang.EN);
  }

  /**
   * The choices for {@code option} given what was typed, labelled in {@code lang}; Chinese names and aliases match
   * too ({@code 萬聖} → halloween).
   */
  static List<Choice> of(Catalog catalog, String option, String typed, Lang lang) {
    Map<String, String> labelsById = new LinkedHashMap<>();
    Map<String, List<String>> namesById = new LinkedHashMap<>();
    switch (option) {
      case "character" -> {
        for (CharacterDef character : catalog.characters()) {
          labelsById.put(character.id(), character.name(lang));
          namesById.put(character.id(), names(character.id(), character.name(), character.aliases(),
              character.names().values()));
        }
      }
      case "theme" -> {
        for (ThemeDef theme : catalog.themes()) {
          labelsById.put(theme.id(), theme.name(lang));
          namesById.put(theme.id(), names(theme.id(), theme.name(), theme.aliases(), theme.names().values()));
        }
      }
      default -> {
        return List.of();
      }
    }
    String needle = typed.strip().toLowerCase(Locale.ROOT);
    Map<String, Integer> rank = new LinkedHashMap<>();
    for (var entry : namesById.entrySet()) {
      if (needle.isEmpty() || entry.getValue().stream().anyMatch(name -> name.startsWith(needle))) {
        rank.putIfAbsent(entry.getKey(), 0);
      }
    }
    for (var entry : namesById.entrySet()) {
      if (entry.getValue().stream().anyMatch(name -> name.contains(needle))) {
        rank.putIfAbsent(entry.getKey(), 1);
      }
    }
    for (String id : NameMatcher.nearest(needle, namesById.keySet(), MAX)) {
      rank.putIfAbsent(id, 2);
    }
    return rank.keySet().stream().limit(MAX)
        .map(id -> new Choice(labelsById.get(id) + " (" + id + ")", id)).toList();
  }

  private static List<String> names(String id, String name, List<String> aliases, Collection<String> localized) {
    List<String> names = new ArrayList<>();
    names.add(id.toLowerCase(Locale.ROOT));
    names.add(name.toLowerCase(Locale.ROOT));
    aliases.forEach(alias -> names.add(alias.toLowerCase(Locale.ROOT)));
    names.addAll(localized);
    return names;
  }
}
