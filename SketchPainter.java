package io.rolemarket.imagebot.core.provider.sketch;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
public final class SketchPainter {
  public static byte[] paintPng(SketchScene s) {
    try { BufferedImage i = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_INT_RGB); i.setRGB(0,0,(int) s.seed()); ByteArrayOutputStream o = new ByteArrayOutputStream(); javax.imageio.ImageIO.write(i, "png", o); return o.toByteArray(); } catch (Exception e) { throw new RuntimeException(e); }
  }
}
