package io.rolemarket.imagebot.core.command;

import static io.rolemarket.imagebot.core.command.BotTexts.seconds;
import static io.rolemarket.imagebot.core.command.BotTexts.usd;

import io.rolemarket.imagebot.core.TeamFigures;
import io.rolemarket.imagebot.core.store.JobStats;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The team's figures in {@code /stats}, the same on every platform: the five figures for today, the last seven
 * days and this month against their targets (✅ met, ⚠️ missed), then each provider this month and the cache hit
 * ratio. Stateless.
 */
public final class StatsTexts {
  private static final String MET = "✅";
  private static final String MISSED = "⚠️";

  /** The one line saying the consistency check is off and how to turn it on. */
  public static final String CONSISTENCY_OFF =
      "Consistency check (CLIP) is off: set IMAGEBOT_CLIP_MODEL to score pictures against their characters.";

  private StatsTexts() {}

  /** The figures, one per line, with the CLIP figure measured. */
  public static String figures(TeamFigures figures) {
    return figures(figures, true);
  }

  /** The figures, one per line; without the consistency check the CLIP figure's line says how to turn it on. */
  public static String figures(TeamFigures figures, boolean consistencyCheckOn) {
    List<JobStats> periods = List.of(figures.today(), figures.lastSevenDays(), figures.thisMonth());
    StringBuilder out = new StringBuilder("Today · last 7 days · this month:");
    out.append("\nSuccess rate (target ≥ 95 %): ").append(each(periods, stats -> stats.jobs() == 0 ? "no jobs"
        : mark(TeamFigures.successOnTarget(stats)) + " " + percent(stats.successRate())));
    out.append("\nMean generation time (target < 15 s): ").append(each(periods, stats -> stats.timed() == 0
        ? "no pictures" : mark(TeamFigures.timeOnTarget(stats)) + " " + seconds(stats.mean())));
    out.append("\nCLIP similarity (target ≥ 0.75): ").append(!consistencyCheckOn
        ? "off; set IMAGEBOT_CLIP_MODEL to turn the consistency check on"
        : each(periods, stats -> stats.similarity().isEmpty() ? "no scores"
            : mark(TeamFigures.similarityOnTarget(stats)) + " " + BotTexts.similarity(stats.meanSimilarity())));
    out.append("\nSpend (budget ").append(usd(figures.monthlyBudgetUsd()))
        .append(" a month, its daily share for today and 7 days): ")
        .append(each(periods, stats -> mark(figures.spendOnTarget(stats)) + " " + usd(stats.spendUsd())));
    out.append("\nRate-limit hits (429s): ").append(each(periods, stats -> String.valueOf(stats.rateLimitHits())));
    JobStats month = figures.thisMonth();
    if (!month.providers().isEmpty()) {
      out.append("\nProviders this month:");
      for (JobStats.ProviderFigures provider : month.providers()) {
        out.append("\n  ").append(provider.providerId()).append(": ").append(provider.calls())
            .append(provider.calls() == 1 ? " call, " : " calls, ").append(percent(provider.successRate()))
            .append(" success, p50 ").append(seconds(provider.p50())).append(", p95 ").append(seconds(provider.p95()))
            .append(", ").append(usd(provider.spendUsd()));
      }
    }
    int answers = month.cacheHits() + month.paidAnswers();
    out.append("\nCache hits this month: ").append(answers == 0 ? "no answers yet"
        : month.cacheHits() + " of " + answers + " answers (" + percent(month.cacheHitRatio()) + ")");
    return out.toString();
  }

  private static String each(List<JobStats> periods, Function<JobStats, String> figure) {
    return String.join(" · ", periods.stream().map(figure).toList());
  }

  private static String mark(boolean met) {
    return met ? MET : MISSED;
  }

  /** A share as a percentage to one decimal, without a trailing {@code .0}: {@code 95 %}, {@code 94.6 %}. */
  static String percent(OptionalDouble share) {
    if (share.isEmpty()) {
      return "–";
    }
    // Rounded down, so a figure just under a target never shows as the target.
    double tenths = Math.floor(share.getAsDouble() * 1000 + 1e-9) / 10;
    String text = String.format(Locale.ROOT, "%.1f", tenths);
    return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + " %";
  }
}
