package io.rolemarket.imagebot.core.render;

import static io.rolemarket.imagebot.core.command.BotTexts.similarity;

import io.rolemarket.imagebot.core.score.Calibration;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture {@code /calibrate} answers with, drawn by XChart: how many approved and rejected designs scored in
 * each band of {@link #BIN} (two overlaid step histograms), with the proposed and the current threshold as vertical
 * lines; a PNG of {@link #WIDTH} × {@link #HEIGHT} pixels. The x axis runs from the lowest score (or 0.5) to 1.
 * Stateless, safe for concurrent use.
 */
public final class CalibrationChart {
  /** The picture's size in pixels. */
  public static final int WIDTH = 900;
  public static final int HEIGHT = 500;
  /** The width of a histogram band. */
  static final double BIN = 0.025;

  private static final Color APPROVED = new Color(0x59A14F);
  private static final Color REJECTED = new Color(0xE15759);
  private static final Color PROPOSED = new Color(0x4E79A7);
  private static final Color CURRENT = new Color(0x79706E);

  private CalibrationChart() {}

  /** The chart of {@code calibration} for the character named {@code name}, as PNG bytes. */
  public static byte[] png(Calibration calibration, String name) {
    double low = Math.min(0.5, Math.floor(DoubleStream.concat(
        calibration.approved().stream().mapToDouble(Double::doubleValue),
        calibration.rejected().stream().mapToDouble(Double::doubleValue)).min().orElse(0.5) * 10) / 10);
    int bins = (int) Math.round((1.0 - low) / BIN);
    int[] approved = counts(calibration.approved(), low, bins);
    int[] rejected = counts(calibration.rejected(), low, bins);
    int highest = Math.max(1, Math.max(max(approved), max(rejected)));

    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Consistency of " + name + "'s reviewed designs").xAxisTitle("CLIP similarity to the best reference")
        .yAxisTitle("Designs").build();
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setChartTitleBoxVisible(false);
    styler.setLegendPosition(Styler.LegendPosition.InsideNW);
    styler.setToolTipsEnabled(false);
    chart.getStyler().setXAxisMin(low);
    chart.getStyler().setXAxisMax(1.0);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(highest + 1.0);
    chart.getStyler().setYAxisDecimalPattern("#0");

    histogram(chart, "approved (" + calibration.approved().size() + ")", approved, low, APPROVED);
    histogram(chart, "rejected (" + calibration.rejected().size() + ")", rejected, low, REJECTED);
    if (calibration.proposed() != null) {
      line(chart, "proposed " + similarity(calibration.proposed()), calibration.proposed(), highest + 1.0, PROPOSED,
          new BasicStroke(3f));
    }
    line(chart, "current " + similarity(calibration.currentThreshold()), calibration.currentThreshold(),
        highest + 1.0, CURRENT, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 6f}, 0f));
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the calibration chart", e);
    }
  }

  private static int[] counts(List<Double> scores, double low, int bins) {
    int[] counts = new int[bins];
    for (double score : scores) {
      counts[Math.clamp((int) Math.floor((score - low) / BIN + 1e-9), 0, bins - 1)]++;
    }
    return counts;
  }

  /** A step outline of {@code counts}: up and down at each band's edges. */
  private static void histogram(XYChart chart, String label, int[] counts, double low, Color color) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      xs.add(low + i * BIN);
      ys.add((double) counts[i]);
      xs.add(low + (i + 1) * BIN);
      ys.add((double) counts[i]);
    }
    XYSeries series = chart.addSeries(label, xs, ys);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    series.setMarker(SeriesMarkers.NONE);
    series.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
    series.setLineColor(color);
  }

  private static void line(XYChart chart, String label, double x, double top, Color color, BasicStroke stroke) {
    XYSeries series = chart.addSeries(label, List.of(x, x), List.of(0.0, top));
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(color);
    series.setLineStyle(stroke);
  }

  private static int max(int[] values) {
    int max = 0;
    for (int value : values) {
      max = Math.max(max, value);
    }
    return max;
  }
}
