package io.rolemarket.imagebot.web.page;

import java.util.List;

/**
 * The month for admins: the spend chart ({@code /spend}'s) and the five figures ({@code /stats}'s), as lines.
 *
 * @param month the month, {@code yyyy-MM}
 * @param spend the spend figures, one line each
 * @param figures the five figures and the rest of {@code /stats}, one line each
 */
public record AdminPage(String month, List<String> spend, List<String> figures) {
  /** Copies the lines. */
  public AdminPage {
    spend = List.copyOf(spend);
    figures = List.copyOf(figures);
  }
}
