package io.rolemarket.imagebot.core.i18n;

import com.ibm.icu.text.MessageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bot's sentences in one language: ICU {@code MessageFormat} patterns (plurals, numbers) read and parsed once
 * from the UTF-8 bundle {@code messages_<lang>.properties} beside this class, so a bad pattern stops the start
 * rather than a conversation. Safe for concurrent use: each parsed format, which is not, formats under its own lock
 * (a short computation, no I/O).
 */
public final class Texts {
  private static final Map<Lang, Texts> LOADED = load();

  private final Lang lang;
  private final Map<String, String> patterns;
  /** Each pattern parsed, by key. */
  private final Map<String, MessageFormat> formats;

  private Texts(Lang lang, Map<String, String> patterns) {
    this.lang = lang;
    this.patterns = Map.copyOf(patterns);
    Map<String, MessageFormat> parsed = new java.util.HashMap<>();
    patterns.forEach((key, pattern) -> {
      try {
        parsed.put(key, new MessageFormat(pattern, lang.locale()));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the message '" + key + "' of the " + lang.code() + " bundle does not parse: "
            + e.getMessage(), e);
      }
    });
    this.formats = Map.copyOf(parsed);
  }

  /** The sentences of {@code lang}. */
  public static Texts of(Lang lang) {
    return LOADED.get(lang);
  }

  /** The language of these sentences. */
  public Lang lang() {
    return lang;
  }

  /**
   * The sentence {@code key} with {@code args} filled in ({@code {0}}, {@code {1}}…); numbers that choose a plural
   * are passed as numbers, anything shown as typed (ids, amounts) as strings.
   *
   * @throws IllegalArgumentException if the bundle has no such key (the bundle test keeps that from shipping)
   */
  public String get(String key, Object... args) {
    MessageFormat format = formats.get(key);
    if (format == null) {
      throw new IllegalArgumentException("no message '" + key + "' in the " + lang.code() + " bundle");
    }
    synchronized (format) {
      return format.format(args);
    }
  }

  /** Every key of this bundle, sorted. */
  public Set<String> keys() {
    return new TreeSet<>(patterns.keySet());
  }

  /** The raw pattern of {@code key}, for the bundle test; null if absent. */
  String pattern(String key) {
    return patterns.get(key);
  }

  private static Map<Lang, Texts> load() {
    Map<Lang, Texts> all = new EnumMap<>(Lang.class);
    for (Lang lang : Lang.values()) {
      String name = "messages_" + lang.locale().toString() + ".properties";
      try (InputStream in = Texts.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("the message bundle " + name + " is missing from the jar");
        }
        Properties properties = new Properties();
        properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, String> patterns = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(key -> patterns.put(key, properties.getProperty(key)));
        all.put(lang, new Texts(lang, patterns));
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the message bundle " + name, e);
      }
    }
    return all;
  }
}
