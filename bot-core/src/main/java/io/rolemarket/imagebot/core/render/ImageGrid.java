package io.rolemarket.imagebot.core.render;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Puts several results into one picture, as Midjourney does: 2×2 for four, side by side for two or
 * three. Each cell is scaled to {@code cell} pixels on its long side, so the grid stays under chat upload
 * limits; encoded as JPEG. Stateless, safe for concurrent use.
 */
public final class ImageGrid {
  private static final int GAP = 8;

  private ImageGrid() {}

  /** The grid of {@code images} with cells of {@code cell} pixels on the long side, as JPEG bytes. */
  public static byte[] jpeg(List<GeneratedImage> images, int cell) {
    if (images.isEmpty() || images.size() > 4) {
      throw new IllegalArgumentException("a grid takes 1..4 images, was " + images.size());
    }
    int columns = images.size() == 4 ? 2 : images.size();
    int rows = images.size() == 4 ? 2 : 1;
    GeneratedImage first = images.get(0);
    double scale = (double) cell / Math.max(first.width(), first.height());
    int cellWidth = (int) Math.round(first.width() * scale);
    int cellHeight = (int) Math.round(first.height() * scale);
    BufferedImage grid = new BufferedImage(columns * cellWidth + (columns + 1) * GAP,
        rows * cellHeight + (rows + 1) * GAP, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(new Color(0x1E1E24));
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      for (int i = 0; i < images.size(); i++) {
        BufferedImage picture = decode(images.get(i));
        int x = GAP + (i % columns) * (cellWidth + GAP);
        int y = GAP + (i / columns) * (cellHeight + GAP);
        g.drawImage(picture, x, y, cellWidth, cellHeight, null);
      }
    } finally {
      g.dispose();
    }
    return encodeJpeg(grid, 0.9f);
  }

  /**
   * The image re-encoded as JPEG, scaled down until it is at most {@code maxBytes}: for originals over a
   * platform's upload limit.
   */
  public static byte[] fitJpeg(GeneratedImage image, long maxBytes) {
    BufferedImage picture = decode(image);
    float quality = 0.9f;
    while (true) {
      byte[] jpeg = encodeJpeg(picture, quality);
      if (jpeg.length <= maxBytes || picture.getWidth() < 64) {
        return jpeg;
      }
      if (quality > 0.6f) {
        quality -= 0.15f;
      } else {
        BufferedImage smaller = new BufferedImage(picture.getWidth() * 3 / 4, picture.getHeight() * 3 / 4,
            BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = smaller.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(picture, 0, 0, smaller.getWidth(), smaller.getHeight(), null);
        g.dispose();
        picture = smaller;
      }
    }
  }

  private static BufferedImage decode(GeneratedImage image) {
    try {
      BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image.bytes()));
      if (picture == null) {
        throw new IllegalArgumentException("cannot decode a " + image.format() + " image");
      }
      return picture;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode an image", e);
    }
  }

  private static byte[] encodeJpeg(BufferedImage picture, float quality) {
    // Three bytes a pixel is the JPEG writer's fast path (an int-per-pixel image is read pixel by pixel).
    BufferedImage rgb = picture;
    if (picture.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      rgb = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = rgb.createGraphics();
      g.drawImage(picture, 0, 0, null);
      g.dispose();
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(rgb, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode JPEG", e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
