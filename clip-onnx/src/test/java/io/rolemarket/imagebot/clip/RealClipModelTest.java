package io.rolemarket.imagebot.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A real CLIP ViT-B/32 vision model, when {@code IMAGEBOT_CLIP_MODEL} names one (docs/clip-model.md); skipped
 * otherwise, so the default build needs no model file.
 */
class RealClipModelTest {
  @Test
  void embed_twoFixtures_unitLength512DimsAndASensibleCosine() throws IOException {
    String file = System.getenv("IMAGEBOT_CLIP_MODEL");
    assumeTrue(file != null && !file.isBlank(), "IMAGEBOT_CLIP_MODEL not set: real CLIP model test skipped");

    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(Path.of(file))) {
      float[] pattern = embedder.embed(ClipPreprocessingTest.fixture("pattern-300x200.png"));
      float[] photo = embedder.embed(ClipPreprocessingTest.fixture("photo-320x240.jpg"));
      float[] patternAgain = embedder.embed(ClipPreprocessingTest.fixture("pattern-300x200.png"));

      assertEquals(512, pattern.length);
      assertEquals(1.0, length(pattern), 1e-5);
      assertEquals(1.0, OnnxClipEmbedderTest.cosine(pattern, patternAgain), 1e-6);
      double cosine = OnnxClipEmbedderTest.cosine(pattern, photo);
      // two synthetic pictures drawn the same way: alike to CLIP, but not the same picture
      assertTrue(cosine > 0.5 && cosine < 0.999, "cosine of two pattern pictures: " + cosine);
    }
  }

  private static double length(float[] vector) {
    double squares = 0;
    for (float value : vector) {
      squares += (double) value * value;
    }
    return Math.sqrt(squares);
  }
}
