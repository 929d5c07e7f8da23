package io.rolemarket.imagebot.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a catalog entry tells particular providers beyond the prompt, by provider id: how the offline Sketch
 * provider draws a character ({@code sketch: {species: pig, color: "#F7A8C4"}}), for instance. The core
 * carries hints without reading them; each provider reads and checks its own.
 *
 * <p>In catalog YAML, a mapping under an entry's key that is not one of the entry's own fields holds the
 * hints for the provider with that id: a list keeps its items, any other value is one item, nulls and
 * nested mappings are ignored. Immutable and safe for concurrent use.
 *
 * @param byProvider per provider id, each hint's values by hint name
 */
public record ProviderHints(Map<String, Map<String, List<String>>> byProvider) {
  /** No hints for any provider. */
  public static final ProviderHints NONE = new ProviderHints(Map.of());

  /** Copies the maps and lists, keeping their order. */
  public ProviderHints {
    Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
    byProvider.forEach((provider, hints) -> {
      Map<String, List<String>> values = new LinkedHashMap<>();
      hints.forEach((name, list) -> values.put(name, List.copyOf(list)));
      copy.put(provider, Collections.unmodifiableMap(values));
    });
    byProvider = Collections.unmodifiableMap(copy);
  }

  /** The hints for {@code providerId}: values by hint name, empty when it has none. */
  public Map<String, List<String>> forProvider(String providerId) {
    return byProvider.getOrDefault(providerId, Map.of());
  }

  /** The values of hint {@code name} for {@code providerId}, empty when not given. */
  public List<String> values(String providerId, String name) {
    return forProvider(providerId).getOrDefault(name, List.of());
  }

  /** The first value of hint {@code name} for {@code providerId}, if given. */
  public Optional<String> value(String providerId, String name) {
    return values(providerId, name).stream().findFirst();
  }

  /** The hints of the catalog entry {@code entry}: its mappings under keys that are not in {@code fields}. */
  static ProviderHints fromYaml(JsonNode entry, Set<String> fields) {
    Map<String, Map<String, List<String>>> byProvider = new LinkedHashMap<>();
    entry.properties().forEach(property -> {
      if (fields.contains(property.getKey()) || !property.getValue().isObject()) {
        return;
      }
      Map<String, List<String>> hints = new LinkedHashMap<>();
      property.getValue().properties().forEach(hint -> {
        JsonNode value = hint.getValue();
        if (value.isArray()) {
          List<String> items = new ArrayList<>();
          value.forEach(item -> items.add(item.asText()));
          hints.put(hint.getKey(), items);
        } else if (value.isValueNode() && !value.isNull()) {
          hints.put(hint.getKey(), List.of(value.asText()));
        }
      });
      byProvider.put(property.getKey(), hints);
    });
    return byProvider.isEmpty() ? NONE : new ProviderHints(byProvider);
  }
}
