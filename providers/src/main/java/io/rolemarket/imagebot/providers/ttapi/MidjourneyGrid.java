package io.rolemarket.imagebot.providers.ttapi;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.providers.http.CallFailed;
import io.rolemarket.imagebot.providers.http.ImageBytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Splits Midjourney's 2×2 grid into its four pictures (top left, top right, bottom left, bottom right). Stateless. */
final class MidjourneyGrid {
  private MidjourneyGrid() {}

  /**
   * The four quarters of {@code grid} as PNGs, in Midjourney's order (U1..U4).
   *
   * @throws CallFailed (transient) when the grid cannot be decoded or is too small to split
   */
  static List<GeneratedImage> split(GeneratedImage grid, String label) throws CallFailed {
    BufferedImage picture;
    try {
      picture = ImageIO.read(new ByteArrayInputStream(grid.bytes()));
    } catch (IOException | RuntimeException e) {
      picture = null;
    }
    if (picture == null || picture.getWidth() < 2 || picture.getHeight() < 2) {
      throw CallFailed.transientFailure(label + " answered a grid that cannot be split");
    }
    int width = picture.getWidth() / 2;
    int height = picture.getHeight() / 2;
    List<GeneratedImage> quarters = new ArrayList<>(4);
    for (int row = 0; row < 2; row++) {
      for (int column = 0; column < 2; column++) {
        BufferedImage quarter = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = quarter.createGraphics();
        graphics.drawImage(picture.getSubimage(column * width, row * height, width, height), 0, 0, null);
        graphics.dispose();
        quarters.add(ImageBytes.decode(png(quarter), grid.seed(), label));
      }
    }
    return quarters;
  }

  private static byte[] png(BufferedImage picture) throws CallFailed {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(picture, "png", out);
    } catch (IOException e) {
      throw CallFailed.transientFailure("could not encode a grid quarter as PNG: " + e.getMessage());
    }
    return out.toByteArray();
  }
}
