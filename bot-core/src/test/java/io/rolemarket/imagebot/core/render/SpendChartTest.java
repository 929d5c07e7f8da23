package io.rolemarket.imagebot.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.SpendReport;
import io.rolemarket.imagebot.core.store.SpendReport.DaySpend;
import io.rolemarket.imagebot.core.store.SpendReport.Share;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The chart is a PNG whose bars say what the report says: bar heights are measured in pixels of each series'
 * fixed colour and their ratios compared with the figures' ratios.
 */
class SpendChartTest {
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final BigDecimal BUDGET = new BigDecimal("50");
  /** Taller than any legend marker: a run of a series' colour this tall is a bar. */
  private static final int BAR_AT_LEAST = 40;

  /** sdxl (the larger, first colour) on the 10th and 20th, flux on the 3rd and stacked on sdxl on the 10th. */
  private static final SpendReport REPORT = new SpendReport(NOVEMBER,
      List.of(day(3, "flux", "0.30"), day(10, "flux", "0.10"), day(10, "sdxl", "0.20"), day(20, "sdxl", "0.40")),
      List.of(share("sdxl", "0.60"), share("flux", "0.40")),
      List.of(share("telegram:1001", "0.60"), share("discord:2002", "0.30"), share("console:carol", "0.15")),
      List.of(share("lulu", "1.00")), List.of(share("halloween", "1.00")));

  @Test
  void png_decodesAtItsSize() throws IOException {
    BufferedImage chart = decode(SpendChart.png(REPORT, BUDGET));
    assertEquals(SpendChart.WIDTH, chart.getWidth());
    assertEquals(SpendChart.HEIGHT, chart.getHeight());
  }

  @Test
  void png_dayBars_stackedByProvider_heightsInTheRatiosOfTheFigures() throws IOException {
    BufferedImage chart = decode(SpendChart.png(REPORT, BUDGET));
    List<Bar> sdxl = bars(chart, SpendChart.PROVIDER_COLORS.get(0), 0, SpendChart.DAYS_HEIGHT);
    List<Bar> flux = bars(chart, SpendChart.PROVIDER_COLORS.get(1), 0, SpendChart.DAYS_HEIGHT);

    assertEquals(2, sdxl.size(), "sdxl on the 10th and 20th: " + sdxl);
    assertEquals(2, flux.size(), "flux on the 3rd and 10th: " + flux);
    Bar flux3 = flux.get(0);
    Bar flux10 = flux.get(1);
    Bar sdxl10 = sdxl.get(0);
    Bar sdxl20 = sdxl.get(1);
    assertTrue(flux3.right() < sdxl10.left() && sdxl10.right() < sdxl20.left(), "days in order: " + flux + sdxl);
    assertTrue(flux10.overlaps(sdxl10), "the 10th's two providers are one stacked bar");
    assertEquals(flux10.bottom() + 1, sdxl10.top(), 2, "flux sits on sdxl");

    assertRatio(0.40 / 0.20, sdxl20.height(), sdxl10.height());
    assertRatio(0.30 / 0.10, flux3.height(), flux10.height());
    assertRatio(0.40 / 0.30, sdxl20.height(), flux3.height());
    assertRatio(1.0, flux10.height() + sdxl10.height(), flux3.height());
  }

  @Test
  void png_userBars_inTheOrderAndRatiosOfTheTopUsers() throws IOException {
    BufferedImage chart = decode(SpendChart.png(REPORT, BUDGET));
    List<Bar> users = bars(chart, SpendChart.USER_COLOR, SpendChart.DAYS_HEIGHT, SpendChart.HEIGHT);

    assertEquals(3, users.size(), users.toString());
    assertTrue(users.get(0).right() < users.get(1).left() && users.get(1).right() < users.get(2).left());
    assertRatio(0.60 / 0.30, users.get(0).height(), users.get(1).height());
    assertRatio(0.30 / 0.15, users.get(1).height(), users.get(2).height());
  }

  @Test
  void png_aMonthWithoutSpend_isAnEmptyChartWithoutBars() throws IOException {
    BufferedImage chart = decode(SpendChart.png(SpendReport.empty(NOVEMBER), BUDGET));
    assertEquals(SpendChart.WIDTH, chart.getWidth());
    for (Color color : List.of(SpendChart.PROVIDER_COLORS.get(0), SpendChart.USER_COLOR)) {
      assertEquals(List.of(), bars(chart, color, 0, SpendChart.HEIGHT));
    }
  }

  @Test
  void png_aMonthOfThirtyOneDaysWithOneProvider_drawsItsLastDay() throws IOException {
    YearMonth december = YearMonth.of(2026, 12);
    SpendReport report = new SpendReport(december,
        List.of(new DaySpend(december.atDay(1), "flux", new BigDecimal("0.2"), 1),
            new DaySpend(december.atEndOfMonth(), "flux", new BigDecimal("0.1"), 1)),
        List.of(share("flux", "0.3")), List.of(share("telegram:1", "0.3")), List.of(), List.of());
    List<Bar> flux = bars(decode(SpendChart.png(report, BUDGET)), SpendChart.PROVIDER_COLORS.get(0), 0,
        SpendChart.DAYS_HEIGHT);
    assertEquals(2, flux.size(), flux.toString());
    assertRatio(2.0, flux.get(0).height(), flux.get(1).height());
  }

  /** A run of columns holding {@code color}: from left to right, from top to bottom (inclusive). */
  record Bar(int left, int right, int top, int bottom) {
    int height() {
      return bottom - top + 1;
    }

    boolean overlaps(Bar other) {
      return left <= other.right && other.left <= right;
    }
  }

  /**
   * The bars of exactly {@code color} between rows {@code from} and {@code until}, left to right: runs of
   * columns holding the colour, each as tall as its tallest column (edges are anti-aliased, so a bar's outer
   * pixels may blend), shorter runs (legend markers) left out.
   */
  private static List<Bar> bars(BufferedImage image, Color color, int from, int until) {
    List<Bar> bars = new ArrayList<>();
    int runStart = -1;
    int top = Integer.MAX_VALUE;
    int bottom = -1;
    for (int x = 0; x <= image.getWidth(); x++) {
      int columnTop = Integer.MAX_VALUE;
      int columnBottom = -1;
      for (int y = from; x < image.getWidth() && y < until; y++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
          columnTop = Math.min(columnTop, y);
          columnBottom = Math.max(columnBottom, y);
        }
      }
      if (columnBottom >= 0) {
        runStart = runStart < 0 ? x : runStart;
        if (columnBottom - columnTop > bottom - top) {
          top = columnTop;
          bottom = columnBottom;
        }
      } else if (runStart >= 0) {
        if (bottom - top + 1 >= BAR_AT_LEAST) {
          bars.add(new Bar(runStart, x - 1, top, bottom));
        }
        runStart = -1;
        top = Integer.MAX_VALUE;
        bottom = -1;
      }
    }
    return bars;
  }

  private static void assertRatio(double expected, int height, int otherHeight) {
    double actual = (double) height / otherHeight;
    assertEquals(expected, actual, expected * 0.04,
        "bar heights " + height + " and " + otherHeight + " px are not in the ratio " + expected);
  }

  private static BufferedImage decode(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(image, "not a picture ImageIO can read");
    return image;
  }

  private static DaySpend day(int day, String provider, String usd) {
    return new DaySpend(LocalDate.of(2026, 11, day), provider, new BigDecimal(usd), 1);
  }

  private static Share share(String key, String usd) {
    return new Share(key, new BigDecimal(usd), 1);
  }
}
