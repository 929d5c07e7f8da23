package io.rolemarket.imagebot.providers.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageBytesTest {
  @Test
  void decode_png_sizeFromTheHeader() throws Exception {
    GeneratedImage image = ImageBytes.decode(TestImages.fixture("pink-circle-96.png"), 5L, "test");
    assertEquals(ImageFormat.PNG, image.format());
    assertEquals(96, image.width());
    assertEquals(96, image.height());
    assertEquals(5L, image.seed());
  }

  @Test
  void decode_jpeg() throws Exception {
    GeneratedImage image = ImageBytes.decode(TestImages.jpeg(40, 30), null, "test");
    assertEquals(ImageFormat.JPEG, image.format());
    assertEquals(40, image.width());
  }

  @Test
  void decode_webpLossyAndLossless_becomePngOfTheSamePicture() throws Exception {
    for (String name : new String[] {"pink-circle-96.webp", "pink-circle-96-lossless.webp"}) {
      GeneratedImage image = ImageBytes.decode(TestImages.fixture(name), 9L, "test");

      assertEquals(ImageFormat.PNG, image.format(), name);
      assertEquals(96, image.width(), name);
      assertEquals(96, image.height(), name);
      assertEquals(9L, image.seed());
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.bytes()));
      BufferedImage expected = ImageIO.read(new ByteArrayInputStream(TestImages.fixture("pink-circle-96.png")));
      for (int[] at : new int[][] {{48, 48}, {2, 2}, {93, 5}}) {
        assertClose(expected.getRGB(at[0], at[1]), png.getRGB(at[0], at[1]), name + " at " + Arrays.toString(at));
      }
    }
  }

  @Test
  void decode_damagedWebp_transient() throws Exception {
    byte[] webp = TestImages.fixture("pink-circle-96.webp");
    byte[] damaged = Arrays.copyOf(webp, 40);
    CallFailed failed = assertThrows(CallFailed.class, () -> ImageBytes.decode(damaged, null, "test"));
    assertTrue(failed.failure() instanceof ProviderFailure.Transient && failed.getMessage().contains("WEBP"),
        failed.getMessage());
  }

  /** Each channel within 24 of the other (lossy WebP moves colours a little). */
  private static void assertClose(int expected, int actual, String where) {
    for (int shift = 0; shift <= 16; shift += 8) {
      int a = expected >> shift & 0xff;
      int b = actual >> shift & 0xff;
      assertTrue(Math.abs(a - b) <= 24, where + ": expected " + Integer.toHexString(expected) + ", was "
          + Integer.toHexString(actual));
    }
  }

  @Test
  void decode_json_transient() {
    CallFailed failed = assertThrows(CallFailed.class, () -> ImageBytes.decode("{\"oops\":".getBytes(), null, "test"));
    assertTrue(failed.getMessage().contains("not an image"));
  }

  @Test
  void decode_truncatedPng_transient() {
    byte[] png = TestImages.png(64, 64);
    CallFailed failed = assertThrows(CallFailed.class,
        () -> ImageBytes.decode(Arrays.copyOf(png, png.length / 2), null, "test"));
    assertTrue(failed.getMessage().contains("truncated"), failed.getMessage());
  }

  @Test
  void base64_rawAndDataUri() throws Exception {
    byte[] png = TestImages.png(8, 8);
    String raw = TestImages.base64(png);
    assertTrue(Arrays.equals(png, ImageBytes.base64(raw, "test")));
    assertTrue(Arrays.equals(png, ImageBytes.base64("data:image/png;base64," + raw, "test")));
    assertTrue(Arrays.equals(png, ImageBytes.base64(raw.substring(0, 20) + "\n" + raw.substring(20), "test")));
  }

  @Test
  void base64_invalid_transient() {
    assertThrows(CallFailed.class, () -> ImageBytes.base64("not*base64!", "test"));
  }
}
