package io.rolemarket.imagebot.core.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Finds the names nearest to a misspelt one, for "did you mean ...?" answers. Stateless. */
public final class NameMatcher {
  private NameMatcher() {}

  /**
   * The candidates close to {@code input}, nearest first: a prefix of the candidate, or within an edit
   * distance of about a third of its length.
   */
  public static List<String> nearest(String input, Collection<String> candidates, int limit) {
    String needle = input.toLowerCase(java.util.Locale.ROOT);
    record Scored(String name, int score) {}
    List<Scored> scored = new ArrayList<>();
    for (String candidate : candidates) {
      int distance = distance(needle, candidate);
      int allowed = Math.max(2, candidate.length() / 3);
      boolean prefix = needle.length() >= (chinese(needle) ? 1 : 2) && candidate.startsWith(needle);
      if (distance <= allowed || prefix) {
        scored.add(new Scored(candidate, prefix ? 0 : distance));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
    return scored.stream().limit(limit).map(Scored::name).toList();
  }

  /** Whether {@code name} is written with Chinese characters. */
  public static boolean chinese(String name) {
    return name.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  /** Damerau–Levenshtein distance (optimal string alignment): typos and swapped letters count one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
