package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.score.PictureEmbedder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A picture embedder that works for real on solid-colour pictures: the embedding is the top-left pixel's colour
 * (red, green, blue) scaled to unit length, so a picture coloured (204, 153, 0) scores exactly 0.8 against a pure
 * red reference. Counts its calls; can be made to throw, or to hold every call until released. Safe for concurrent
 * use.
 */
public final class FakePictureEmbedder implements PictureEmbedder {
  private final String modelId;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean failing;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  public FakePictureEmbedder(String modelId) {
    this.modelId = modelId;
  }

  /** From now on every call throws an {@link IllegalStateException}, as a crashed model would. */
  public FakePictureEmbedder failing(boolean fail) {
    this.failing = fail;
    return this;
  }

  /** Holds every call until {@link #release}. */
  public FakePictureEmbedder hold() {
    this.gate = new CountDownLatch(1);
    return this;
  }

  /** Lets held calls go on. */
  public void release() {
    gate.countDown();
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public float[] embed(byte[] picture) throws IOException {
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    calls.incrementAndGet();
    if (failing) {
      throw new IllegalStateException("the model crashed");
    }
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture));
    if (image == null) {
      throw new IOException("not a picture");
    }
    int rgb = image.getRGB(0, 0);
    float[] colour = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
    double length = Math.sqrt(colour[0] * colour[0] + colour[1] * colour[1] + colour[2] * colour[2]);
    if (length == 0) {
      throw new IOException("a black picture has no colour to embed");
    }
    for (int i = 0; i < 3; i++) {
      colour[i] = (float) (colour[i] / length);
    }
    return colour;
  }

  /** How many pictures were embedded (failed calls included). */
  public int calls() {
    return calls.get();
  }
}
