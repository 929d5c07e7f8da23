package io.rolemarket.imagebot.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolemarket.imagebot.core.i18n.Lang;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The characters and themes the bot knows, and how a prompt is composed from them.
 *
 * <p>The built-in catalog is the {@code catalog.yaml} resource beside this class. A configuration file
 * adds entries or replaces them by id ({@link #overriddenBy}). Immutable and safe for concurrent use.
 */
public final class Catalog {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Set<String> CHARACTER_FIELDS =
      Set.of("name", "names", "aliases", "description", "reference", "references", "reference_url", "threshold");
  private static final Set<String> THEME_FIELDS = Set.of("name", "names", "aliases", "description");

  private final String style;
  private final String negative;
  private final Map<String, CharacterDef> characters;
  private final Map<String, ThemeDef> themes;

  private Catalog(String style, String negative, Map<String, CharacterDef> characters, Map<String, ThemeDef> themes) {
    this.style = style;
    this.negative = negative;
    this.characters = Collections.unmodifiableMap(new LinkedHashMap<>(characters));
    this.themes = Collections.unmodifiableMap(new LinkedHashMap<>(themes));
  }

  /** The catalog shipped with the bot. */
  public static Catalog builtIn() {
    try (InputStream in = Catalog.class.getResourceAsStream("catalog.yaml")) {
      if (in == null) {
        throw new IllegalStateException("catalog.yaml is missing from the bot-core jar");
      }
      return fromYaml(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in catalog", e);
    }
  }

  /**
   * A catalog read from a YAML tree with optional {@code style}, {@code negative}, {@code characters} and
   * {@code themes} keys (the shape of {@code catalog.yaml}). A character's optional {@code reference_url} must
   * be a public {@code https://} URL. A mapping under an entry's key that is not one of its fields holds hints
   * for the provider of that id ({@link ProviderHints}), which that provider checks.
   *
   * @throws IllegalArgumentException naming the entry and field that is wrong
   */
  public static Catalog fromYaml(JsonNode root) {
    Map<String, CharacterDef> characters = new LinkedHashMap<>();
    root.path("characters").properties().forEach(entry -> {
      String id = entry.getKey().toLowerCase(Locale.ROOT);
      JsonNode node = entry.getValue();
      characters.put(id, new CharacterDef(
          id,
          node.path("name").asText(id),
          strings(node.path("aliases")),
          node.path("description").asText(""),
          ProviderHints.fromYaml(node, CHARACTER_FIELDS),
          references(id, node),
          node.hasNonNull("reference_url") ? node.path("reference_url").asText().strip() : null,
          threshold(id, node.path("threshold")),
          names("character " + id, node.path("names"))));
    });
    Map<String, ThemeDef> themes = new LinkedHashMap<>();
    root.path("themes").properties().forEach(entry -> {
      String id = entry.getKey().toLowerCase(Locale.ROOT);
      JsonNode node = entry.getValue();
      themes.put(id, new ThemeDef(
          id,
          node.path("name").asText(id),
          strings(node.path("aliases")),
          node.path("description").asText(""),
          ProviderHints.fromYaml(node, THEME_FIELDS),
          names("theme " + id, node.path("names"))));
    });
    return new Catalog(root.path("style").asText(""), root.path("negative").asText(""), characters, themes);
  }

  /** This catalog with {@code other}'s entries added, replacing ours where the ids are the same. */
  public Catalog overriddenBy(Catalog other) {
    Map<String, CharacterDef> mergedCharacters = new LinkedHashMap<>(characters);
    mergedCharacters.putAll(other.characters);
    Map<String, ThemeDef> mergedThemes = new LinkedHashMap<>(themes);
    mergedThemes.putAll(other.themes);
    return new Catalog(
        other.style.isBlank() ? style : other.style,
        other.negative.isBlank() ? negative : other.negative,
        mergedCharacters,
        mergedThemes);
  }

  /** Every character, in catalog order. */
  public List<CharacterDef> characters() {
    return List.copyOf(characters.values());
  }

  /** Every theme, in catalog order. */
  public List<ThemeDef> themes() {
    return List.copyOf(themes.values());
  }

  /** The character with this id or alias (any case). */
  public Optional<CharacterDef> character(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    CharacterDef exact = characters.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    return characters.values().stream()
        .filter(c -> c.aliases().contains(key) || c.names().containsValue(name.strip())).findFirst();
  }

  /** The theme with this id or alias (any case). */
  public Optional<ThemeDef> theme(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    ThemeDef exact = themes.get(key);
    if (exact != null) {
      return Optional.of(exact);
    }
    return themes.values().stream()
        .filter(t -> t.aliases().contains(key) || t.names().containsValue(name.strip())).findFirst();
  }

  /**
   * What a misspelt {@code name} is compared with: written in Chinese, the entries' Chinese names and aliases;
   * otherwise the ids (a Latin typo is never near a Chinese name, and the other way round).
   */
  private static Collection<String> candidates(String name, Collection<String> ids, Stream<String> chinese) {
    return NameMatcher.chinese(name) ? chinese.distinct().toList() : ids;
  }

  private static Stream<String> localized(Map<Lang, String> names, List<String> aliases) {
    return Stream.concat(names.values().stream(), aliases.stream()).filter(NameMatcher::chinese);
  }

  /** The {@code names:} mapping of an entry: language code to display name ({@code zh-HK: 萬聖節}). */
  private static Map<Lang, String> names(String entry, JsonNode node) {
    Map<Lang, String> names = new java.util.EnumMap<>(Lang.class);
    node.properties().forEach(name -> names.put(Lang.parse(name.getKey()).orElseThrow(
        () -> new IllegalArgumentException(entry + " names: no language '" + name.getKey() + "' (en, zh-HK)")),
        name.getValue().asText().strip()));
    return names;
  }

  /** Character ids nearest to a misspelt name, nearest first. */
  public List<String> nearestCharacters(String name) {
    return NameMatcher.nearest(name, candidates(name, characters.keySet(),
        characters.values().stream().flatMap(c -> localized(c.names(), c.aliases()))), 3);
  }

  /** Theme ids nearest to a misspelt name, nearest first. */
  public List<String> nearestThemes(String name) {
    return NameMatcher.nearest(name, candidates(name, themes.keySet(),
        themes.values().stream().flatMap(t -> localized(t.names(), t.aliases()))), 3);
  }

  /** The negative prompt: what no picture should contain. */
  public String negativePrompt() {
    return negative;
  }

  /**
   * The full prompt: character description, theme description, style words, then the user's extra words.
   */
  public String composePrompt(CharacterDef character, ThemeDef theme, List<String> extraWords) {
    List<String> parts = new ArrayList<>(4);
    parts.add(character.description().strip());
    parts.add(theme.description().strip());
    if (!style.isBlank()) {
      parts.add(style.strip());
    }
    if (!extraWords.isEmpty()) {
      parts.add(String.join(" ", extraWords));
    }
    return String.join(", ", parts);
  }

  static void checkId(String what, String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          what + " id must be 1..32 lower-case letters, digits or '-', was '" + id + "'");
    }
  }

  /** {@code reference: one.png} and {@code references: [a.png, b.png]}, in that order, without repeats. */
  private static List<String> references(String id, JsonNode node) {
    Set<String> paths = new java.util.LinkedHashSet<>();
    if (node.hasNonNull("reference")) {
      paths.add(node.path("reference").asText().strip());
    }
    JsonNode list = node.path("references");
    if (!list.isMissingNode() && !list.isNull()) {
      if (!list.isArray()) {
        throw new IllegalArgumentException("character " + id + " references must be a list of picture files");
      }
      list.forEach(item -> paths.add(item.asText().strip()));
    }
    if (paths.contains("")) {
      throw new IllegalArgumentException("character " + id + " has an empty reference path");
    }
    return List.copyOf(paths);
  }

  private static double threshold(String id, JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return CharacterDef.DEFAULT_THRESHOLD;
    }
    if (!node.isNumber()) {
      throw new IllegalArgumentException("character " + id + " threshold must be a number such as 0.75, was '"
          + node.asText() + "'");
    }
    return node.asDouble();
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(item -> values.add(item.asText().toLowerCase(Locale.ROOT)));
    }
    return values;
  }
}
