package io.rolemarket.imagebot.providers.http;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a provider sent into a {@link GeneratedImage}: base64 (raw or as a data URI) to bytes, the
 * format from the magic bytes (never from headers), the size from the image header via ImageIO. PNG and
 * JPEG are kept as they came. WebP (Replicate's default, and what some servers answer whatever was asked)
 * is decoded with the TwelveMonkeys ImageIO plugin and re-encoded as PNG, since chat apps and the
 * adapters' grids want PNG or JPEG. Anything else fails as transient with a log line saying what came.
 * Stateless.
 */
public final class ImageBytes {
  private static final Logger log = LoggerFactory.getLogger(ImageBytes.class);

  private ImageBytes() {}

  /**
   * The image in {@code bytes}.
   *
   * @param seed the seed the provider reported, or null
   * @param label the provider's name for messages
   * @throws CallFailed (transient) when the bytes are not a readable PNG or JPEG
   */
  public static GeneratedImage decode(byte[] bytes, @Nullable Long seed, String label) throws CallFailed {
    Optional<ImageFormat> format = ImageFormat.sniff(bytes);
    if (format.isEmpty()) {
      log.warn("{}: expected an image, got {} bytes starting {}", label, bytes.length, start(bytes));
      throw CallFailed.transientFailure(label + " answered something that is not an image");
    }
    if (format.get() == ImageFormat.WEBP) {
      return fromWebp(bytes, seed, label);
    }
    if (!complete(bytes, format.get())) {
      log.warn("{}: {} image of {} bytes is cut short (no end marker)", label, format.get(), bytes.length);
      throw CallFailed.transientFailure(label + " answered a truncated " + format.get() + " image");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (in != null && readers.hasNext()) {
        ImageReader reader = readers.next();
        try {
          reader.setInput(in, true, true);
          return new GeneratedImage(bytes, format.get(), reader.getWidth(0), reader.getHeight(0), seed);
        } finally {
          reader.dispose();
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("{}: {} image of {} bytes is unreadable: {}", label, format.get(), bytes.length, e.toString());
    }
    throw CallFailed.transientFailure(label + " answered a damaged " + format.get() + " image");
  }

  /** A WebP picture as PNG. */
  private static GeneratedImage fromWebp(byte[] bytes, @Nullable Long seed, String label) throws CallFailed {
    BufferedImage picture;
    try {
      picture = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      log.warn("{}: WebP image of {} bytes is unreadable: {}", label, bytes.length, e.toString());
      throw CallFailed.transientFailure(label + " answered a damaged WEBP image");
    }
    if (picture == null) {
      log.warn("{}: no WebP reader for an image of {} bytes", label, bytes.length);
      throw CallFailed.transientFailure(label + " answered a WEBP image the bot cannot read");
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream(bytes.length * 4);
    try {
      ImageIO.write(picture, "png", png);
    } catch (IOException e) {
      throw CallFailed.transientFailure(label + " WEBP image could not be converted: " + e.getMessage());
    }
    log.debug("{}: converted a {}×{} WebP answer to PNG", label, picture.getWidth(), picture.getHeight());
    return new GeneratedImage(png.toByteArray(), ImageFormat.PNG, picture.getWidth(), picture.getHeight(), seed);
  }

  /**
   * The bytes of base64 text, raw or as a data URI ({@code data:image/png;base64,...}); line breaks
   * and the URL-safe alphabet are accepted.
   *
   * @throws CallFailed (transient) when the text is not base64
   */
  public static byte[] base64(String text, String label) throws CallFailed {
    String data = text.strip();
    if (data.startsWith("data:")) {
      int comma = data.indexOf(',');
      data = comma < 0 ? "" : data.substring(comma + 1);
    }
    data = data.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      log.warn("{}: image data is not valid base64 ({} characters): {}", label, data.length(), e.getMessage());
      throw CallFailed.transientFailure(label + " answered image data that is not valid base64");
    }
  }

  /** Decodes base64 text into an image. */
  public static GeneratedImage decodeBase64(String text, @Nullable Long seed, String label) throws CallFailed {
    return decode(base64(text, label), seed, label);
  }

  /** Whether the image ends the way a whole one does: PNG with its IEND chunk, JPEG with an end marker. */
  private static boolean complete(byte[] bytes, ImageFormat format) {
    int from = Math.max(0, bytes.length - 64);
    for (int i = bytes.length - 2; i >= from; i--) {
      if (format == ImageFormat.PNG && i + 4 <= bytes.length
          && bytes[i] == 'I' && bytes[i + 1] == 'E' && bytes[i + 2] == 'N' && bytes[i + 3] == 'D') {
        return true;
      }
      if (format == ImageFormat.JPEG && (bytes[i] & 0xff) == 0xff && (bytes[i + 1] & 0xff) == 0xd9) {
        return true;
      }
    }
    return false;
  }

  private static String start(byte[] bytes) {
    byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 16));
    String printable = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
    return "'" + printable + "' (" + HexFormat.of().formatHex(head) + ")";
  }
}
