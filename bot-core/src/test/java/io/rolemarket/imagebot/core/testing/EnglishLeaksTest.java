package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class EnglishLeaksTest {
  private static final List<String> NAMES = List.of("Scripted flux", "Lulu Pig", "Halloween", "lulu");

  @Test
  void assertNone_chineseWithNamesCommandsAndSettings_passes() {
    EnglishLeaks.assertNone("Lulu Pig · 萬聖節（Halloween） · Scripted flux · 0.0 s · 來自快取（免費）", NAMES);
    EnglishLeaks.assertNone("用 /review approve|reject|changes <設計>，或 --tier quality|balanced 投票", NAMES);
    EnglishLeaks.assertNone("設定 IMAGEBOT_CLIP_MODEL 即可；console:alice 收到通知；U1–U4 放大", NAMES);
  }

  @Test
  void assertNone_anEnglishSentence_failsNamingIt() {
    AssertionFailedError leak = assertThrows(AssertionFailedError.class,
        () -> EnglishLeaks.assertNone("Lulu Pig · 萬聖節 · Generating with Scripted flux…", NAMES));

    assertEquals("English leaked into a zh-HK conversation ('Generating with'): Lulu Pig · 萬聖節 · Generating with "
        + "Scripted flux…", leak.getMessage());
  }

  @Test
  void assertNone_aConsoleMarkLeftInEnglish_fails() {
    assertThrows(AssertionFailedError.class, () -> EnglishLeaks.assertNone("來自快取（免費） [cache hit]", NAMES));
  }
}
