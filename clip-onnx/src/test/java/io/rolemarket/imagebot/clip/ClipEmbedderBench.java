package io.rolemarket.imagebot.clip;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Times {@link OnnxClipEmbedder} end to end (decode, preprocess, run, normalise) on a 1024 × 1024 picture with a
 * graph the size of CLIP ViT-B/32's image tower, built here with random weights (no model is downloaded): patch
 * convolution 32 × 32 to 49 patches plus a class token, width 768, 12 layers of single-head attention-shaped
 * MatMuls and a 3072-wide MLP with QuickGELU, projection to 512. No LayerNorm, biases or heads, so the figures are
 * a floor for the real file; with {@code IMAGEBOT_CLIP_MODEL} set, that file instead. Run with
 * {@code ./mvnw -B -q -Pbench verify -pl clip-onnx -am -DskipTests}.
 */
public final class ClipEmbedderBench {
  private static final int WIDTH = 768;
  private static final int LAYERS = 12;
  private static final int MLP = 3072;
  private static final int PATCHES = 49;
  private static final int EMBEDDING = 512;
  private static final int WARMUP = 5;
  private static final int RUNS = 40;
  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ClipEmbedderBench() {}

  public static void main(String[] args) throws Exception {
    String real = System.getenv("IMAGEBOT_CLIP_MODEL");
    boolean proxy = real == null || real.isBlank();
    Path dir = Files.createTempDirectory("clip-bench");
    Path model = proxy ? vitB32Sized(dir.resolve("vit-b32-sized.onnx")) : Path.of(real);
    try {
      BufferedImage picture = picture(1024, 1024);
      byte[] png = encoded(picture, "png");
      byte[] jpeg = encoded(picture, "jpg");
      byte[] small = encoded(picture(224, 224), "png");
      System.out.printf(Locale.ROOT, "CLIP embedder bench: %s, %.1f MB, %d cores, load average %.1f at start, "
          + "JVM options %s%n", proxy ? "ViT-B/32-sized graph, random weights" : model, Files.size(model) / 1e6,
          Runtime.getRuntime().availableProcessors(), CPU.getSystemLoadAverage(),
          ManagementFactory.getRuntimeMXBean().getInputArguments());
      report("1024x1024 PNG (" + png.length / 1024 + " KiB), decode alone",
          () -> ImageIO.read(new ByteArrayInputStream(png)));
      report("1024x1024 JPEG (" + jpeg.length / 1024 + " KiB), decode alone",
          () -> ImageIO.read(new ByteArrayInputStream(jpeg)));
      report("1024x1024, preprocessing alone (resize, crop, normalise)", () -> ClipPreprocessing.tensor(picture));
      for (int threads : new int[] {2, 1}) {
        long residentBefore = residentBytes();
        long started = System.nanoTime();
        try (OnnxClipEmbedder embedder = OnnxClipEmbedder.open(model, threads)) {
          System.out.printf(Locale.ROOT, "intra-op threads %d: session create (hash + load + optimise) %.0f ms, "
              + "resident memory +%d MB%n", threads, (System.nanoTime() - started) / 1e6,
              (residentBytes() - residentBefore) >> 20);
          report("1024x1024 PNG, end to end", () -> embedder.embed(png));
          report("1024x1024 JPEG, end to end", () -> embedder.embed(jpeg));
          report("224x224 PNG, end to end (about the model run alone)", () -> embedder.embed(small));
        }
      }
    } finally {
      Files.deleteIfExists(dir.resolve("vit-b32-sized.onnx"));
      Files.deleteIfExists(dir);
    }
  }

  private interface Step {
    Object run() throws IOException;
  }

  /** Wall time, and the process's CPU time (all threads, ONNX Runtime's included), which other load inflates less. */
  private static void report(String what, Step step) throws IOException {
    for (int i = 0; i < WARMUP; i++) {
      step.run();
    }
    double[] millis = new double[RUNS];
    double[] cpuMillis = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long cpu = CPU.getProcessCpuTime();
      long started = System.nanoTime();
      step.run();
      millis[i] = (System.nanoTime() - started) / 1e6;
      cpuMillis[i] = (CPU.getProcessCpuTime() - cpu) / 1e6;
    }
    Arrays.sort(millis);
    Arrays.sort(cpuMillis);
    System.out.printf(Locale.ROOT, "  %-56s median %6.1f ms   p90 %6.1f ms   CPU median %6.1f ms   (%d runs)%n", what,
        millis[RUNS / 2], millis[(int) Math.ceil(RUNS * 0.9) - 1], cpuMillis[RUNS / 2], RUNS);
  }

  /** The process's resident memory (Linux), or 0 where /proc does not say. */
  private static long residentBytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return 0;
    }
    return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmRSS:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) << 10).findFirst().orElse(0);
  }

  /** A smooth picture with edges and a little noise, like a generated illustration. */
  private static BufferedImage picture(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    graphics.setPaint(new GradientPaint(0, 0, new Color(255, 200, 210), width, height, new Color(90, 40, 140)));
    graphics.fillRect(0, 0, width, height);
    graphics.setColor(new Color(240, 120, 160));
    graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
    graphics.setColor(Color.BLACK);
    graphics.fillOval(width * 3 / 8, height * 3 / 8, width / 16, height / 16);
    graphics.fillOval(width * 9 / 16, height * 3 / 8, width / 16, height / 16);
    graphics.dispose();
    SplittableRandom random = new SplittableRandom(19);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        int noise = random.nextInt(-3, 4);
        int r = Math.clamp((rgb >> 16 & 0xFF) + noise, 0, 255);
        int g = Math.clamp((rgb >> 8 & 0xFF) + noise, 0, 255);
        int b = Math.clamp((rgb & 0xFF) + noise, 0, 255);
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return image;
  }

  private static byte[] encoded(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  /** The image tower's shapes with random weights: about 88 million parameters, as the real file. */
  static Path vitB32Sized(Path file) throws IOException {
    SplittableRandom random = new SplittableRandom(32);
    OnnxGraph graph = new OnnxGraph().input("pixel_values", "batch", 3, 224, 224).output("image_embeds", 1, EMBEDDING)
        .constant("patch", weights(random, WIDTH * 3 * 32 * 32), WIDTH, 3, 32, 32)
        .longs("patches_shape", new long[] {1, WIDTH, PATCHES}, 3)
        .constant("class_token", weights(random, WIDTH), 1, 1, WIDTH)
        .constant("positions", weights(random, (PATCHES + 1) * WIDTH), 1, PATCHES + 1, WIDTH)
        .constant("quick_gelu", new float[] {1.702f})
        .node("Conv", "patch_grid", new String[] {"pixel_values", "patch"}, "kernel_shape", new long[] {32, 32},
            "strides", new long[] {32, 32})
        .node("Reshape", "patch_rows", new String[] {"patch_grid", "patches_shape"})
        .node("Transpose", "patch_tokens", new String[] {"patch_rows"}, "perm", new long[] {0, 2, 1})
        .node("Concat", "tokens", new String[] {"class_token", "patch_tokens"}, "axis", 1)
        .node("Add", "x0", new String[] {"tokens", "positions"});
    for (int layer = 0; layer < LAYERS; layer++) {
      String in = "x" + layer;
      String p = "l" + layer + "_";
      for (String name : new String[] {"q", "k", "v", "o"}) {
        graph.constant(p + "w" + name, weights(random, WIDTH * WIDTH), WIDTH, WIDTH);
      }
      graph.constant(p + "w_up", weights(random, WIDTH * MLP), WIDTH, MLP)
          .constant(p + "w_down", weights(random, MLP * WIDTH), MLP, WIDTH)
          .node("MatMul", p + "q", new String[] {in, p + "wq"})
          .node("MatMul", p + "k", new String[] {in, p + "wk"})
          .node("MatMul", p + "v", new String[] {in, p + "wv"})
          .node("Transpose", p + "kt", new String[] {p + "k"}, "perm", new long[] {0, 2, 1})
          .node("MatMul", p + "scores", new String[] {p + "q", p + "kt"})
          .node("Softmax", p + "attention", new String[] {p + "scores"}, "axis", -1)
          .node("MatMul", p + "mixed", new String[] {p + "attention", p + "v"})
          .node("MatMul", p + "attended", new String[] {p + "mixed", p + "wo"})
          .node("Add", p + "x", new String[] {in, p + "attended"})
          .node("MatMul", p + "up", new String[] {p + "x", p + "w_up"})
          .node("Mul", p + "scaled", new String[] {p + "up", "quick_gelu"})
          .node("Sigmoid", p + "gate", new String[] {p + "scaled"})
          .node("Mul", p + "gelu", new String[] {p + "up", p + "gate"})
          .node("MatMul", p + "down", new String[] {p + "gelu", p + "w_down"})
          .node("Add", "x" + (layer + 1), new String[] {p + "x", p + "down"});
    }
    return graph.longs("class_index", new long[] {0})
        .constant("projection", weights(random, WIDTH * EMBEDDING), WIDTH, EMBEDDING)
        .node("Gather", "class_out", new String[] {"x" + LAYERS, "class_index"}, "axis", 1)
        .node("MatMul", "image_embeds", new String[] {"class_out", "projection"})
        .writeTo(file);
  }

  private static float[] weights(SplittableRandom random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) random.nextDouble(-0.03, 0.03);
    }
    return values;
  }
}
