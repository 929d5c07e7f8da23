package io.rolemarket.imagebot.core.command;

import static io.rolemarket.imagebot.core.command.BotTexts.usd;

import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.store.SpendReport;
import io.rolemarket.imagebot.core.store.SpendReport.Share;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * The words of {@code /spend}, the same on every platform: the month's total against the budget, then each
 * provider, the top users, characters and themes. The first line stands alone as a picture's caption where the
 * whole would not fit. Stateless.
 */
public final class SpendTexts {
  private SpendTexts() {}

  /** The figures behind {@code reply}'s chart, one part per line. */
  public static String figures(Reply.SpendChart reply) {
    SpendReport report = reply.report();
    if (report.isEmpty()) {
      return headline(reply);
    }
    StringBuilder out = new StringBuilder(headline(reply));
    out.append("\nBy provider:");
    report.byProvider().forEach(share -> out.append("\n  ").append(share.key()).append(" ").append(usd(share.usd()))
        .append(" · ").append(jobs(share.jobs())));
    out.append("\nTop users:");
    for (int i = 0; i < report.topUsers().size(); i++) {
      Share share = report.topUsers().get(i);
      out.append("\n  ").append(i + 1).append(". ").append(share.key()).append(" ").append(usd(share.usd()))
          .append(" · ").append(jobs(share.jobs()));
    }
    out.append("\nTop characters: ").append(inOneLine(report.topCharacters(), "(none: upscales and the like)"));
    out.append("\nTop themes: ").append(inOneLine(report.topThemes(), "(none: upscales and the like)"));
    return out.toString();
  }

  /** The first line: the month's total against the budget and what is left of it. */
  public static String headline(Reply.SpendChart reply) {
    SpendReport report = reply.report();
    String month = report.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
        + report.month().getYear();
    BigDecimal budget = reply.monthlyBudgetUsd();
    if (report.isEmpty()) {
      return "No spend in " + month + " yet: all of the " + usd(budget) + " budget is left.";
    }
    BigDecimal total = report.totalUsd();
    BigDecimal percent = budget.signum() == 0 ? BigDecimal.ZERO
        : total.multiply(BigDecimal.valueOf(100)).divide(budget, 0, RoundingMode.HALF_UP);
    String share = budget.signum() == 0 ? "" : percent.signum() == 0 ? " (under 1%)" : " (" + percent + "%)";
    return "Spent in " + month + ": " + usd(total) + " of the " + usd(budget) + " budget" + share + ", "
        + usd(budget.subtract(total).max(BigDecimal.ZERO)) + " left.";
  }

  private static String inOneLine(List<Share> shares, String nameless) {
    return String.join(", ", shares.stream()
        .map(share -> (share.key().isEmpty() ? nameless : share.key()) + " " + usd(share.usd())).toList());
  }

  private static String jobs(int jobs) {
    return jobs + (jobs == 1 ? " job" : " jobs");
  }
}
