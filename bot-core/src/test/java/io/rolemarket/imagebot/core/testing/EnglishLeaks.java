package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check that a conversation held in Chinese shows no English sentence: names, commands and the like may stay
 * English, a run of English words may not. Stateless.
 */
final class EnglishLeaks {
  private EnglishLeaks() {}

  /**
   * Forms that stay as typed in any language: commands, options and their values, user keys, settings, units and a
   * few proper names.
   */
  private static final Pattern ALWAYS_KEPT = Pattern.compile(
      "/[a-z]+|--?[a-z]+|[a-z]+(\\|[a-z]+)+|[a-z]+:[A-Za-z0-9_.@-]*|[A-Z][A-Z0-9]*_[A-Z0-9_]+|\\b[UV][1-4]\\b"
          + "|\\b(CLIP|UTC|RoleMarket|English|Midjourney)\\b");
  /** Two or more English words in a row: a sentence, or part of one. */
  private static final Pattern ENGLISH_RUN = Pattern.compile(
      "\\b[A-Za-z][A-Za-z'’]*(?:[ \\t]+[A-Za-z][A-Za-z'’]*)+\\b");

  /**
   * Fails when {@code text} (words or a button's label) has a run of two or more English words once the names in
   * {@code allowed} and the {@link #ALWAYS_KEPT} forms are taken out.
   */
  static void assertNone(String text, List<String> allowed) {
    String rest = text;
    for (String name : allowed) {
      rest = rest.replace(name, "□");
    }
    rest = ALWAYS_KEPT.matcher(rest).replaceAll("□");
    Matcher english = ENGLISH_RUN.matcher(rest);
    if (english.find()) {
      fail("English leaked into a zh-HK conversation ('" + english.group() + "'): " + text);
    }
  }
}
