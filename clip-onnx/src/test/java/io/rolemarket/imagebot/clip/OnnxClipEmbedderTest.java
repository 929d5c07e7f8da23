package io.rolemarket.imagebot.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OnnxClipEmbedder} on tiny models written by the test: the mean colour of the preprocessed picture times a
 * fixed 3 × 8 matrix, so every embedding is known in advance.
 */
class OnnxClipEmbedderTest {
  /** Row-major 3 × 8: the embedding is (r, g, b, r + g, r - b, g + b, r / 2, -g) of the normalised mean colour. */
  private static final float[] WEIGHTS = {
      1, 0, 0, 1, 1, 0, 0.5f, 0,
      0, 1, 0, 1, 0, 1, 0, -1,
      0, 0, 1, 0, -1, 1, 0, 0};
  private static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073};
  private static final double[] STD = {0.26862954, 0.26130258, 0.27577711};

  @TempDir Path dir;

  /** pixel_values [batch, 3, 224, 224] -> ReduceMean over H, W -> MatMul 3 -> 8 -> image_embeds [batch, 8]. */
  private Path meanColourModel() throws IOException {
    return new OnnxGraph().input("pixel_values", "batch", 3, 224, 224).output("image_embeds", "batch", 8)
        .constant("weights", WEIGHTS, 3, 8)
        .node("ReduceMean", "mean", new String[] {"pixel_values"}, "axes", new long[] {2, 3}, "keepdims", 0)
        .node("MatMul", "image_embeds", new String[] {"mean", "weights"})
        .writeTo(dir.resolve("tiny.onnx"));
  }

  @Test
  void embed_redAndPink_cosineOfTheirNormalisedColoursThroughTheMatrix() throws IOException {
    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(meanColourModel())) {
      float[] red = embedder.embed(png(new Color(255, 0, 0), 300, 200));
      float[] pink = embedder.embed(png(new Color(255, 192, 203), 256, 256));

      // ReduceMean adds 50,176 floats in float32: a few parts in 10^5 off the exact mean
      assertEquals(cosine(expected(255, 0, 0), expected(255, 192, 203)), cosine(red, pink), 1e-3);
      assertEquals(-0.2434, cosine(red, pink), 1e-3);
      assertArrayEquals(expected(255, 0, 0), red, 1e-3f);
      assertArrayEquals(expected(255, 192, 203), pink, 1e-3f);
    }
  }

  @Test
  void embed_anyPicture_hasUnitLength() throws IOException {
    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(meanColourModel())) {
      float[] embedding = embedder.embed(ClipPreprocessingTest.fixture("photo-320x240.jpg"));

      assertEquals(8, embedding.length);
      assertEquals(1.0, Math.sqrt(dot(embedding, embedding)), 1e-6);
    }
  }

  @Test
  void modelId_isClipAndTheFirst16HexDigitsOfTheFilesSha256() throws Exception {
    Path model = meanColourModel();
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model)));

    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(model)) {
      assertEquals("clip:" + sha256.substring(0, 16), embedder.modelId());
    }
  }

  @Test
  void open_severalOutputs_takesImageEmbeds() throws IOException {
    Path model = new OnnxGraph().input("pixel_values", "batch", 3, 224, 224).output("last_hidden_state", "batch", 3)
        .output("image_embeds", "batch", 8).constant("weights", WEIGHTS, 3, 8)
        .node("ReduceMean", "last_hidden_state", new String[] {"pixel_values"}, "axes", new long[] {2, 3},
            "keepdims", 0)
        .node("MatMul", "image_embeds", new String[] {"last_hidden_state", "weights"})
        .writeTo(dir.resolve("two-outputs.onnx"));

    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(model)) {
      assertEquals(8, embedder.embed(png(Color.BLUE, 64, 64)).length);
    }
  }

  @Test
  void open_wrongInputShape_oneSentenceNamingTheFileAndTheShape() throws IOException {
    OnnxGraph graph = new OnnxGraph().input("pixel_values", 1, 3, 256, 256).output("image_embeds", 1, 3);

    assertEquals("CLIP model MODEL takes input pixel_values [1, 3, 256, 256]; a CLIP ViT-B/32 vision model takes "
        + "float [batch, 3, 224, 224]", refusal(meanColour(graph, 0)));
  }

  @Test
  void open_outputOfWrongRank_oneSentenceNamingTheFileAndTheShape() throws IOException {
    OnnxGraph graph = new OnnxGraph().input("pixel_values", "batch", 3, 224, 224)
        .output("image_embeds", "batch", 3, 1, 1);

    assertEquals("CLIP model MODEL gives output image_embeds [batch, 3, 1, 1]; a CLIP vision model gives float "
        + "embeddings [batch, D]", refusal(meanColour(graph, 1)));
  }

  @Test
  void open_twoInputs_oneSentenceListingThem() throws IOException {
    OnnxGraph graph = new OnnxGraph().input("pixel_values", "batch", 3, 224, 224).input("input_ids", "batch", 77)
        .output("image_embeds", "batch", 3);

    assertEquals("CLIP model MODEL takes 2 inputs (input_ids [batch, 77], pixel_values [batch, 3, 224, 224]); a CLIP "
        + "ViT-B/32 vision model takes one, [batch, 3, 224, 224]", refusal(meanColour(graph, 0)));
  }

  /** {@code graph} with image_embeds the mean of pixel_values over height and width. */
  private static OnnxGraph meanColour(OnnxGraph graph, int keepDims) {
    return graph.node("ReduceMean", "image_embeds", new String[] {"pixel_values"}, "axes", new long[] {2, 3},
        "keepdims", keepDims);
  }

  /** Why {@link OnnxClipEmbedder#open} refuses the model {@code graph} describes, its path written MODEL. */
  private String refusal(OnnxGraph graph) throws IOException {
    Path model = graph.writeTo(dir.resolve("model.onnx"));
    return assertThrows(ClipModelException.class, () -> OnnxClipEmbedder.open(model)).getMessage()
        .replace(model.toString(), "MODEL");
  }

  @Test
  void open_notOnnx_oneSentenceNamingTheFile() throws IOException {
    Path garbage = Files.write(dir.resolve("model.onnx"), "this is not a model\n".repeat(50).getBytes());

    ClipModelException refused = assertThrows(ClipModelException.class, () -> OnnxClipEmbedder.open(garbage));

    assertEquals("CLIP model " + garbage + " is not an ONNX model that ONNX Runtime can load", refused.getMessage());
  }

  @Test
  void open_missingFile_oneSentenceNamingTheFile() {
    Path missing = dir.resolve("nowhere/model.onnx");

    ClipModelException refused = assertThrows(ClipModelException.class, () -> OnnxClipEmbedder.open(missing));

    assertEquals("CLIP model " + missing + " does not exist", refused.getMessage());
  }

  @Test
  void open_directory_oneSentenceNamingIt() {
    ClipModelException refused = assertThrows(ClipModelException.class, () -> OnnxClipEmbedder.open(dir));

    assertEquals("CLIP model " + dir + " is not a file", refused.getMessage());
  }

  @Test
  void embed_notAPicture_ioException() throws IOException {
    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(meanColourModel())) {
      assertThrows(IOException.class, () -> embedder.embed("<html>not a picture</html>".getBytes()));
      assertThrows(IOException.class, () -> embedder.embed(new byte[0]));
    }
  }

  @Test
  void embed_truncatedPng_ioException() throws IOException {
    byte[] picture = png(Color.RED, 300, 200);
    byte[] truncated = Arrays.copyOf(picture, picture.length / 2);

    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(meanColourModel())) {
      assertThrows(IOException.class, () -> embedder.embed(truncated));
    }
  }

  @Test
  void embed_pictureClaimingTooManyPixels_ioExceptionBeforeDecoding() throws IOException {
    byte[] picture = png(Color.RED, 1, 1);
    ByteBuffer header = ByteBuffer.wrap(picture);
    header.putInt(16, 20_000).putInt(20, 20_000); // IHDR's width and height, then its CRC over type and data
    CRC32 crc = new CRC32();
    crc.update(picture, 12, 17);
    header.putInt(29, (int) crc.getValue());

    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(meanColourModel())) {
      IOException refused = assertThrows(IOException.class, () -> embedder.embed(picture));
      assertEquals("the picture is 20000 × 20000, above 50 megapixels", refused.getMessage());
    }
  }

  @Test
  void embed_concurrentCalls_giveWhatOneCallGives() throws Exception {
    List<byte[]> pictures = List.of(ClipPreprocessingTest.fixture("photo-320x240.jpg"),
        ClipPreprocessingTest.fixture("alpha-257x240.png"), png(Color.GREEN, 240, 300), png(Color.PINK, 500, 400));
    try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(meanColourModel());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<float[]> alone = new ArrayList<>();
      for (byte[] picture : pictures) {
        alone.add(embedder.embed(picture));
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<float[]>> together = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        byte[] picture = pictures.get(i % pictures.size());
        together.add(threads.submit(() -> {
          start.await();
          return embedder.embed(picture);
        }));
      }
      start.countDown();

      for (int i = 0; i < together.size(); i++) {
        assertArrayEquals(alone.get(i % pictures.size()), together.get(i).get(), "call " + i);
      }
    }
  }

  /** What the tiny model must give for a picture of one colour, scaled to unit length. */
  private static float[] expected(int red, int green, int blue) {
    double[] colour = new double[3];
    int[] rgb = {red, green, blue};
    for (int channel = 0; channel < 3; channel++) {
      colour[channel] = (rgb[channel] / 255.0 - MEAN[channel]) / STD[channel];
    }
    double[] embedding = new double[8];
    for (int column = 0; column < 8; column++) {
      for (int row = 0; row < 3; row++) {
        embedding[column] += colour[row] * WEIGHTS[row * 8 + column];
      }
    }
    double length = Math.sqrt(Arrays.stream(embedding).map(value -> value * value).sum());
    float[] unit = new float[8];
    for (int i = 0; i < 8; i++) {
      unit[i] = (float) (embedding[i] / length);
    }
    return unit;
  }

  static double cosine(float[] a, float[] b) {
    return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  static byte[] png(Color colour, int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(colour);
    graphics.fillRect(0, 0, width, height);
    graphics.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
