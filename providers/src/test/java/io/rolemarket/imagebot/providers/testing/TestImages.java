package io.rolemarket.imagebot.providers.testing;

import io.rolemarket.imagebot.core.provider.ProviderRequest;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Objects;
import javax.imageio.ImageIO;

/** Small real images for fakes and decoder tests, made in memory or read from the test fixtures. */
public final class TestImages {
  private TestImages() {}

  /** A PNG of this size in one colour. */
  public static byte[] png(int width, int height) {
    return encode(width, height, "png");
  }

  /** A JPEG of this size in one colour. */
  public static byte[] jpeg(int width, int height) {
    return encode(width, height, "jpg");
  }

  /** The reference picture of the character tests send: a 64x64 JPEG, as a catalog's reference sheets often are. */
  public static final byte[] REFERENCE = jpeg(64, 64);

  /** {@code request} carrying {@link #REFERENCE} as its reference picture. */
  public static ProviderRequest withReference(ProviderRequest request) {
    return new ProviderRequest(request.prompt(), request.negativePrompt(), request.count(), request.aspectRatio(),
        request.seed(), REFERENCE, request.referenceUrl());
  }

  /** {@code bytes} as standard base64. */
  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A fixture from {@code src/test/resources/fixtures}, such as {@code pink-circle-96.webp}. */
  public static byte[] fixture(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/fixtures/" + name)) {
      return Objects.requireNonNull(in, "no fixture " + name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(int width, int height, String format) {
    BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = picture.createGraphics();
    g.setColor(new Color(0xF7A8C4));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(0x3B1F4A));
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(picture, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
