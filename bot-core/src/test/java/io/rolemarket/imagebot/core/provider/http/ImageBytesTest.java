package io.rolemarket.imagebot.core.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.testing.TestImages;
import java.util.Arrays;
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
  void decode_webp_transientSayingWebp() {
    for (String name : new String[] {"pink-circle-96.webp", "pink-circle-96-lossless.webp"}) {
      CallFailed failed = assertThrows(CallFailed.class, () -> ImageBytes.decode(TestImages.fixture(name), null, "test"));
      assertTrue(failed.failure() instanceof ProviderFailure.Transient && failed.getMessage().contains("WebP"));
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
