package io.rolemarket.imagebot.core.command;

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
}
