package io.rolemarket.imagebot.core.command;

import static io.rolemarket.imagebot.core.command.BotTexts.usd;

import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.store.SpendReport;
import io.rolemarket.imagebot.core.store.SpendReport.Share;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The words of {@code /spend}, the same on every platform: the month's total against the budget, then each
 * provider, the top users, characters and themes. The first line stands alone as a picture's caption where the
 * whole would not fit. Stateless.
 */
public final class SpendTexts {
  private SpendTexts() {}

  /** The figures behind {@code reply}'s chart, one part per line. */
  public static String figures(Reply.SpendChart reply) {
    return figures(Lang.EN, reply);
  }

  /** The figures behind {@code reply}'s chart in {@code lang}, one part per line. */
  public static String figures(Lang lang, Reply.SpendChart reply) {
    Texts texts = Texts.of(lang);
    SpendReport report = reply.report();
    if (report.isEmpty()) {
      return headline(lang, reply);
    }
    StringBuilder out = new StringBuilder(headline(lang, reply));
    out.append("\n").append(texts.get("spend.byProvider"));
    report.byProvider().forEach(share -> out.append("\n  ").append(share.key()).append(" ").append(usd(share.usd()))
        .append(" · ").append(texts.get("spend.jobs", share.jobs())));
    out.append("\n").append(texts.get("spend.topUsers"));
    for (int i = 0; i < report.topUsers().size(); i++) {
      Share share = report.topUsers().get(i);
      out.append("\n  ").append(i + 1).append(". ").append(share.key()).append(" ").append(usd(share.usd()))
          .append(" · ").append(texts.get("spend.jobs", share.jobs()));
    }
    String nameless = texts.get("spend.nameless");
    out.append("\n").append(texts.get("spend.topCharacters", inOneLine(report.topCharacters(), nameless)));
    out.append("\n").append(texts.get("spend.topThemes", inOneLine(report.topThemes(), nameless)));
    return out.toString();
  }

  /** The first line: the month's total against the budget and what is left of it. */
  public static String headline(Reply.SpendChart reply) {
    return headline(Lang.EN, reply);
  }

  /** The first line in {@code lang}. */
  public static String headline(Lang lang, Reply.SpendChart reply) {
    Texts texts = Texts.of(lang);
    SpendReport report = reply.report();
    String month = BotTexts.month(lang, report.month());
    BigDecimal budget = reply.monthlyBudgetUsd();
    if (report.isEmpty()) {
      return texts.get("spend.none", month, usd(budget));
    }
    BigDecimal total = report.totalUsd();
    BigDecimal percent = budget.signum() == 0 ? BigDecimal.ZERO
        : total.multiply(BigDecimal.valueOf(100)).divide(budget, 0, RoundingMode.HALF_UP);
    String share = budget.signum() == 0 ? "" : percent.signum() == 0 ? texts.get("spend.underOne")
        : texts.get("spend.share", percent.toPlainString());
    return texts.get("spend.headline", month, usd(total), usd(budget), share,
        usd(budget.subtract(total).max(BigDecimal.ZERO)));
  }

  private static String inOneLine(List<Share> shares, String nameless) {
    return String.join(", ", shares.stream()
        .map(share -> (share.key().isEmpty() ? nameless : share.key()) + " " + usd(share.usd())).toList());
  }
}
