package io.rolemarket.imagebot.web;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Thumbnails of stored pictures, made once and kept on disk as {@code <sha256>-<size>.jpg}: at most {@link #SIZE}
 * pixels on the longer side, on white (JPEG has no transparency). A picture ImageIO cannot read has none. Safe for
 * concurrent use: two requests for the same new thumbnail may both make it; each file is moved into place whole.
 */
final class Thumbnails {
  /** The longer side of a thumbnail, in pixels. */
  static final int SIZE = 320;
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;
  private final AtomicInteger made = new AtomicInteger();

  Thumbnails(Path dir) {
    this.dir = dir;
  }

  /**
   * The JPEG thumbnail of the picture {@code sha256}, made from {@code original} the first time; empty when the
   * picture is gone or cannot be read.
   */
  Optional<byte[]> of(String sha256, Supplier<Optional<byte[]>> original) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    Path file = dir.resolve(sha256 + "-" + SIZE + ".jpg");
    try {
      if (Files.isRegularFile(file)) {
        return Optional.of(Files.readAllBytes(file));
      }
      Optional<byte[]> bytes = original.get().flatMap(Thumbnails::shrink);
      if (bytes.isPresent()) {
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, sha256, ".tmp");
        Files.write(temporary, bytes.get());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        made.incrementAndGet();
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep a thumbnail under " + dir + " (check IMAGEBOT_WEB_THUMBNAILS)", e);
    }
  }

  /** How many thumbnails this instance made (not read back from disk): for tests. */
  int made() {
    return made.get();
  }

  private static Optional<byte[]> shrink(byte[] original) {
    try {
      BufferedImage picture = ImageIO.read(new ByteArrayInputStream(original));
      if (picture == null) {
        return Optional.empty();
      }
      double scale = Math.min(1.0, (double) SIZE / Math.max(picture.getWidth(), picture.getHeight()));
      int width = Math.max(1, (int) Math.round(picture.getWidth() * scale));
      int height = Math.max(1, (int) Math.round(picture.getHeight() * scale));
      BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = small.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.drawImage(picture, 0, 0, width, height, null);
      } finally {
        g.dispose();
      }
      var out = new java.io.ByteArrayOutputStream();
      ImageIO.write(small, "jpg", out);
      return Optional.of(out.toByteArray());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
