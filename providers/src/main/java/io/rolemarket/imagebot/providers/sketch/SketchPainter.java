package io.rolemarket.imagebot.providers.sketch;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The offline Sketch provider's illustrator: draws a round mascot character in a themed scene with Java2D.
 *
 * <p>The picture is a pure function of the {@link SketchScene}: the same scene always gives the same
 * pixels and the same PNG bytes (placement jitter comes only from {@code new Random(scene.seed())}; no
 * text or system fonts are drawn). Stateless, safe for concurrent use.
 */
final class SketchPainter {

  private SketchPainter() {}

  /**
   * Draws the scene into a new {@link BufferedImage#TYPE_INT_RGB} image of the scene's size.
   *
   * @param scene what to draw
   * @return a new image the caller owns
   */
  public static BufferedImage paint(SketchScene scene) {
    BufferedImage image = new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
      draw(g, scene);
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * Draws the scene and encodes it as PNG; the same scene always gives byte-identical output.
   *
   * @param scene what to draw
   * @return the PNG file bytes
   */
  public static byte[] paintPng(SketchScene scene) {
    BufferedImage image = paint(scene);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed", e);
    }
    return out.toByteArray();
  }

  private static void draw(Graphics2D g, SketchScene scene) {
    Random rnd = new Random(scene.seed());
    Stage st = Stage.of(scene, rnd);
    Set<String> props = st.props();
    drawSky(g, st);
    SketchProps.skyProps(g, st, rnd);
    drawGround(g, st, rnd);
    SketchProps.backProps(g, st, rnd);
    SketchCharacter.draw(g, st, rnd);
    SketchProps.frontProps(g, st, rnd);
    if (props.contains("snow")) {
      SketchProps.snowfall(g, st, rnd);
    }
  }

  private static void drawSky(Graphics2D g, Stage st) {
    g.setPaint(new GradientPaint(0, 0, st.skyTop(), 0, (float) st.horizon(), st.skyBottom()));
    g.fill(new Rectangle2D.Double(0, 0, st.w(), st.h()));
    double r = Math.max(st.w(), st.h()) * 0.75;
    g.setPaint(new RadialGradientPaint((float) st.cx(), (float) (st.horizon()), (float) r,
        new float[] {0f, 1f},
        new Color[] {alpha(mix(st.skyBottom(), Color.WHITE, 0.25), 90), alpha(st.skyBottom(), 0)}));
    g.fill(new Rectangle2D.Double(0, 0, st.w(), st.horizon() + st.h() * 0.05));
  }

  private static void drawGround(Graphics2D g, Stage st, Random rnd) {
    double w = st.w();
    double h = st.h();
    double hz = st.horizon();
    Color far = mix(st.skyBottom(), st.ground(), 0.55);
    double peak = w * (0.25 + rnd.nextDouble() * 0.5);
    Path2D back = new Path2D.Double();
    back.moveTo(0, hz + h * 0.01);
    back.curveTo(peak * 0.5, hz - h * 0.02, peak - w * 0.15, hz - h * 0.09, peak, hz - h * 0.09);
    back.curveTo(peak + w * 0.15, hz - h * 0.09, w - (w - peak) * 0.5, hz - h * 0.03, w, hz);
    back.lineTo(w, h);
    back.lineTo(0, h);
    back.closePath();
    g.setPaint(new GradientPaint(0, (float) (hz - h * 0.09), mix(far, Color.WHITE, 0.08), 0, (float) hz, far));
    g.fill(back);

    Path2D front = new Path2D.Double();
    front.moveTo(0, hz + h * 0.04);
    front.quadTo(w * 0.5, hz - h * 0.05, w, hz + h * 0.04);
    front.lineTo(w, h);
    front.lineTo(0, h);
    front.closePath();
    g.setPaint(new GradientPaint(0, (float) hz, mix(st.ground(), Color.WHITE, 0.12),
        0, (float) h, mix(st.ground(), Color.BLACK, 0.25)));
    g.fill(front);
    g.setPaint(alpha(mix(st.ground(), Color.WHITE, 0.35), 110));
    g.setStroke(new BasicStroke((float) (st.u() * 0.006)));
    Path2D rim = new Path2D.Double();
    rim.moveTo(0, hz + h * 0.04);
    rim.quadTo(w * 0.5, hz - h * 0.05, w, hz + h * 0.04);
    g.draw(rim);
    if (st.props().contains("snow")) {
      SketchProps.snowDrifts(g, st, rnd);
    }
  }

  /**
   * Where things go in one picture: sizes, the character's footprint and the resolved palette.
   *
   * @param w width in pixels
   * @param h height in pixels
   * @param u the shorter side, the unit for prop sizes
   * @param horizon y of the ground line
   * @param cx x of the character's centre
   * @param baseY y of the character's feet
   * @param size the character's height without ears and hats
   * @param species the body shape, lower case
   * @param body the body colour
   * @param skyTop the sky colour at the top
   * @param skyBottom the sky colour at the horizon
   * @param ground the ground colour
   * @param accent the theme's accent colour
   * @param props the props to draw, lower case
   */
  record Stage(double w, double h, double u, double horizon, double cx, double baseY, double size,
      String species, Color body, Color skyTop, Color skyBottom, Color ground, Color accent, Set<String> props) {

    static Stage of(SketchScene scene, Random rnd) {
      double w = scene.width();
      double h = scene.height();
      double u = Math.min(w, h);
      Color[] pal = resolvePalette(scene.palette());
      Set<String> props = new LinkedHashSet<>();
      for (String prop : scene.props()) {
        props.add(prop.strip().toLowerCase(Locale.ROOT));
      }
      double size = Math.min(h * 0.45, w * 0.62);
      double cx = w * (0.5 + (rnd.nextDouble() - 0.5) * 0.03);
      double baseY = h * 0.885;
      return new Stage(w, h, u, h * 0.70, cx, baseY, size, scene.species().strip().toLowerCase(Locale.ROOT),
          parse(scene.bodyColor()), pal[0], pal[1], pal[2], pal[3], Set.copyOf(props));
    }

    /** The head's bounding box in pixels, ears and hats excluded: the face nothing may cover. */
    Rectangle2D face() {
      double s = size;
      return new Rectangle2D.Double(cx - 0.43 * s, baseY - 0.93 * s, 0.86 * s, 0.74 * s);
    }

    /** The head ellipse in pixels. */
    Ellipse2D head() {
      double s = size;
      return new Ellipse2D.Double(cx - 0.41 * s, baseY - 0.91 * s, 0.82 * s, 0.70 * s);
    }
  }

  static Color[] resolvePalette(List<String> palette) {
    Color skyTop = parse(palette.get(0));
    Color skyBottom = palette.size() > 1 ? parse(palette.get(1)) : mix(skyTop, Color.WHITE, 0.35);
    Color ground = palette.size() > 2 ? parse(palette.get(2))
        : mix(mix(skyBottom, new Color(0x6BBF59), 0.6), Color.BLACK, 0.1);
    Color accent;
    if (palette.size() > 3) {
      accent = parse(palette.get(3));
    } else {
      float[] hsb = Color.RGBtoHSB(skyTop.getRed(), skyTop.getGreen(), skyTop.getBlue(), null);
      accent = Color.getHSBColor((hsb[0] + 0.5f) % 1f, 0.75f, 1f);
    }
    return new Color[] {skyTop, skyBottom, ground, accent};
  }

  static Color parse(String hex) {
    return new Color(Integer.parseInt(hex.substring(1), 16));
  }

  static Color mix(Color a, Color b, double t) {
    return new Color(
        (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
        (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t),
        (int) Math.round(a.getAlpha() + (b.getAlpha() - a.getAlpha()) * t));
  }

  static Color alpha(Color c, int a) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.max(0, Math.min(255, a)));
  }

  /** Fills a soft round glow of {@code colour} fading to transparent at {@code r}. */
  static void glow(Graphics2D g, double x, double y, double r, Color colour, int strength) {
    g.setPaint(new RadialGradientPaint((float) x, (float) y, (float) r, new float[] {0f, 0.4f, 1f},
        new Color[] {alpha(colour, strength), alpha(colour, strength / 3), alpha(colour, 0)}));
    g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
  }
}
