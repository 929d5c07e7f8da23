package io.rolemarket.imagebot.providers.sketch;

import static io.rolemarket.imagebot.providers.sketch.SketchPainter.alpha;
import static io.rolemarket.imagebot.providers.sketch.SketchPainter.glow;
import static io.rolemarket.imagebot.providers.sketch.SketchPainter.mix;
import static io.rolemarket.imagebot.providers.sketch.SketchProps.at;
import static io.rolemarket.imagebot.providers.sketch.SketchProps.star;

import io.rolemarket.imagebot.providers.sketch.SketchPainter.Stage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Random;

/**
 * Draws the festive ground and hanging props: Christmas tree, gifts, jack-o'-lantern, lanterns,
 * firecrackers and plum blossoms. Each prop is drawn in its own local units. Stateless, safe for
 * concurrent use.
 */
final class SketchFestive {
  private static final Color GOLD = new Color(0xFFC83D);
  private static final Color GOLD_DARK = new Color(0xB7791F);
  private static final Color LANTERN_RED = new Color(0xE0161B);
  private static final Color PUMPKIN = new Color(0xFF8A1C);

  private SketchFestive() {}

  private static Paint shade(Color base, double cx, double cy, double r) {
    return new RadialGradientPaint(new Point2D.Double(cx - r * 0.35, cy - r * 0.45), (float) (r * 1.6),
        new float[] {0f, 0.55f, 1f},
        new Color[] {mix(base, Color.WHITE, 0.4), base, mix(base, Color.BLACK, 0.25)});
  }

  private static void outlined(Graphics2D g, Shape shape, Paint fill, Color line, double width) {
    g.setPaint(fill);
    g.fill(shape);
    g.setPaint(line);
    g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(shape);
  }

  private static void groundShadow(Graphics2D canvas, double x, double y, double rx) {
    Graphics2D g = (Graphics2D) canvas.create();
    g.translate(x, y);
    g.scale(rx, rx * 0.18);
    g.setPaint(new RadialGradientPaint(0f, 0f, 1f, new float[] {0f, 1f},
        new Color[] {new Color(0, 0, 0, 100), new Color(0, 0, 0, 0)}));
    g.fill(new Ellipse2D.Double(-1, -1, 2, 2));
    g.dispose();
  }

  static void tree(Graphics2D canvas, Stage st, Random rnd) {
    double size = Math.min(st.h() * 0.56, st.u() * 0.6);
    double x = Math.max(st.w() * 0.17, size * 0.34 + st.w() * 0.02) + (rnd.nextDouble() - 0.5) * st.w() * 0.03;
    double base = st.horizon() + st.h() * 0.06;
    groundShadow(canvas, x + size * 0.04, base, size * 0.36);
    Graphics2D g = at(canvas, x, base, size, 0);
    g.setPaint(new GradientPaint(-0.06f, 0f, new Color(0x8B5A2B), 0.06f, 0f, new Color(0x5A3517)));
    g.fill(rect(-0.06, -0.16, 0.12, 0.16));
    boolean snowy = st.props().contains("snow");
    double[][] tiers = {{-0.66, -0.12, 0.35}, {-0.86, -0.4, 0.28}, {-1.0, -0.63, 0.2}};
    Color[] baubles = {st.accent(), GOLD, new Color(0x4EA8DE), new Color(0xF4F1FF)};
    int next = rnd.nextInt(baubles.length);
    for (double[] t : tiers) {
      double top = t[0];
      double bottom = t[1];
      double half = t[2];
      int scallops = 4;
      double step = 2 * half / scallops;
      Path2D tier = new Path2D.Double();
      tier.moveTo(0, top);
      tier.quadTo(half * 0.3, top + (bottom - top) * 0.6, half, bottom);
      for (int k = 0; k < scallops; k++) {
        double x0 = half - k * step;
        tier.quadTo(x0 - step / 2, bottom + 0.06, x0 - step, bottom);
      }
      tier.quadTo(-half * 0.3, top + (bottom - top) * 0.6, 0, top);
      tier.closePath();
      outlined(g, tier, new GradientPaint((float) -half, 0f, new Color(0x4CC26A), (float) half, 0f,
          new Color(0x1A6E37)), new Color(0x0C3F1F), 0.008);
      if (snowy) {
        g.setPaint(new Color(0xF7FAFF));
        for (int k = 0; k < scallops; k++) {
          double mx = half - k * step - step / 2;
          g.fill(new Ellipse2D.Double(mx - step * 0.42, bottom + 0.012, step * 0.84, 0.035));
        }
      }
      g.setPaint(GOLD);
      for (int k = 0; k <= 10; k++) {
        double f = k / 10.0;
        double gx = -half * 0.75 + f * half * 1.5;
        double gy = top + (bottom - top) * 0.55 + Math.sin(f * Math.PI) * 0.07 - f * 0.06;
        g.fill(new Ellipse2D.Double(gx - 0.009, gy - 0.009, 0.018, 0.018));
      }
      for (int k = 0; k < 3; k++) {
        double bx = (-0.6 + k * 0.6 + (rnd.nextDouble() - 0.5) * 0.2) * half * 0.9;
        double by = bottom - 0.035 - rnd.nextDouble() * 0.03;
        Color c = baubles[next++ % baubles.length];
        g.setPaint(shade(c, bx, by, 0.032));
        g.fill(new Ellipse2D.Double(bx - 0.032, by - 0.032, 0.064, 0.064));
        g.setPaint(alpha(Color.WHITE, 200));
        g.fill(new Ellipse2D.Double(bx - 0.018, by - 0.02, 0.014, 0.014));
      }
    }
    glow(g, 0, -1.0, 0.22, new Color(0xFFF3B0), 200);
    outlined(g, star(0, -1.0, 0.09, 0.04, 5), shade(GOLD, 0, -1.0, 0.09), GOLD_DARK, 0.008);
    g.dispose();
  }

  private static Rectangle2D rect(double x, double y, double w, double h) {
    return new Rectangle2D.Double(x, y, w, h);
  }

  static void gifts(Graphics2D g, Stage st, Random rnd) {
    double base = st.baseY() + st.h() * 0.02;
    double a = st.u() * 0.115;
    double right = Math.min(st.cx() + st.size() * 0.55 + a * 0.7, st.w() - a * 1.75 - st.w() * 0.02);
    Color[] boxes = {st.accent(), new Color(0x2A9D5C), new Color(0x3F6FD8), new Color(0xF2B134)};
    int first = rnd.nextInt(boxes.length);
    double big = a * (1.0 + rnd.nextDouble() * 0.15);
    double small = a * (0.68 + rnd.nextDouble() * 0.1);
    gift(g, right, base, big, boxes[first % 4], rnd);
    gift(g, right + big * 0.62 + small * 0.55, base + st.h() * 0.015, small, boxes[(first + 1) % 4], rnd);
    if (rnd.nextBoolean()) {
      gift(g, right + big * 0.06, base - big * 1.02, small * 0.75, boxes[(first + 2) % 4], rnd);
    }
  }

  private static void gift(Graphics2D canvas, double x, double y, double size, Color colour, Random rnd) {
    groundShadow(canvas, x + size * 0.15, y, size * 0.75);
    Graphics2D g = at(canvas, x, y, size, 0);
    Color ribbon = colour.equals(GOLD) || colour.getRed() > 200 && colour.getGreen() > 150
        ? new Color(0xD62828) : mix(GOLD, Color.WHITE, 0.25);
    Color line = mix(colour, Color.BLACK, 0.5);
    Path2D top = new Path2D.Double();
    top.moveTo(-0.5, -1);
    top.lineTo(-0.3, -1.18);
    top.lineTo(0.7, -1.18);
    top.lineTo(0.5, -1);
    top.closePath();
    Path2D side = new Path2D.Double();
    side.moveTo(0.5, -1);
    side.lineTo(0.7, -1.18);
    side.lineTo(0.7, -0.18);
    side.lineTo(0.5, 0);
    side.closePath();
    outlined(g, side, mix(colour, Color.BLACK, 0.3), line, 0.02);
    outlined(g, rect(-0.5, -1, 1, 1), shade(colour, 0, -0.5, 0.6), line, 0.02);
    outlined(g, top, mix(colour, Color.WHITE, 0.25), line, 0.02);
    Color ribbonDark = mix(ribbon, Color.BLACK, 0.3);
    g.setPaint(ribbon);
    g.fill(rect(-0.08, -1, 0.16, 1));
    Path2D topBand = new Path2D.Double();
    topBand.moveTo(-0.08, -1);
    topBand.lineTo(0.12, -1.18);
    topBand.lineTo(0.28, -1.18);
    topBand.lineTo(0.08, -1);
    topBand.closePath();
    g.fill(topBand);
    Path2D sideBand = new Path2D.Double();
    sideBand.moveTo(0.5, -0.58);
    sideBand.lineTo(0.7, -0.76);
    sideBand.lineTo(0.7, -0.6);
    sideBand.lineTo(0.5, -0.42);
    sideBand.closePath();
    g.setPaint(ribbonDark);
    g.fill(sideBand);
    double tilt = (rnd.nextDouble() - 0.5) * 0.3;
    for (int s = -1; s <= 1; s += 2) {
      Shape loop = AffineTransform.getRotateInstance(s * 0.6 + tilt, 0.1, -1.09)
          .createTransformedShape(new Ellipse2D.Double(0.1 - 0.09, -1.09 - 0.3, 0.18, 0.3));
      outlined(g, loop, ribbon, ribbonDark, 0.025);
    }
    outlined(g, new Ellipse2D.Double(0.04, -1.15, 0.12, 0.1), ribbon, ribbonDark, 0.02);
    g.dispose();
  }

  static void pumpkin(Graphics2D canvas, Stage st, Random rnd) {
    double r = st.u() * (0.1 + rnd.nextDouble() * 0.012);
    double x = st.cx() - st.size() * 0.55 - r * 0.9 - rnd.nextDouble() * st.w() * 0.02;
    x = Math.max(x, r * 1.2);
    double y = st.baseY() + st.h() * 0.02 - r * 0.8;
    jackOLantern(canvas, x, y, r, (rnd.nextDouble() - 0.5) * 0.1);
    if (rnd.nextBoolean() && !st.props().contains("gifts")) {
      double small = r * (0.55 + rnd.nextDouble() * 0.1);
      double sx = Math.min(st.cx() + st.size() * 0.62 + small * 1.2, st.w() - small * 1.3);
      jackOLantern(canvas, sx, st.baseY() + st.h() * 0.005 - small * 0.8, small, (rnd.nextDouble() - 0.5) * 0.2);
    }
  }

  private static void jackOLantern(Graphics2D canvas, double x, double y, double r, double angle) {
    glow(canvas, x, y, r * 2.6, new Color(0xFF9A2E), 130);
    groundShadow(canvas, x, y + r * 0.8, r * 1.2);
    Graphics2D g = at(canvas, x, y, r, angle);
    Color line = new Color(0x8A3A00);
    Path2D stem = new Path2D.Double();
    stem.moveTo(-0.1, -0.68);
    stem.quadTo(-0.08, -0.95, 0.05, -1.12);
    stem.lineTo(0.17, -1.04);
    stem.quadTo(0.06, -0.9, 0.1, -0.68);
    stem.closePath();
    outlined(g, stem, new GradientPaint(-0.1f, 0f, new Color(0x6E8B3D), 0.15f, 0f, new Color(0x3E5A1F)),
        new Color(0x2C3D14), 0.03);
    double[][] ribs = {{-0.6, 0.48, 0.74}, {0.6, 0.48, 0.74}, {-0.3, 0.52, 0.8}, {0.3, 0.52, 0.8}, {0, 0.5, 0.82}};
    for (double[] rib : ribs) {
      Shape e = new Ellipse2D.Double(rib[0] - rib[1], -rib[2], 2 * rib[1], 2 * rib[2]);
      outlined(g, e, shade(PUMPKIN, rib[0], 0, 0.7), line, 0.035);
    }
    Color glowIn = new Color(0xFFE45C);
    Paint carved = new RadialGradientPaint(0f, 0.05f, 0.75f, new float[] {0f, 0.6f, 1f},
        new Color[] {new Color(0xFFF6B0), glowIn, new Color(0xFFA41B)});
    Color cut = new Color(0x6B2A00);
    for (int s = -1; s <= 1; s += 2) {
      Path2D eye = new Path2D.Double();
      eye.moveTo(s * 0.52, -0.06);
      eye.lineTo(s * 0.14, -0.06);
      eye.lineTo(s * 0.33, -0.42);
      eye.closePath();
      outlined(g, eye, carved, cut, 0.03);
    }
    Path2D nose = new Path2D.Double();
    nose.moveTo(-0.08, 0.1);
    nose.lineTo(0.08, 0.1);
    nose.lineTo(0, -0.03);
    nose.closePath();
    outlined(g, nose, carved, cut, 0.03);
    Path2D mouth = new Path2D.Double();
    mouth.moveTo(-0.58, 0.2);
    mouth.quadTo(0, 0.42, 0.58, 0.2);
    mouth.quadTo(0.5, 0.5, 0.3, 0.55);
    mouth.lineTo(0.22, 0.44);
    mouth.lineTo(0.12, 0.58);
    mouth.quadTo(0, 0.6, -0.12, 0.58);
    mouth.lineTo(-0.22, 0.44);
    mouth.lineTo(-0.3, 0.55);
    mouth.quadTo(-0.5, 0.5, -0.58, 0.2);
    mouth.closePath();
    outlined(g, mouth, carved, cut, 0.03);
    g.setPaint(alpha(Color.WHITE, 90));
    g.fill(new Ellipse2D.Double(-0.55, -0.62, 0.22, 0.12));
    g.dispose();
  }

  static void lanterns(Graphics2D g, Stage st, Random rnd, double lineY) {
    double w = st.w();
    double sag = st.h() * 0.05;
    g.setPaint(new Color(0x4A0D06));
    g.setStroke(new BasicStroke((float) (st.u() * 0.005), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new QuadCurve2D.Double(-w * 0.02, lineY, w * 0.5, lineY + 2 * sag, w * 1.02, lineY));
    int count = 4 + rnd.nextInt(2);
    double span = st.props().contains("firecrackers") ? 0.72 : 0.84;
    double size = st.u() * 0.062;
    for (int i = 0; i < count; i++) {
      double x = w * (0.08 + span * (i + 0.5 + (rnd.nextDouble() - 0.5) * 0.3) / count);
      double t = x / w;
      double hang = lineY + 4 * sag * t * (1 - t);
      double drop = st.u() * (0.02 + (i % 2) * 0.04 + rnd.nextDouble() * 0.02);
      lantern(g, x, hang, drop, size * (0.9 + rnd.nextDouble() * 0.25), (rnd.nextDouble() - 0.5) * 0.12);
    }
  }

  private static void lantern(Graphics2D canvas, double x, double y, double drop, double size, double sway) {
    Graphics2D g = at(canvas, x, y, size, sway);
    double d = drop / size;
    g.setPaint(new Color(0x4A0D06));
    g.setStroke(new BasicStroke(0.05f));
    g.draw(new Line2D.Double(0, 0, 0, d));
    g.translate(0, d + 1.0);
    glow(g, 0, 0, 2.4, new Color(0xFFB347), 150);
    Shape body = new Ellipse2D.Double(-1, -0.82, 2, 1.64);
    g.setPaint(new RadialGradientPaint(new Point2D.Double(-0.15, -0.2), 1.25f, new float[] {0f, 0.45f, 1f},
        new Color[] {new Color(0xFFB15C), LANTERN_RED, new Color(0x8E0A0E)}));
    g.fill(body);
    g.setPaint(alpha(new Color(0x7A0508), 170));
    g.setStroke(new BasicStroke(0.045f));
    for (double rx : new double[] {0.35, 0.7}) {
      g.draw(new Ellipse2D.Double(-rx, -0.82, 2 * rx, 1.64));
    }
    g.draw(new Line2D.Double(0, -0.82, 0, 0.82));
    g.setPaint(new Color(0x6E0508));
    g.setStroke(new BasicStroke(0.05f));
    g.draw(body);
    g.setPaint(alpha(Color.WHITE, 80));
    g.fill(new Ellipse2D.Double(-0.72, -0.55, 0.3, 0.5));
    for (int s = -1; s <= 1; s += 2) {
      Shape cap = new RoundRectangle2D.Double(-0.45, s < 0 ? -0.98 : 0.74, 0.9, 0.24, 0.1, 0.1);
      outlined(g, cap, new GradientPaint(0f, -0.1f, GOLD, 0f, 0.1f, GOLD_DARK), new Color(0x7A4A0A), 0.03);
    }
    g.setPaint(GOLD);
    g.fill(new Ellipse2D.Double(-0.1, 0.96, 0.2, 0.2));
    g.setStroke(new BasicStroke(0.05f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int k = -3; k <= 3; k++) {
      g.setPaint(k % 2 == 0 ? GOLD : new Color(0xE8A317));
      g.draw(new Line2D.Double(k * 0.025, 1.1, k * 0.06, 1.8));
    }
    g.setPaint(new Color(0xD14B00));
    g.fill(rect(-0.1, 1.16, 0.2, 0.07));
    g.dispose();
  }

  static void firecrackers(Graphics2D canvas, Stage st, Random rnd, double lineY) {
    double x = st.w() * (0.9 + (rnd.nextDouble() - 0.5) * 0.02);
    double t = x / st.w();
    double top = lineY < 0 ? 0 : lineY + 4 * st.h() * 0.05 * t * (1 - t);
    double bottom = st.h() * (0.6 + rnd.nextDouble() * 0.04);
    double unit = st.u() * 0.07;
    Graphics2D g = at(canvas, x, top, unit, 0);
    double len = (bottom - top) / unit;
    g.setPaint(new Color(0x4A0D06));
    g.setStroke(new BasicStroke(0.08f));
    g.draw(new Line2D.Double(0, 0, 0, len));
    Path2D knot = new Path2D.Double();
    knot.moveTo(0, 0.2);
    knot.lineTo(0.35, 0.55);
    knot.lineTo(0, 0.9);
    knot.lineTo(-0.35, 0.55);
    knot.closePath();
    outlined(g, knot, GOLD, GOLD_DARK, 0.05);
    for (double y = 1.2; y < len - 0.3; y += 0.5) {
      for (int s = -1; s <= 1; s += 2) {
        Graphics2D tube = (Graphics2D) g.create();
        tube.translate(0, y);
        tube.rotate(Math.PI / 2 - s * (1.0 + (rnd.nextDouble() - 0.5) * 0.2));
        Shape shell = new RoundRectangle2D.Double(0.05, -0.17, 0.95, 0.34, 0.1, 0.1);
        outlined(tube, shell, new GradientPaint(0f, -0.17f, new Color(0xFF4D4D), 0f, 0.17f, new Color(0xA8000F)),
            new Color(0x5C0008), 0.03);
        tube.setPaint(GOLD);
        tube.fill(rect(0.82, -0.17, 0.1, 0.34));
        tube.fill(rect(0.12, -0.17, 0.06, 0.34));
        tube.setPaint(new Color(0x3A2A1A));
        tube.setStroke(new BasicStroke(0.04f));
        tube.draw(new Line2D.Double(1.0, 0, 1.12, 0.04));
        tube.dispose();
      }
    }
    double by = len + 0.1;
    glow(g, 0, by, 1.6, new Color(0xFFE27A), 220);
    g.setStroke(new BasicStroke(0.06f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    int rays = 12 + rnd.nextInt(4);
    for (int k = 0; k < rays; k++) {
      double a = k * 2 * Math.PI / rays + rnd.nextDouble() * 0.2;
      double r0 = 0.25 + rnd.nextDouble() * 0.15;
      double r1 = 0.8 + rnd.nextDouble() * 0.5;
      g.setPaint(k % 2 == 0 ? new Color(0xFFF1A8) : GOLD);
      g.draw(new Line2D.Double(r0 * Math.cos(a), by + r0 * Math.sin(a), r1 * Math.cos(a), by + r1 * Math.sin(a)));
    }
    g.dispose();
  }

  static void blossoms(Graphics2D g, Stage st, Random rnd) {
    double w = st.w();
    double h = st.h();
    double jitter = (rnd.nextDouble() - 0.5) * 0.04;
    CubicCurve2D main = new CubicCurve2D.Double(-w * 0.02, h * (0.62 + jitter), w * 0.08, h * 0.52,
        w * 0.14, h * (0.46 + jitter), w * 0.3, h * 0.4);
    CubicCurve2D up = new CubicCurve2D.Double(w * 0.09, h * 0.525, w * 0.1, h * 0.44,
        w * 0.15, h * 0.38, w * 0.16, h * 0.31);
    CubicCurve2D low = new CubicCurve2D.Double(w * 0.17, h * 0.45, w * 0.21, h * 0.46,
        w * 0.24, h * 0.5, w * 0.27, h * 0.5);
    double thick = st.u() * 0.026;
    branch(g, main, thick);
    branch(g, up, thick * 0.55);
    branch(g, low, thick * 0.4);
    for (CubicCurve2D c : new CubicCurve2D[] {main, up, low}) {
      int flowers = c == main ? 8 : 4;
      for (int i = 0; i < flowers; i++) {
        double t = (i + 0.6 + rnd.nextDouble() * 0.3) / (flowers + 0.3);
        if (c == main && t < 0.2) {
          continue;
        }
        Point2D p = point(c, t);
        double off = st.u() * 0.02;
        double fx = p.getX() + (rnd.nextDouble() - 0.5) * off;
        double fy = p.getY() + (rnd.nextDouble() - 0.5) * off;
        if (rnd.nextInt(4) == 0) {
          g.setPaint(shade(new Color(0xE0446F), fx, fy, st.u() * 0.01));
          double br = st.u() * 0.009;
          g.fill(new Ellipse2D.Double(fx - br, fy - br, 2 * br, 2 * br));
        } else {
          flower(g, fx, fy, st.u() * (0.021 + rnd.nextDouble() * 0.009), rnd.nextDouble());
        }
      }
    }
  }

  private static Point2D point(CubicCurve2D c, double t) {
    double m = 1 - t;
    double a = m * m * m;
    double b = 3 * m * m * t;
    double d = 3 * m * t * t;
    double e = t * t * t;
    return new Point2D.Double(a * c.getX1() + b * c.getCtrlX1() + d * c.getCtrlX2() + e * c.getX2(),
        a * c.getY1() + b * c.getCtrlY1() + d * c.getCtrlY2() + e * c.getY2());
  }

  private static void branch(Graphics2D g, CubicCurve2D c, double thick) {
    int steps = 24;
    Point2D prev = point(c, 0);
    for (int i = 1; i <= steps; i++) {
      double t = (double) i / steps;
      Point2D p = point(c, t);
      float width = (float) (thick * (1 - 0.7 * t));
      g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setPaint(new Color(0x3B2320));
      g.draw(new Line2D.Double(prev, p));
      g.setStroke(new BasicStroke(width * 0.3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.setPaint(new Color(0x6B4437));
      g.draw(new Line2D.Double(prev.getX(), prev.getY() - width * 0.2, p.getX(), p.getY() - width * 0.2));
      prev = p;
    }
  }

  private static void flower(Graphics2D canvas, double x, double y, double r, double turn) {
    Graphics2D g = at(canvas, x, y, r, turn * Math.PI);
    Color petal = new Color(0xFFD3E1);
    Color rim = new Color(0xE8668F);
    for (int k = 0; k < 5; k++) {
      double a = k * 2 * Math.PI / 5;
      double px = 0.52 * Math.cos(a);
      double py = 0.52 * Math.sin(a);
      Shape e = new Ellipse2D.Double(px - 0.5, py - 0.5, 1.0, 1.0);
      g.setPaint(new RadialGradientPaint(0f, 0f, 1.05f, new float[] {0f, 0.5f, 1f},
          new Color[] {new Color(0xFF7FA6), petal, Color.WHITE}));
      g.fill(e);
      g.setPaint(rim);
      g.setStroke(new BasicStroke(0.06f));
      g.draw(e);
    }
    g.setPaint(new Color(0xC2185B));
    g.fill(new Ellipse2D.Double(-0.2, -0.2, 0.4, 0.4));
    g.setPaint(new Color(0xFFD54F));
    for (int k = 0; k < 7; k++) {
      double a = k * 2 * Math.PI / 7;
      g.fill(new Ellipse2D.Double(0.3 * Math.cos(a) - 0.06, 0.3 * Math.sin(a) - 0.06, 0.12, 0.12));
    }
    g.dispose();
  }
}
