package io.rolemarket.imagebot.core.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TextsTest {
  private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");
  private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{4,}");
  /** What a Chinese sentence keeps in English: commands and their options, ids, settings, product names. */
  private static final Pattern KEPT = Pattern.compile("/[a-z]+( [a-z|-]+)*|--[a-z]+|[a-z]+(\\|[a-z]+)+"
      + "|[a-z]+:[A-Za-z0-9_.@<>|-]*|[A-Z]+_[A-Z_]+|[a-z_]+\\.[a-z_]+|<[^>]*>|RoleMarket|CLIP|UTC|Discord|Midjourney"
      + "|English|lulu|sdxl|flux|extra|count|aspect|provider|tier|fresh|pending|approved|show|submit|threshold"
      + "|quality|balanced|cheap|fast");

  @ParameterizedTest
  @EnumSource(Lang.class)
  void bundle_hasEveryEnglishKey(Lang lang) {
    Set<String> missing = new TreeSet<>(Texts.of(Lang.EN).keys());
    missing.removeAll(Texts.of(lang).keys());
    assertEquals(Set.of(), missing, "keys missing from the " + lang.code() + " bundle");
    Set<String> extra = new TreeSet<>(Texts.of(lang).keys());
    extra.removeAll(Texts.of(Lang.EN).keys());
    assertEquals(Set.of(), extra, "keys only in the " + lang.code() + " bundle");
  }

  @ParameterizedTest
  @EnumSource(Lang.class)
  void bundle_usesEveryEnglishPlaceholder(Lang lang) {
    List<String> wrong = new ArrayList<>();
    for (String key : Texts.of(Lang.EN).keys()) {
      if (!arguments(Texts.of(Lang.EN).pattern(key)).equals(arguments(Texts.of(lang).pattern(key)))) {
        wrong.add(key);
      }
    }
    assertEquals(List.of(), wrong, "placeholders differ from English in the " + lang.code() + " bundle");
  }

  @ParameterizedTest
  @EnumSource(Lang.class)
  void everyMessage_formatsWithSampleArguments(Lang lang) {
    Texts texts = Texts.of(lang);
    for (String key : texts.keys()) {
      Object[] samples = samples(texts.pattern(key));
      String text = texts.get(key, samples);
      assertFalse(text.contains("{"), key + " left a placeholder: " + text);
    }
  }

  @Test
  void chineseBundle_hasNoEnglishSentence() {
    Texts texts = Texts.of(Lang.ZH_HK);
    for (String key : texts.keys()) {
      String text = texts.get(key, samples(texts.pattern(key)));
      String words = KEPT.matcher(text).replaceAll("");
      Matcher english = LATIN_WORD.matcher(words);
      assertFalse(english.find(), key + " has English words: " + text);
    }
  }

  @Test
  void plural_englishCountsOneAndMany() {
    assertEquals("Stopping your picture in progress…", Texts.of(Lang.EN).get("cancel.stopping", 1));
    assertEquals("Stopping your 3 pictures in progress…", Texts.of(Lang.EN).get("cancel.stopping", 3));
    assertEquals("正在停止你製作中的 3 幅圖片…", Texts.of(Lang.ZH_HK).get("cancel.stopping", 3));
  }

  @Test
  void get_manyThreadsFormatTheSameMessageAtOnce_eachGetsItsOwnNumbers() throws Exception {
    Texts texts = Texts.of(Lang.EN);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int thread = 0; thread < 32; thread++) {
        int pictures = 2 + thread;
        results.add(threads.submit(() -> {
          go.await();
          List<String> wrong = new ArrayList<>();
          for (int i = 0; i < 500; i++) {
            String text = texts.get("refusal.overQuota", pictures, String.valueOf(i), "daily", "1 h", "x");
            if (!text.startsWith("Over quota: you asked for " + pictures + " images but have " + i + " left today.")) {
              wrong.add(text);
            }
          }
          return wrong;
        }));
      }
      go.countDown();
      for (var result : results) {
        assertEquals(List.of(), result.get());
      }
    }
  }

  @Test
  void get_unknownKey_namesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Texts.of(Lang.EN).get("nope"));
    assertTrue(e.getMessage().contains("nope"));
  }

  @Test
  void fromTag_chineseTagsGetHongKongChinese() {
    for (String tag : List.of("zh", "zh-hant", "zh-hk", "zh-tw", "zh-TW", "zh-CN", "zh_HK")) {
      assertEquals(Lang.ZH_HK, Lang.fromTag(tag), tag);
    }
    for (String tag : List.of("en", "en-US", "de", "", "ja")) {
      assertEquals(Lang.EN, Lang.fromTag(tag), tag);
    }
  }

  @Test
  void parse_knowsCodesOnly() {
    assertEquals(Lang.ZH_HK, Lang.parse("zh-HK").orElseThrow());
    assertEquals(Lang.EN, Lang.parse("EN").orElseThrow());
    assertTrue(Lang.parse("fr").isEmpty());
  }

  private static Set<Integer> arguments(String pattern) {
    Set<Integer> found = new TreeSet<>();
    Matcher matcher = ARGUMENT.matcher(pattern);
    while (matcher.find()) {
      found.add(Integer.parseInt(matcher.group(1)));
    }
    return found;
  }

  /** Numbers for plural arguments, words for select arguments, strings elsewhere. */
  private static Object[] samples(String pattern) {
    Set<Integer> used = arguments(pattern);
    int size = used.isEmpty() ? 0 : ((TreeSet<Integer>) used).last() + 1;
    Object[] samples = new Object[size];
    for (int i = 0; i < size; i++) {
      samples[i] = pattern.contains("{" + i + ", select") ? "other" : 2;
    }
    return samples;
  }
}
