package io.rolemarket.imagebot.providers.sketch;

import static io.rolemarket.imagebot.providers.sketch.SketchPainter.alpha;
import static io.rolemarket.imagebot.providers.sketch.SketchPainter.glow;
import static io.rolemarket.imagebot.providers.sketch.SketchPainter.mix;

import io.rolemarket.imagebot.providers.sketch.SketchPainter.Stage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Draws the sky props (sun, moon, stars, clouds, bats) and the snow, and orders the other props into
 * layers behind and in front of the character. Stateless, safe for concurrent use.
 */
final class SketchProps {
  private static final Color MOON = new Color(0xFFF4C8);
  private static final Color STAR = new Color(0xFFF1A8);
  private static final Color BAT = new Color(0x0E0614);

  private SketchProps() {}

  /** A copy of {@code g} moved to {@code (x, y)}, scaled by {@code scale} and turned by {@code angle}. */
  static Graphics2D at(Graphics2D g, double x, double y, double scale, double angle) {
    Graphics2D local = (Graphics2D) g.create();
    local.translate(x, y);
    local.rotate(angle);
    local.scale(scale, scale);
    return local;
  }

  /** A star with {@code points} tips around {@code (x, y)}. */
  static Shape star(double x, double y, double outer, double inner, int points) {
    Path2D p = new Path2D.Double();
    for (int i = 0; i < points * 2; i++) {
      double r = i % 2 == 0 ? outer : inner;
      double a = -Math.PI / 2 + i * Math.PI / points;
      if (i == 0) {
        p.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
      } else {
        p.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
      }
    }
    p.closePath();
    return p;
  }

  /** The whole character, hats included, in pixels: sky props keep out of it. */
  static Rectangle2D figure(Stage st) {
    double s = st.size();
    return new Rectangle2D.Double(st.cx() - 0.55 * s, st.baseY() - 1.45 * s, 1.1 * s, 1.45 * s);
  }

  static void skyProps(Graphics2D g, Stage st, Random rnd) {
    Set<String> props = st.props();
    double @Nullable [] moon = null;
    double @Nullable [] sun = null;
    if (props.contains("sun")) {
      sun = sun(g, st, rnd);
    }
    if (props.contains("moon")) {
      moon = moon(g, st, rnd);
    }
    if (props.contains("stars")) {
      stars(g, st, rnd, moon);
    }
    if (props.contains("clouds")) {
      clouds(g, st, rnd, sun);
    }
    if (props.contains("bats")) {
      bats(g, st, rnd, moon);
    }
  }

  static void backProps(Graphics2D g, Stage st, Random rnd) {
    Set<String> props = st.props();
    if (props.contains("blossoms")) {
      SketchFestive.blossoms(g, st, rnd);
    }
    if (props.contains("tree")) {
      SketchFestive.tree(g, st, rnd);
    }
    double lineY = st.h() * 0.05;
    if (props.contains("lanterns")) {
      SketchFestive.lanterns(g, st, rnd, lineY);
    }
    if (props.contains("firecrackers")) {
      SketchFestive.firecrackers(g, st, rnd, props.contains("lanterns") ? lineY : -1);
    }
  }

  static void frontProps(Graphics2D g, Stage st, Random rnd) {
    if (st.props().contains("pumpkin")) {
      SketchFestive.pumpkin(g, st, rnd);
    }
    if (st.props().contains("gifts")) {
      SketchFestive.gifts(g, st, rnd);
    }
  }

  private static double[] sun(Graphics2D g, Stage st, Random rnd) {
    double r = st.u() * (0.075 + rnd.nextDouble() * 0.01);
    double x = st.w() * (0.17 + rnd.nextDouble() * 0.06);
    double y = st.h() * (0.15 + rnd.nextDouble() * 0.04);
    Color sun = new Color(0xFFD34E);
    glow(g, x, y, r * 3, new Color(0xFFF3B0), 170);
    Graphics2D rays = at(g, x, y, r, rnd.nextDouble());
    rays.setPaint(alpha(new Color(0xFFE27A), 220));
    for (int i = 0; i < 12; i++) {
      double a = i * Math.PI / 6;
      Path2D ray = new Path2D.Double();
      ray.moveTo(1.2 * Math.cos(a - 0.12), 1.2 * Math.sin(a - 0.12));
      ray.lineTo(1.65 * Math.cos(a), 1.65 * Math.sin(a));
      ray.lineTo(1.2 * Math.cos(a + 0.12), 1.2 * Math.sin(a + 0.12));
      ray.closePath();
      rays.fill(ray);
    }
    rays.setPaint(new RadialGradientPaint(-0.3f, -0.3f, 1.4f, new float[] {0f, 1f},
        new Color[] {new Color(0xFFF6C2), sun}));
    rays.fill(new Ellipse2D.Double(-1, -1, 2, 2));
    rays.setPaint(new Color(0xF4A300));
    rays.setStroke(new BasicStroke(0.05f));
    rays.draw(new Ellipse2D.Double(-1, -1, 2, 2));
    rays.dispose();
    return new double[] {x, y, r};
  }

  private static double[] moon(Graphics2D g, Stage st, Random rnd) {
    double r = st.u() * (0.085 + rnd.nextDouble() * 0.015);
    double x = st.w() * (0.76 + rnd.nextDouble() * 0.06);
    double y = st.h() * (0.15 + rnd.nextDouble() * 0.04);
    glow(g, x, y, r * 3.2, mix(MOON, st.accent(), 0.15), 150);
    Graphics2D m = at(g, x, y, r, 0);
    m.setPaint(new RadialGradientPaint(-0.35f, -0.35f, 1.5f, new float[] {0f, 0.7f, 1f},
        new Color[] {new Color(0xFFFCEB), MOON, new Color(0xEBD89A)}));
    m.fill(new Ellipse2D.Double(-1, -1, 2, 2));
    m.setPaint(alpha(new Color(0xC9B477), 90));
    double[][] craters = {{-0.35, -0.2, 0.22}, {0.3, 0.25, 0.28}, {0.1, -0.5, 0.12}, {-0.25, 0.45, 0.14}};
    for (double[] c : craters) {
      double cr = c[2] * (0.85 + rnd.nextDouble() * 0.3);
      m.fill(new Ellipse2D.Double(c[0] - cr, c[1] - cr, 2 * cr, 2 * cr));
    }
    m.dispose();
    return new double[] {x, y, r};
  }

  private static boolean near(double @Nullable [] circle, double x, double y, double margin) {
    return circle != null && Math.hypot(x - circle[0], y - circle[1]) < circle[2] * margin;
  }

  private static void stars(Graphics2D g, Stage st, Random rnd, double @Nullable [] moon) {
    int count = 14 + rnd.nextInt(8);
    Rectangle2D keepOut = figure(st);
    Color colour = mix(STAR, st.accent(), 0.12);
    for (int i = 0; i < count; i++) {
      double x = st.w() * (0.03 + rnd.nextDouble() * 0.94);
      double y = st.horizon() * (0.03 + rnd.nextDouble() * 0.6);
      double r = st.u() * (0.007 + rnd.nextDouble() * 0.012);
      if (near(moon, x, y, 1.5) || keepOut.contains(x, y)) {
        continue;
      }
      glow(g, x, y, r * 3, colour, 90);
      g.setPaint(colour);
      g.fill(i % 3 == 0 ? star(x, y, r * 1.2, r * 0.3, 4) : star(x, y, r, r * 0.45, 5));
    }
  }

  private static void clouds(Graphics2D g, Stage st, Random rnd, double @Nullable [] sun) {
    int count = 2 + rnd.nextInt(2);
    double from = sun == null ? 0.08 : (sun[0] + sun[2] * 2) / st.w();
    for (int i = 0; i < count; i++) {
      double x = st.w() * (from + 0.08 + (i + rnd.nextDouble() * 0.5) * (0.84 - from) / count);
      double y = st.h() * (0.1 + rnd.nextDouble() * 0.18);
      double r = st.u() * (0.05 + rnd.nextDouble() * 0.02);
      Graphics2D c = at(g, x, y, r, 0);
      double[][] puffs = {{-1.3, 0.25, 0.7}, {-0.5, -0.2, 0.95}, {0.5, -0.35, 1.1}, {1.4, 0.2, 0.75}, {0, 0.35, 0.8}};
      Path2D cloud = new Path2D.Double();
      for (double[] p : puffs) {
        cloud.append(new Ellipse2D.Double(p[0] - p[2], p[1] - p[2], 2 * p[2], 2 * p[2]), false);
      }
      c.setPaint(alpha(mix(st.skyBottom(), Color.BLACK, 0.1), 60));
      c.translate(0.1, 0.15);
      c.fill(cloud);
      c.translate(-0.1, -0.15);
      c.setPaint(new GradientPaint(0, -1.4f, Color.WHITE, 0, 1.1f, new Color(0xDCE8F5)));
      c.fill(cloud);
      c.dispose();
    }
  }

  private static void bats(Graphics2D g, Stage st, Random rnd, double @Nullable [] moon) {
    int count = 4 + rnd.nextInt(3);
    Rectangle2D keepOut = figure(st);
    for (int i = 0; i < count; i++) {
      double x;
      double y;
      if (i == 0 && moon != null) {
        x = moon[0] + (rnd.nextDouble() - 0.6) * moon[2];
        y = moon[1] + (rnd.nextDouble() - 0.3) * moon[2] * 0.8;
      } else {
        int tries = 0;
        do {
          x = st.w() * (0.06 + rnd.nextDouble() * 0.88);
          y = st.h() * (0.06 + rnd.nextDouble() * 0.36);
          tries++;
        } while (tries < 20 && (keepOut.contains(x, y) || near(moon, x, y, 1.3)));
      }
      double size = st.u() * (0.035 + rnd.nextDouble() * 0.03) * (i == 0 ? 1.3 : 1);
      bat(g, x, y, size, (rnd.nextDouble() - 0.5) * 0.6, 0.7 + rnd.nextDouble() * 0.5, st.skyBottom());
    }
  }

  private static void bat(Graphics2D canvas, double x, double y, double size, double angle, double flap,
      Color rim) {
    Graphics2D g = at(canvas, x, y, size, angle);
    Path2D wing = new Path2D.Double();
    wing.moveTo(0.08, -0.12);
    wing.quadTo(0.45, -0.5 * flap, 1.0, -0.42 * flap);
    wing.quadTo(0.9, -0.15, 0.86, 0.08);
    wing.quadTo(0.75, -0.06, 0.6, 0.04);
    wing.quadTo(0.5, -0.08, 0.36, 0.07);
    wing.quadTo(0.25, -0.04, 0.1, 0.12);
    wing.closePath();
    Path2D bat = new Path2D.Double();
    bat.append(wing, false);
    bat.append(AffineTransform.getScaleInstance(-1, 1).createTransformedShape(wing), false);
    bat.append(new Ellipse2D.Double(-0.13, -0.2, 0.26, 0.4), false);
    Path2D ears = new Path2D.Double();
    ears.moveTo(-0.11, -0.12);
    ears.lineTo(-0.1, -0.3);
    ears.lineTo(-0.02, -0.17);
    ears.lineTo(0.02, -0.17);
    ears.lineTo(0.1, -0.3);
    ears.lineTo(0.11, -0.12);
    ears.closePath();
    bat.append(ears, false);
    g.setPaint(alpha(mix(rim, Color.WHITE, 0.3), 120));
    g.setStroke(new BasicStroke(0.06f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(bat);
    g.setPaint(BAT);
    g.fill(bat);
    g.setPaint(new Color(0xFFC93C));
    g.fill(new Ellipse2D.Double(-0.075, -0.1, 0.05, 0.05));
    g.fill(new Ellipse2D.Double(0.025, -0.1, 0.05, 0.05));
    g.dispose();
  }

  /** Snow lying on the ground: a white cap along the ground line with soft drifts on it. */
  static void snowDrifts(Graphics2D g, Stage st, Random rnd) {
    Color snow = new Color(0xF7FAFF);
    Color shade = new Color(0xD5E1F0);
    double w = st.w();
    double h = st.h();
    double hz = st.horizon();
    Path2D cap = new Path2D.Double();
    cap.moveTo(0, hz + h * 0.04);
    cap.quadTo(w * 0.5, hz - h * 0.05, w, hz + h * 0.04);
    int waves = 6;
    for (int i = waves; i > 0; i--) {
      double x0 = w * i / waves;
      double x1 = w * (i - 1) / waves;
      double y1 = rim(st, x1) + h * (0.035 + rnd.nextDouble() * 0.03);
      cap.quadTo((x0 + x1) / 2, rim(st, (x0 + x1) / 2) + h * 0.1, x1, y1);
    }
    cap.closePath();
    g.setPaint(new GradientPaint(0, (float) (hz - h * 0.02), snow, 0, (float) (hz + h * 0.12), shade));
    g.fill(cap);
    int count = 4 + rnd.nextInt(3);
    for (int i = 0; i < count; i++) {
      double x = w * (i + 0.2 + rnd.nextDouble() * 0.6) / count;
      double rx = st.u() * (0.08 + rnd.nextDouble() * 0.07);
      double ry = rx * 0.3;
      double y = rim(st, x) + ry * 0.35;
      g.setPaint(new GradientPaint(0, (float) (y - ry), Color.WHITE, 0, (float) (y + ry * 0.4), snow));
      g.fill(new Arc2D.Double(x - rx, y - ry, 2 * rx, 2 * ry, 0, 180, Arc2D.CHORD));
    }
  }

  /** The y of the front ground line at {@code x}. */
  static double rim(Stage st, double x) {
    double t = x / st.w();
    double top = st.horizon() + st.h() * 0.04;
    return top - st.h() * 0.09 * 2 * t * (1 - t);
  }

  /** Falling snowflakes over the whole picture, keeping clear of the character's face. */
  static void snowfall(Graphics2D g, Stage st, Random rnd) {
    Rectangle2D face = st.face();
    int count = 110 + rnd.nextInt(40);
    g.setStroke(new BasicStroke((float) (st.u() * 0.0025), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int i = 0; i < count; i++) {
      double x = rnd.nextDouble() * st.w();
      double y = rnd.nextDouble() * st.h() * 0.9;
      double r = st.u() * (0.003 + rnd.nextDouble() * rnd.nextDouble() * 0.01);
      int a = 150 + rnd.nextInt(106);
      boolean crystal = i % 9 == 0;
      if (crystal) {
        r *= 1.8;
      }
      if (face.intersects(x - r, y - r, 2 * r, 2 * r)) {
        continue;
      }
      g.setPaint(alpha(Color.WHITE, a));
      if (crystal) {
        for (int k = 0; k < 3; k++) {
          double ang = k * Math.PI / 3;
          g.draw(new Line2D.Double(x - r * Math.cos(ang), y - r * Math.sin(ang), x + r * Math.cos(ang),
              y + r * Math.sin(ang)));
        }
      } else {
        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
      }
    }
  }
}
