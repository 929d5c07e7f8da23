package io.rolemarket.imagebot.providers.sketch;

import static io.rolemarket.imagebot.providers.sketch.SketchPainter.alpha;
import static io.rolemarket.imagebot.providers.sketch.SketchPainter.mix;

import io.rolemarket.imagebot.providers.sketch.SketchPainter.Stage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Draws the round mascot (pig, bear, cat, bunny or a generic blob) and what it wears.
 *
 * <p>Works in character units: the origin is between the feet, one unit is the character's height
 * without ears, y grows downwards. Stateless, safe for concurrent use.
 */
final class SketchCharacter {
  private static final double HEAD_CY = -0.56;
  private static final double HEAD_RX = 0.41;
  private static final double HEAD_RY = 0.35;
  private static final Color INK = new Color(0x2B1B2E);
  private static final Color BLUSH = new Color(0xFF5C8A);
  private static final Color INNER_PINK = new Color(0xF58FB0);

  private SketchCharacter() {}

  static void draw(Graphics2D canvas, Stage st, Random rnd) {
    Graphics2D g = (Graphics2D) canvas.create();
    try {
      g.translate(st.cx(), st.baseY());
      g.scale(st.size(), st.size());
      Color body = st.body();
      Color line = mix(body, new Color(0x3A1E2A), 0.62);
      double look = (rnd.nextDouble() - 0.5) * 0.03;
      shadow(g);
      tail(g, st.species(), body, line);
      bodyAndLimbs(g, st.species(), body, line);
      ears(g, st.species(), body, line);
      ellipse(g, 0, HEAD_CY, HEAD_RX, HEAD_RY, shade(body, 0, HEAD_CY, HEAD_RX), line, 0.014);
      g.setPaint(alpha(Color.WHITE, 70));
      g.fill(rotated(new Ellipse2D.Double(-0.31, -0.85, 0.16, 0.07), -0.5, -0.23, -0.815));
      face(g, st.species(), body, line, look);
      if (st.props().contains("scarf")) {
        scarf(g, st.accent());
      }
      if (st.props().contains("hat-witch")) {
        witchHat(g, st.accent());
      } else if (st.props().contains("hat-santa")) {
        santaHat(g);
      }
    } finally {
      g.dispose();
    }
  }

  private static void shadow(Graphics2D g) {
    Graphics2D s = (Graphics2D) g.create();
    s.scale(1, 0.16);
    s.setPaint(new RadialGradientPaint(0f, 0.1f, 0.5f, new float[] {0f, 0.6f, 1f},
        new Color[] {new Color(0, 0, 0, 110), new Color(0, 0, 0, 50), new Color(0, 0, 0, 0)}));
    s.fill(new Ellipse2D.Double(-0.5, -0.4, 1.0, 1.0));
    s.dispose();
  }

  private static Paint shade(Color base, double cx, double cy, double r) {
    return new RadialGradientPaint(new Point2D.Double(cx - r * 0.35, cy - r * 0.45), (float) (r * 1.6),
        new float[] {0f, 0.55f, 1f},
        new Color[] {mix(base, Color.WHITE, 0.45), base, mix(base, Color.BLACK, 0.18)});
  }

  private static void ellipse(Graphics2D g, double cx, double cy, double rx, double ry, Paint fill,
      @Nullable Color line, double width) {
    Shape e = new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
    g.setPaint(fill);
    g.fill(e);
    if (line != null) {
      g.setPaint(line);
      g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(e);
    }
  }

  private static Shape rotated(Shape shape, double angle, double x, double y) {
    return AffineTransform.getRotateInstance(angle, x, y).createTransformedShape(shape);
  }

  private static void outlined(Graphics2D g, Shape shape, Paint fill, Color line, double width) {
    g.setPaint(fill);
    g.fill(shape);
    g.setPaint(line);
    g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(shape);
  }

  private static void tail(Graphics2D g, String species, Color body, Color line) {
    switch (species) {
      case "pig" -> {
        Path2D curl = new Path2D.Double();
        curl.moveTo(0.24, -0.2);
        curl.curveTo(0.36, -0.2, 0.42, -0.3, 0.37, -0.34);
        curl.curveTo(0.32, -0.38, 0.28, -0.29, 0.35, -0.26);
        curl.curveTo(0.42, -0.23, 0.47, -0.28, 0.46, -0.34);
        tube(g, curl, body, line, 0.042);
      }
      case "cat" -> {
        Path2D t = new Path2D.Double();
        t.moveTo(0.2, -0.12);
        t.curveTo(0.45, -0.1, 0.52, -0.3, 0.42, -0.45);
        t.curveTo(0.36, -0.55, 0.44, -0.62, 0.5, -0.6);
        tube(g, t, body, line, 0.075);
      }
      case "bunny" -> ellipse(g, 0.29, -0.17, 0.085, 0.08, shade(Color.WHITE, 0.29, -0.17, 0.085),
          mix(line, Color.WHITE, 0.3), 0.012);
      case "bear" -> ellipse(g, 0.28, -0.16, 0.06, 0.055, shade(body, 0.28, -0.16, 0.06), line, 0.012);
      default -> { }
    }
  }

  private static void tube(Graphics2D g, Shape path, Color body, Color line, double width) {
    g.setPaint(line);
    g.setStroke(new BasicStroke((float) (width + 0.028), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(path);
    g.setPaint(body);
    g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(path);
  }

  private static void bodyAndLimbs(Graphics2D g, String species, Color body, Color line) {
    Color foot = mix(body, Color.BLACK, 0.08);
    for (int side = -1; side <= 1; side += 2) {
      Shape arm = rotated(new Ellipse2D.Double(side * 0.27 - 0.065, -0.33, 0.13, 0.2), -side * 0.6,
          side * 0.27, -0.23);
      outlined(g, arm, shade(body, side * 0.27, -0.24, 0.1), line, 0.013);
    }
    ellipse(g, 0, -0.22, 0.31, 0.215, shade(body, 0, -0.22, 0.31), line, 0.014);
    Color belly = switch (species) {
      case "bear", "cat", "bunny" -> mix(body, new Color(0xFFF4E6), 0.65);
      default -> alpha(mix(body, Color.WHITE, 0.35), 160);
    };
    ellipse(g, 0, -0.17, 0.17, 0.12, belly, null, 0);
    for (int side = -1; side <= 1; side += 2) {
      ellipse(g, side * 0.14, -0.03, 0.105, 0.058, shade(foot, side * 0.14, -0.03, 0.1), line, 0.013);
      if (species.equals("pig")) {
        g.setPaint(line);
        g.setStroke(new BasicStroke(0.01f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(side * 0.14, 0.0, side * 0.142, -0.03, side * 0.14, -0.06));
      }
    }
  }

  private static void ears(Graphics2D g, String species, Color body, Color line) {
    Color inner = mix(body, INNER_PINK, 0.55);
    for (int side = -1; side <= 1; side += 2) {
      switch (species) {
        case "pig" -> {
          outlined(g, ear(side, -0.4, -0.68, -0.15, -0.86, -0.44, -0.95), shade(body, side * 0.3, -0.85, 0.15),
              line, 0.014);
          g.setPaint(inner);
          g.fill(ear(side, -0.37, -0.72, -0.2, -0.84, -0.41, -0.91));
        }
        case "cat" -> {
          outlined(g, ear(side, -0.4, -0.66, -0.1, -0.88, -0.37, -1.08), shade(body, side * 0.3, -0.9, 0.15),
              line, 0.014);
          g.setPaint(inner);
          g.fill(ear(side, -0.34, -0.72, -0.17, -0.85, -0.34, -1.0));
        }
        case "bear" -> {
          ellipse(g, side * 0.3, -0.84, 0.12, 0.12, shade(body, side * 0.3, -0.84, 0.12), line, 0.014);
          ellipse(g, side * 0.3, -0.835, 0.065, 0.065, mix(body, new Color(0xFFE1C7), 0.5), null, 0);
        }
        case "bunny" -> {
          Shape ear = rotated(new Ellipse2D.Double(side * 0.16 - 0.085, -1.32, 0.17, 0.56), side * 0.2,
              side * 0.16, -0.8);
          outlined(g, ear, shade(body, side * 0.16, -1.05, 0.2), line, 0.014);
          g.setPaint(inner);
          g.fill(rotated(new Ellipse2D.Double(side * 0.16 - 0.042, -1.25, 0.084, 0.42), side * 0.2,
              side * 0.16, -0.8));
        }
        default -> { }
      }
    }
  }

  /** A rounded triangle ear; points are given for the left ear and mirrored when {@code side} is 1. */
  private static Shape ear(int side, double ax, double ay, double bx, double by, double tx, double ty) {
    double s = -side;
    Path2D p = new Path2D.Double();
    p.moveTo(s * ax, ay);
    p.quadTo(s * (ax + tx) / 2 - s * 0.03, (ay + ty) / 2, s * tx, ty);
    p.quadTo(s * (tx + bx) / 2 + s * 0.02, (ty + by) / 2 - 0.03, s * bx, by);
    p.closePath();
    return p;
  }

  private static void face(Graphics2D g, String species, Color body, Color line, double look) {
    double eyeY = species.equals("pig") ? -0.63 : -0.6;
    for (int side = -1; side <= 1; side += 2) {
      double ex = side * 0.16;
      ellipse(g, ex, eyeY, 0.088, 0.102, Color.WHITE, line, 0.012);
      double px = ex + 0.008 + look;
      g.setPaint(new RadialGradientPaint(new Point2D.Double(px, eyeY + 0.03), 0.09f, new float[] {0f, 1f},
          new Color[] {new Color(0x5A3A5E), INK}));
      g.fill(new Ellipse2D.Double(px - 0.066, eyeY + 0.012 - 0.08, 0.132, 0.16));
      g.setPaint(Color.WHITE);
      g.fill(new Ellipse2D.Double(px - 0.048, eyeY - 0.058, 0.048, 0.048));
      g.fill(new Ellipse2D.Double(px + 0.012, eyeY + 0.03, 0.022, 0.022));
      double cheekX = side * 0.275;
      double cheekY = -0.47;
      g.setPaint(new RadialGradientPaint((float) cheekX, (float) cheekY, 0.08f, new float[] {0f, 0.6f, 1f},
          new Color[] {alpha(BLUSH, 150), alpha(BLUSH, 90), alpha(BLUSH, 0)}));
      g.fill(new Ellipse2D.Double(cheekX - 0.09, cheekY - 0.06, 0.18, 0.12));
    }
    g.setStroke(new BasicStroke(0.016f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    switch (species) {
      case "pig" -> {
        Color snout = mix(body, new Color(0xE8799D), 0.55);
        ellipse(g, 0, -0.45, 0.14, 0.09, shade(snout, 0, -0.45, 0.13), line, 0.014);
        g.setPaint(mix(line, snout, 0.2));
        g.fill(new Ellipse2D.Double(-0.075, -0.488, 0.046, 0.074));
        g.fill(new Ellipse2D.Double(0.029, -0.488, 0.046, 0.074));
        smile(g, line, -0.33, 0.055);
      }
      case "bear" -> {
        Color muzzle = mix(body, new Color(0xFFE9D2), 0.6);
        ellipse(g, 0, -0.45, 0.15, 0.1, shade(muzzle, 0, -0.45, 0.15), mix(line, muzzle, 0.3), 0.01);
        nose(g, 0, -0.49, 0.05, INK);
        whiskerMouth(g, line, -0.45);
      }
      case "cat" -> {
        nose(g, 0, -0.49, 0.032, mix(INNER_PINK, Color.BLACK, 0.1));
        whiskerMouth(g, line, -0.465);
        g.setStroke(new BasicStroke(0.009f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setPaint(line);
        for (int side = -1; side <= 1; side += 2) {
          for (int k = -1; k <= 1; k++) {
            g.draw(new QuadCurve2D.Double(side * 0.2, -0.47 + k * 0.03, side * 0.3, -0.48 + k * 0.045,
                side * 0.42, -0.47 + k * 0.07));
          }
        }
      }
      case "bunny" -> {
        g.setPaint(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(-0.035, -0.445, 0.07, 0.06, 0.02, 0.02));
        g.setPaint(line);
        g.setStroke(new BasicStroke(0.008f));
        g.draw(new RoundRectangle2D.Double(-0.035, -0.445, 0.07, 0.06, 0.02, 0.02));
        g.draw(new Line2D.Double(0, -0.445, 0, -0.385));
        g.setStroke(new BasicStroke(0.016f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        whiskerMouth(g, line, -0.465);
        ellipse(g, 0, -0.49, 0.035, 0.025, mix(INNER_PINK, Color.BLACK, 0.05), null, 0);
      }
      default -> smile(g, line, -0.43, 0.08);
    }
  }

  private static void smile(Graphics2D g, Color line, double y, double half) {
    g.setPaint(line);
    g.setStroke(new BasicStroke(0.016f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new QuadCurve2D.Double(-half, y, 0, y + half * 0.9, half, y));
  }

  private static void nose(Graphics2D g, double x, double y, double r, Color colour) {
    Path2D p = new Path2D.Double();
    p.moveTo(x - r, y - r * 0.5);
    p.quadTo(x, y - r * 0.9, x + r, y - r * 0.5);
    p.quadTo(x + r * 0.3, y + r * 0.8, x, y + r * 0.8);
    p.quadTo(x - r * 0.3, y + r * 0.8, x - r, y - r * 0.5);
    p.closePath();
    g.setPaint(colour);
    g.fill(p);
    g.setPaint(alpha(Color.WHITE, 150));
    g.fill(new Ellipse2D.Double(x - r * 0.5, y - r * 0.5, r * 0.5, r * 0.3));
  }

  private static void whiskerMouth(Graphics2D g, Color line, double y) {
    g.setPaint(line);
    g.setStroke(new BasicStroke(0.014f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new Line2D.Double(0, y, 0, y + 0.04));
    g.draw(new QuadCurve2D.Double(-0.07, y + 0.035, -0.035, y + 0.085, 0, y + 0.04));
    g.draw(new QuadCurve2D.Double(0, y + 0.04, 0.035, y + 0.085, 0.07, y + 0.035));
  }

  private static void scarf(Graphics2D g, Color accent) {
    Color knit = accent;
    Color stripe = mix(accent, Color.WHITE, 0.85);
    Color line = mix(accent, Color.BLACK, 0.45);
    Path2D end = new Path2D.Double();
    end.moveTo(-0.2, -0.24);
    end.lineTo(-0.08, -0.22);
    end.lineTo(-0.1, -0.04);
    end.lineTo(-0.22, -0.06);
    end.closePath();
    outlined(g, end, shade(knit, -0.15, -0.15, 0.1), line, 0.01);
    g.setPaint(stripe);
    g.setStroke(new BasicStroke(0.022f));
    g.draw(new Line2D.Double(-0.205, -0.155, -0.09, -0.14));
    g.setStroke(new BasicStroke(0.01f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.setPaint(knit);
    for (int i = 0; i < 5; i++) {
      double x = -0.215 + i * 0.027;
      g.draw(new Line2D.Double(x, -0.057 + i * 0.004, x - 0.002, -0.02 + i * 0.004));
    }
    Path2D band = new Path2D.Double();
    band.moveTo(-0.33, -0.31);
    band.quadTo(0, -0.15, 0.33, -0.31);
    band.lineTo(0.33, -0.22);
    band.quadTo(0, -0.06, -0.33, -0.22);
    band.closePath();
    outlined(g, band, shade(knit, 0, -0.22, 0.3), line, 0.012);
    g.setPaint(stripe);
    g.setStroke(new BasicStroke(0.02f));
    for (double x : new double[] {-0.2, 0.0, 0.2}) {
      double top = -0.31 + 0.16 * (1 - (x / 0.33) * (x / 0.33)) * 0.5 + 0.01;
      g.draw(new Line2D.Double(x, top, x, top + 0.07));
    }
  }

  private static void witchHat(Graphics2D g, Color accent) {
    Graphics2D h = (Graphics2D) g.create();
    h.rotate(0.12, 0, -0.86);
    Color felt = new Color(0x2E1A47);
    Color line = new Color(0x120A1E);
    Path2D cone = new Path2D.Double();
    cone.moveTo(-0.22, -0.86);
    cone.curveTo(-0.14, -1.08, -0.06, -1.22, 0.02, -1.36);
    cone.quadTo(0.12, -1.4, 0.2, -1.3);
    cone.quadTo(0.1, -1.27, 0.08, -1.2);
    cone.curveTo(0.12, -1.05, 0.18, -0.95, 0.24, -0.86);
    cone.closePath();
    outlined(h, cone, shade(felt, 0, -1.05, 0.3), line, 0.014);
    Path2D band = new Path2D.Double();
    band.moveTo(-0.205, -0.9);
    band.quadTo(0.01, -0.85, 0.23, -0.9);
    band.lineTo(0.205, -0.97);
    band.quadTo(0.01, -0.92, -0.18, -0.97);
    band.closePath();
    outlined(h, band, accent, mix(accent, Color.BLACK, 0.4), 0.008);
    h.setPaint(new Color(0xFFD166));
    h.setStroke(new BasicStroke(0.014f));
    h.draw(new Rectangle2D.Double(-0.03, -0.965, 0.06, 0.06));
    Shape brim = new Ellipse2D.Double(-0.4, -0.92, 0.8, 0.13);
    outlined(h, brim, shade(felt, 0, -0.86, 0.4), line, 0.014);
    h.setPaint(alpha(accent, 120));
    h.setStroke(new BasicStroke(0.008f));
    h.draw(new QuadCurve2D.Double(-0.3, -0.84, 0.0, -0.8, 0.3, -0.84));
    h.dispose();
  }

  private static void santaHat(Graphics2D g) {
    Color red = new Color(0xD7263D);
    Color line = mix(red, Color.BLACK, 0.5);
    Path2D cap = new Path2D.Double();
    cap.moveTo(-0.29, -0.84);
    cap.curveTo(-0.26, -1.05, -0.05, -1.15, 0.12, -1.13);
    cap.curveTo(0.3, -1.11, 0.41, -1.0, 0.45, -0.88);
    cap.quadTo(0.39, -0.92, 0.34, -0.94);
    cap.curveTo(0.33, -0.9, 0.31, -0.86, 0.29, -0.84);
    cap.closePath();
    outlined(g, cap, shade(red, 0, -1.02, 0.32), line, 0.014);
    Color fur = new Color(0xF8F8FF);
    Color furLine = new Color(0xB8C4D6);
    Path2D trim = new Path2D.Double();
    trim.moveTo(-0.33, -0.87);
    trim.quadTo(0, -1.0, 0.33, -0.87);
    trim.quadTo(0.37, -0.82, 0.33, -0.77);
    trim.quadTo(0, -0.9, -0.33, -0.77);
    trim.quadTo(-0.37, -0.82, -0.33, -0.87);
    trim.closePath();
    outlined(g, trim, shade(fur, 0, -0.84, 0.34), furLine, 0.012);
    ellipse(g, 0.45, -0.87, 0.07, 0.07, shade(fur, 0.45, -0.87, 0.07), furLine, 0.012);
  }
}
