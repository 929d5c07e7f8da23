package io.rolemarket.imagebot.core.command;

import io.rolemarket.imagebot.core.provider.ChineseWords;
import io.rolemarket.imagebot.core.i18n.Lang;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The texts that show a cost say where it came from. */
class BotTextsTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

  private static HistoryEntry entry(String cost, CostSource source) {
    return new HistoryEntry(7, "test:alice", "lulu", "halloween", "p", "openai", new BigDecimal(cost),
        Duration.ofSeconds(20), false, List.of(), AT, "", source);
  }

  @Test
  void history_reportedCost_saysReported() {
    String text = BotTexts.history(List.of(entry("0.0419", CostSource.REPORTED)));
    assertTrue(text.contains("openai, $0.0419 reported"), text);
  }

  @Test
  void history_declaredCost_saysDeclared() {
    String text = BotTexts.history(List.of(entry("0.042", CostSource.DECLARED)));
    assertTrue(text.contains("openai, $0.042 declared"), text);
  }

  private static io.rolemarket.imagebot.core.ProviderStatus status(String id, boolean takes, boolean needs) {
    var info = new io.rolemarket.imagebot.core.provider.ProviderInfo(id, id, id, 1,
        java.util.EnumSet.allOf(io.rolemarket.imagebot.core.provider.AspectRatio.class), true, true, takes,
        new BigDecimal("0.025"), Duration.ofSeconds(15), 4, java.util.Set.of());
    return new io.rolemarket.imagebot.core.ProviderStatus(needs ? info.requiringReferenceImage() : info, true, false,
        java.util.Optional.empty(), io.rolemarket.imagebot.core.route.Circuit.closed(), 4, false);
  }

  @Test
  void providers_sayWhichTakeReferencePictures() {
    String text = BotTexts.providers(List.of(status("flux", false, false), status("openai", true, false),
        status("kontext", true, true)));
    String englishOnly = ", reads English only (Chinese words are passed on as written)";
    assertTrue(text.contains("flux — flux, $0.025/image, ~15 s" + englishOnly + "\n"), text);
    assertTrue(text.contains("openai — openai, $0.025/image, ~15 s, uses reference pictures" + englishOnly + "\n"),
        text);
    assertTrue(text.endsWith("kontext — kontext, $0.025/image, ~15 s, for characters with a reference picture"
        + englishOnly), text);
  }

  @Test
  void providers_sayWhichUnderstandChineseWords_inBothLanguages() {
    List<io.rolemarket.imagebot.core.ProviderStatus> providers = List.of(status("flux", false, false),
        reading(status("midjourney", false, false), ChineseWords.PARTLY_UNDERSTOOD),
        reading(status("openai", false, false), ChineseWords.UNDERSTOOD));

    assertEquals(List.of(
        "✅ flux — flux, $0.025/image, ~15 s, reads English only (Chinese words are passed on as written)",
        "✅ midjourney — midjourney, $0.025/image, ~15 s, understands some Chinese words (English works better)",
        "✅ openai — openai, $0.025/image, ~15 s, understands Chinese words"),
        BotTexts.providers(Lang.EN, providers).lines().skip(1).toList());
    assertEquals(List.of(
        "✅ flux — flux, 每張 $0.025, ~15 s, 只看得懂英文（中文字會原文轉交）",
        "✅ midjourney — midjourney, 每張 $0.025, ~15 s, 只看得懂部分中文（用英文效果較好）",
        "✅ openai — openai, 每張 $0.025, ~15 s, 看得懂中文"),
        BotTexts.providers(Lang.ZH_HK, providers).lines().skip(1).toList());
  }

  @Test
  void quota_inChinese_sentencesFollowWithoutASpace() {
    var status = new io.rolemarket.imagebot.core.QuotaStatus(io.rolemarket.imagebot.core.Role.USER,
        new io.rolemarket.imagebot.core.quota.QuotaLimits(25, 300),
        new io.rolemarket.imagebot.core.quota.QuotaUsage(1, 1), BigDecimal.ZERO, Instant.EPOCH, Instant.EPOCH);

    assertEquals("限額（一般用戶）：今日已用 1/25 張，本月 1/300 張。今日尚餘 24 張；每日於 00:00 UTC 重設。你本月的圖片費用為 $0.00。",
        BotTexts.quota(Lang.ZH_HK, status));
    assertTrue(BotTexts.quota(Lang.EN, status).endsWith("resets at 00:00 UTC. Your pictures cost $0.00 this month."),
        BotTexts.quota(Lang.EN, status));
  }

  private static io.rolemarket.imagebot.core.ProviderStatus reading(io.rolemarket.imagebot.core.ProviderStatus status,
      ChineseWords chinese) {
    return new io.rolemarket.imagebot.core.ProviderStatus(status.info().readingChinese(chinese), true, false,
        java.util.Optional.empty(), io.rolemarket.imagebot.core.route.Circuit.closed(), 4, false);
  }
}
