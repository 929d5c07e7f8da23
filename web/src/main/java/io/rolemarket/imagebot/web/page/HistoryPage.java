package io.rolemarket.imagebot.web.page;

import java.util.List;

/**
 * The visitor's own generations, newest first.
 *
 * @param rows the entries
 */
public record HistoryPage(List<Row> rows) {
  /** Copies the rows. */
  public HistoryPage {
    rows = List.copyOf(rows);
  }

  /**
   * One generation.
   *
   * @param id its number in {@code /history}
   * @param at when, {@code yyyy-MM-dd HH:mm UTC}
   * @param what character · theme
   * @param prompt the prompt (user text)
   * @param provider who drew it
   * @param cost what it cost
   * @param hasPicture whether a thumbnail can be shown
   */
  public record Row(long id, String at, String what, String prompt, String provider, String cost,
      boolean hasPicture) {}
}
