package io.rolemarket.imagebot.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.TeamFigures;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.Tally;
import io.rolemarket.imagebot.core.score.Score;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Where the consistency score shows in the texts: captions, history, review posts, /stats and /providers. */
class ConsistencyTextsTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void consistency_eachScore_saysWhatTheAskerMaySee() {
    assertEquals(" · on-model 0.81", BotTexts.consistency(new Score.Measured(0.8125, 0.75), true));
    assertEquals("", BotTexts.consistency(new Score.Measured(0.8125, 0.75), false));
    assertEquals(" · ⚠️ off-model 0.68", BotTexts.consistency(new Score.Measured(0.6875, 0.75), true));
    assertEquals(" · ⚠️ off-model", BotTexts.consistency(new Score.Measured(0.6875, 0.75), false));
    assertEquals(" · on-model 0.75", BotTexts.consistency(new Score.Measured(0.75, 0.75), true));
    assertEquals(" · not scored yet", BotTexts.consistency(new Score.NotYet(), true));
    assertEquals(" · not scored", BotTexts.consistency(new Score.Unscored(Score.Why.FAILED), true));
    assertEquals("", BotTexts.consistency(new Score.Unscored(Score.Why.NO_REFERENCES), true));
    assertEquals("", BotTexts.consistency(new Score.Unscored(Score.Why.OFF), true));
  }

  @Test
  void similarity_justUnderAThreshold_neverShowsAsIt() {
    assertEquals("0.74", BotTexts.similarity(0.7499));
    assertEquals("0.80", BotTexts.similarity(0.79999999));
    assertEquals("1.00", BotTexts.similarity(1.0));
  }

  @Test
  void history_scoredEntry_showsItsScore() {
    String text = BotTexts.history(List.of(entry(0.8125), entry(null)));

    assertTrue(text.contains("\n#7  Nov 24 10:00  lulu halloween  0 images, flux, $0.003 declared, CLIP 0.81\n"),
        text);
    assertTrue(text.endsWith("flux, $0.003 declared"), text);
  }

  @Test
  void post_scoredDesign_showsTheScoreToReviewers() {
    Design design = new Design(new Submission(3, "test:alice", 7, "a".repeat(64), "", AT), entry(0.6875), "", null,
        new Tally(List.of()), null);

    assertTrue(ReviewTexts.post(design).contains(" · $0.003 · CLIP 0.68\n"), ReviewTexts.post(design));
  }

  @Test
  void stats_consistencyCheckOn_showsEachPeriodsMeanAgainstTheTarget() {
    TeamFigures figures = new TeamFigures(stats(AT.minusSeconds(3600), 2, 0.8125), stats(AT.minusSeconds(7200), 4,
        0.7), stats(AT.minusSeconds(10800), 0, 0), new BigDecimal("50"));

    String text = StatsTexts.figures(figures, true);

    assertTrue(text.contains("\nCLIP similarity (target ≥ 0.75): ✅ 0.81 · ⚠️ 0.70 · no scores\n"), text);
  }

  @Test
  void statsAndProviders_consistencyCheckOff_sayHowToTurnItOnInOneLine() {
    TeamFigures figures = new TeamFigures(stats(AT.minusSeconds(3600), 0, 0), stats(AT.minusSeconds(7200), 0, 0),
        stats(AT.minusSeconds(10800), 0, 0), new BigDecimal("50"));

    String stats = BotTexts.line(new Reply.Stats(new ImageBot.Spend(BigDecimal.ZERO, new BigDecimal("50")), List.of(),
        figures, false));
    String providers = BotTexts.line(new Reply.Providers(List.of(), false));

    assertTrue(stats.contains("\nCLIP similarity (target ≥ 0.75): off; set IMAGEBOT_CLIP_MODEL to turn the "
        + "consistency check on\n"), stats);
    assertTrue(providers.endsWith("\nConsistency check (CLIP) is off: set IMAGEBOT_CLIP_MODEL to score pictures "
        + "against their characters."), providers);
    assertEquals(1, providers.lines().filter(line -> line.contains("IMAGEBOT_CLIP_MODEL")).count());
    assertTrue(!BotTexts.line(new Reply.Providers(List.of(), true)).contains("IMAGEBOT_CLIP_MODEL"));
  }

  private static JobStats stats(Instant from, int scored, double mean) {
    return new JobStats(from, AT, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, List.of(), BigDecimal.ZERO,
        0, scored, scored, mean);
  }

  private static HistoryEntry entry(@Nullable Double similarity) {
    return new HistoryEntry(7, "test:alice", "lulu", "halloween", "Lulu at Halloween", "flux", new BigDecimal("0.003"),
        Duration.ofSeconds(4), false, List.of(), AT, "", CostSource.DECLARED, similarity);
  }
}
