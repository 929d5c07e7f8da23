package io.rolemarket.imagebot.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ClipPreprocessing} against what Pillow and numpy computed for the pictures in {@code fixtures/}
 * ({@code make_fixtures.py} there says how): the 224 × 224 RGB bytes exactly, the normalised floats within 1e-6.
 */
class ClipPreprocessingTest {
  @ParameterizedTest
  @ValueSource(strings = {"pattern-300x200.png", "portrait-150x301.png", "strip-401x224.png", "alpha-257x240.png",
      "photo-320x240.jpg", "lossless-180x240.webp", "gray-200x260.png", "palette-230x190.png"})
  void resizedCropped_fixture_equalsPillowByteForByte(String name) throws IOException {
    byte[] expected = rgbOf(OnnxClipEmbedder.decode(fixture(name.replaceFirst("\\.[a-z]+$", ".expected.png"))));

    byte[] actual = ClipPreprocessing.resizedCropped(OnnxClipEmbedder.decode(fixture(name)));

    int differing = 0;
    String first = "";
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        if (differing++ == 0) {
          first = "first at pixel (" + i / 3 % 224 + ", " + i / 3 / 224 + ") channel " + i % 3 + ": expected "
              + (expected[i] & 0xFF) + ", got " + (actual[i] & 0xFF);
        }
      }
    }
    if (differing > 0) {
      fail(name + ": " + differing + " of " + expected.length + " values differ, " + first);
    }
  }

  @Test
  void tensor_pattern_equalsNumpyWithin1e6() throws IOException {
    float[] expected = floats(new GZIPInputStream(
        new java.io.ByteArrayInputStream(fixture("pattern-300x200.expected.f32.gz"))).readAllBytes());

    float[] actual = ClipPreprocessing.tensor(OnnxClipEmbedder.decode(fixture("pattern-300x200.png")));

    assertEquals(3 * 224 * 224, expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6, "value " + i);
    }
  }

  @Test
  void tensor_pureRed_isRedLessMeanOverStd() {
    BufferedImage red = new BufferedImage(300, 250, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 250; y++) {
      for (int x = 0; x < 300; x++) {
        red.setRGB(x, y, 0xFF0000);
      }
    }

    float[] tensor = ClipPreprocessing.tensor(red);

    assertEquals((1 - 0.48145466f) / 0.26862954f, tensor[0], 1e-6);
    assertEquals((0 - 0.4578275f) / 0.26130258f, tensor[224 * 224 + 500], 1e-6);
    assertEquals((0 - 0.40821073f) / 0.27577711f, tensor[3 * 224 * 224 - 1], 1e-6);
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = ClipPreprocessingTest.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return in.readAllBytes();
    }
  }

  private static byte[] rgbOf(BufferedImage image) {
    byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
    int[] samples = image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) samples[i];
    }
    return rgb;
  }

  private static float[] floats(byte[] littleEndian) {
    float[] values = new float[littleEndian.length / 4];
    ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
