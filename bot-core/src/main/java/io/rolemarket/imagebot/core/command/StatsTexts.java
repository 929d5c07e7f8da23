package io.rolemarket.imagebot.core.command;

import static io.rolemarket.imagebot.core.command.BotTexts.seconds;
import static io.rolemarket.imagebot.core.command.BotTexts.usd;

import io.rolemarket.imagebot.core.TeamFigures;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
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
  public static final String CONSISTENCY_OFF = Texts.of(Lang.EN).get("stats.consistencyOff");

  private StatsTexts() {}

  /** The figures, one per line, with the CLIP figure measured. */
  public static String figures(TeamFigures figures) {
    return figures(Lang.EN, figures, true);
  }

  /** The figures, one per line; without the consistency check the CLIP figure's line says how to turn it on. */
  public static String figures(TeamFigures figures, boolean consistencyCheckOn) {
    return figures(Lang.EN, figures, consistencyCheckOn);
  }

  /** The figures in {@code lang}, one per line. */
  public static String figures(Lang lang, TeamFigures figures, boolean consistencyCheckOn) {
    Texts texts = Texts.of(lang);
    List<JobStats> periods = List.of(figures.today(), figures.lastSevenDays(), figures.thisMonth());
    StringBuilder out = new StringBuilder(texts.get("stats.title"));
    out.append("\n").append(texts.get("stats.success", each(periods, stats -> stats.jobs() == 0
        ? texts.get("stats.noJobs") : mark(TeamFigures.successOnTarget(stats)) + " " + percent(stats.successRate()))));
    out.append("\n").append(texts.get("stats.time", each(periods, stats -> stats.timed() == 0
        ? texts.get("stats.noPictures") : mark(TeamFigures.timeOnTarget(stats)) + " " + seconds(stats.mean()))));
    out.append("\n").append(texts.get("stats.clip", !consistencyCheckOn ? texts.get("stats.clipOff")
        : each(periods, stats -> stats.similarity().isEmpty() ? texts.get("stats.noScores")
            : mark(TeamFigures.similarityOnTarget(stats)) + " " + BotTexts.similarity(stats.meanSimilarity()))));
    out.append("\n").append(texts.get("stats.spend", usd(figures.monthlyBudgetUsd()),
        each(periods, stats -> mark(figures.spendOnTarget(stats)) + " " + usd(stats.spendUsd()))));
    out.append("\n").append(texts.get("stats.rateLimits",
        each(periods, stats -> String.valueOf(stats.rateLimitHits()))));
    JobStats month = figures.thisMonth();
    if (!month.providers().isEmpty()) {
      out.append("\n").append(texts.get("stats.providersTitle"));
      for (JobStats.ProviderFigures provider : month.providers()) {
        out.append("\n  ").append(texts.get("stats.provider", provider.providerId(), provider.calls(),
            percent(provider.successRate()), seconds(provider.p50()), seconds(provider.p95()),
            usd(provider.spendUsd())));
      }
    }
    int answers = month.cacheHits() + month.paidAnswers();
    out.append("\n").append(texts.get("stats.cache", answers == 0 ? texts.get("stats.noAnswers")
        : texts.get("stats.cacheHits", String.valueOf(month.cacheHits()), String.valueOf(answers),
            percent(month.cacheHitRatio()))));
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
