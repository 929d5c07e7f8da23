package io.rolemarket.imagebot.core.render;

import static io.rolemarket.imagebot.core.command.BotTexts.usd;

import io.rolemarket.imagebot.core.store.SpendReport;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The picture {@code /spend} answers with, drawn by XChart: the month by day as bars stacked by provider, and
 * below it the users who cost most, one bar each; a PNG of {@link #WIDTH} × {@link #HEIGHT} pixels. Each
 * provider has a fixed colour by its place in {@link SpendReport#byProvider} (largest first), so the same
 * report always gives the same picture. A month without spend gives an empty chart that says so. Stateless,
 * safe for concurrent use; drawing takes a core for a moment (a few tens of milliseconds once warm).
 */
public final class SpendChart {
  /** The picture's size in pixels. */
  public static final int WIDTH = 1000;
  public static final int HEIGHT = 820;
  /** The height of the days chart at the top; the users chart takes the rest. */
  static final int DAYS_HEIGHT = 500;

  /** The providers' colours, largest spender first (Tableau 10), repeated past ten providers. */
  static final List<Color> PROVIDER_COLORS = List.of(new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
      new Color(0xE15759), new Color(0x76B7B2), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
      new Color(0x9C755F), new Color(0xBAB0AC));
  /** The colour of the users' bars. */
  static final Color USER_COLOR = new Color(0x5B6C8F);
  /** How many characters of a user key fit under a bar. */
  private static final int LABEL_LENGTH = 22;

  private SpendChart() {}

  /** The chart of {@code report} against a budget of {@code monthlyBudgetUsd}, as PNG bytes. */
  public static byte[] png(SpendReport report, BigDecimal monthlyBudgetUsd) {
    BufferedImage picture = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.drawImage(BitmapEncoder.getBufferedImage(days(report, monthlyBudgetUsd)), 0, 0, null);
      g.drawImage(BitmapEncoder.getBufferedImage(users(report)), 0, DAYS_HEIGHT, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(picture, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the spend chart", e);
    }
    return out.toByteArray();
  }

  /** Every day of the month on the x axis, one stacked series per provider. */
  private static CategoryChart days(SpendReport report, BigDecimal monthlyBudgetUsd) {
    String month = report.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
        + report.month().getYear();
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(DAYS_HEIGHT)
        .title((report.isEmpty() ? "No spend in " + month : "Spend in " + month + ": " + usd(report.totalUsd()))
            + " of the " + usd(monthlyBudgetUsd) + " budget")
        .xAxisTitle("Day (UTC)").yAxisTitle("US dollars").build();
    CategoryStyler styler = style(chart);
    styler.setStacked(true);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setLegendVisible(!report.isEmpty());
    List<String> dayLabels = new ArrayList<>();
    for (int day = 1; day <= report.month().lengthOfMonth(); day++) {
      dayLabels.add(Integer.toString(day));
    }
    if (report.isEmpty()) {
      styler.setYAxisMax(1.0);
      chart.addSeries("no spend", dayLabels, Collections.nCopies(dayLabels.size(), 0));
      return chart;
    }
    List<Color> colors = new ArrayList<>();
    for (int i = 0; i < report.byProvider().size(); i++) {
      String provider = report.byProvider().get(i).key();
      Map<LocalDate, BigDecimal> spent = report.byDay().stream().filter(day -> day.providerId().equals(provider))
          .collect(Collectors.toMap(SpendReport.DaySpend::day, SpendReport.DaySpend::usd, BigDecimal::add));
      List<Double> values = new ArrayList<>();
      for (int day = 1; day <= report.month().lengthOfMonth(); day++) {
        values.add(spent.getOrDefault(report.month().atDay(day), BigDecimal.ZERO).doubleValue());
      }
      chart.addSeries(provider, dayLabels, values);
      colors.add(PROVIDER_COLORS.get(i % PROVIDER_COLORS.size()));
    }
    styler.setSeriesColors(colors.toArray(Color[]::new));
    return chart;
  }

  /** One bar per top user. */
  private static CategoryChart users(SpendReport report) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT - DAYS_HEIGHT)
        .title(report.isEmpty() ? "No user spent anything this month" : "Top users").yAxisTitle("US dollars")
        .build();
    CategoryStyler styler = style(chart);
    styler.setLegendVisible(false);
    styler.setSeriesColors(new Color[] {USER_COLOR});
    if (report.topUsers().isEmpty()) {
      styler.setYAxisMax(1.0);
      chart.addSeries("users", List.of("nobody"), List.of(0));
      return chart;
    }
    chart.addSeries("users",
        report.topUsers().stream().map(share -> shorten(share.key())).toList(),
        report.topUsers().stream().map(share -> share.usd().doubleValue()).toList());
    return chart;
  }

  /** The look both charts share: white, bars from zero, dollars on the y axis. */
  private static CategoryStyler style(CategoryChart chart) {
    CategoryStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setPlotGridVerticalLinesVisible(false);
    styler.setChartTitleBoxVisible(false);
    styler.setYAxisMin(0.0);
    styler.setYAxisDecimalPattern("$#,##0.00##");
    styler.setAvailableSpaceFill(0.7);
    styler.setOverlapped(false);
    styler.setToolTipsEnabled(false);
    return styler;
  }

  private static String shorten(String userKey) {
    return userKey.length() <= LABEL_LENGTH ? userKey : userKey.substring(0, LABEL_LENGTH - 1) + "…";
  }
}
