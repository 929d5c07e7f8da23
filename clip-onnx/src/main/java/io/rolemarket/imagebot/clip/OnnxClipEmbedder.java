package io.rolemarket.imagebot.clip;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.rolemarket.imagebot.core.score.PictureEmbedder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PictureEmbedder} running a CLIP ViT-B/32 vision model exported to ONNX (such as
 * {@code vision_model.onnx} of {@code Xenova/clip-vit-base-patch32}) in this process with ONNX Runtime on the CPU:
 * decode the picture (PNG, JPEG, WebP), preprocess it exactly as OpenAI CLIP does ({@link ClipPreprocessing}), run
 * the model, and scale the embedding to unit length. Start with {@link #open(Path)}; see docs/clip-model.md.
 *
 * <p>The model is loaded once and checked: one float input {@code [batch, 3, 224, 224]} (named
 * {@code pixel_values} in the usual exports) and an output {@code [batch, D]}, {@code image_embeds} when the model
 * has several. Safe for concurrent use: every call shares one ONNX Runtime session, whose {@code run} is
 * thread-safe; close it once no call is running.
 */
public final class OnnxClipEmbedder implements PictureEmbedder, AutoCloseable {
  /** The output the usual exports give the projected embedding under. */
  static final String EMBEDDINGS = "image_embeds";
  /** Larger pictures are refused before they are decoded: nobody sends them, and they would fill the heap. */
  private static final long MAX_PIXELS = 50_000_000L;
  private static final long[] INPUT_SHAPE = {1, 3, ClipPreprocessing.SIZE, ClipPreprocessing.SIZE};

  private final OrtEnvironment environment;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final String modelId;

  private OnnxClipEmbedder(OrtEnvironment environment, OrtSession.SessionOptions options, OrtSession session,
      String inputName, String outputName, String modelId) {
    this.environment = environment;
    this.options = options;
    this.session = session;
    this.inputName = inputName;
    this.outputName = outputName;
    this.modelId = modelId;
  }

  /**
   * Loads the model in {@code modelFile}, using at most two threads for one picture (or fewer on a one-core machine).
   *
   * @throws ClipModelException naming the file and what is wrong with it, in one sentence
   */
  public static OnnxClipEmbedder open(Path modelFile) {
    return open(modelFile, Math.min(2, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Loads the model in {@code modelFile}, using up to {@code threads} threads for one picture (ONNX Runtime's
   * intra-op threads; operators run one after the other).
   *
   * @throws ClipModelException naming the file and what is wrong with it, in one sentence
   * @throws IllegalArgumentException when {@code threads} is below 1
   */
  public static OnnxClipEmbedder open(Path modelFile, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be 1 or more, was " + threads);
    }
    String modelId = "clip:" + sha256(modelFile).substring(0, 16);
    OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "imagebot");
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    @Nullable OrtSession session = null;
    try {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      // Idle workers spinning for the next run would take the cores from decoding, preprocessing and the bot.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      session = environment.createSession(modelFile.toString(), options);
      return new OnnxClipEmbedder(environment, options, session, input(modelFile, session),
          output(modelFile, session), modelId);
    } catch (OrtException e) {
      closeQuietly(session, options);
      throw new ClipModelException("CLIP model " + modelFile + " is not an ONNX model that ONNX Runtime can load", e);
    } catch (RuntimeException e) {
      closeQuietly(session, options);
      throw e;
    }
  }

  /** The model's only input, checked to be float {@code [batch, 3, 224, 224]}. */
  private static String input(Path modelFile, OrtSession session) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (inputs.size() != 1) {
      throw new ClipModelException("CLIP model " + modelFile + " takes " + inputs.size() + " inputs "
          + described(inputs) + "; a CLIP ViT-B/32 vision model takes one, [batch, 3, 224, 224]");
    }
    NodeInfo input = inputs.values().iterator().next();
    long[] shape = input.getInfo() instanceof TensorInfo tensor ? tensor.getShape() : new long[0];
    boolean fits = input.getInfo() instanceof TensorInfo tensor && tensor.type == OnnxJavaType.FLOAT
        && shape.length == 4 && (shape[0] == -1 || shape[0] >= 1) && shape[1] == 3
        && shape[2] == ClipPreprocessing.SIZE && shape[3] == ClipPreprocessing.SIZE;
    if (!fits) {
      throw new ClipModelException("CLIP model " + modelFile + " takes input " + described(input)
          + "; a CLIP ViT-B/32 vision model takes float [batch, 3, 224, 224]");
    }
    return input.getName();
  }

  /** The output with the embeddings ({@code image_embeds} when there are several), checked to be {@code [batch, D]}. */
  private static String output(Path modelFile, OrtSession session) throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    @Nullable NodeInfo output = outputs.size() == 1 ? outputs.values().iterator().next() : outputs.get(EMBEDDINGS);
    if (output == null) {
      throw new ClipModelException("CLIP model " + modelFile + " gives outputs " + described(outputs)
          + " and none is named " + EMBEDDINGS);
    }
    boolean fits = output.getInfo() instanceof TensorInfo tensor && tensor.type == OnnxJavaType.FLOAT
        && tensor.getShape().length == 2 && tensor.getShape()[1] != 0;
    if (!fits) {
      throw new ClipModelException("CLIP model " + modelFile + " gives output " + described(output)
          + "; a CLIP vision model gives float embeddings [batch, D]");
    }
    return output.getName();
  }

  private static String described(Map<String, NodeInfo> nodes) {
    return nodes.values().stream().map(OnnxClipEmbedder::described).sorted()
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** Such as {@code pixel_values [batch, 3, 224, 224]}: free dimensions by name, the type unless float. */
  private static String described(NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo tensor)) {
      return node.getName() + " (not a tensor)";
    }
    long[] shape = tensor.getShape();
    String[] names = tensor.getDimensionNames();
    StringJoiner dims = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < shape.length; i++) {
      boolean named = shape[i] < 0 && i < names.length && !names[i].isEmpty();
      dims.add(named ? names[i] : shape[i] < 0 ? "?" : Long.toString(shape[i]));
    }
    String type = tensor.type == OnnxJavaType.FLOAT ? "" : tensor.type.name().toLowerCase(Locale.ROOT) + " ";
    return node.getName() + " " + type + dims;
  }

  /** The file's SHA-256 in hex. */
  private static String sha256(Path modelFile) {
    if (!Files.exists(modelFile)) {
      throw new ClipModelException("CLIP model " + modelFile + " does not exist");
    }
    if (!Files.isRegularFile(modelFile)) {
      throw new ClipModelException("CLIP model " + modelFile + " is not a file");
    }
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(modelFile), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new ClipModelException("CLIP model " + modelFile + " cannot be read (" + e.getMessage() + ")", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  private static void closeQuietly(@Nullable OrtSession session, OrtSession.SessionOptions options) {
    try {
      if (session != null) {
        session.close();
      }
    } catch (OrtException e) {
      // the load already failed; that failure is the one to report
    }
    options.close();
  }

  /** {@code clip:} and the first 16 hex digits of the model file's SHA-256, such as {@code clip:1f3a09c2b7d4e815}. */
  @Override
  public String modelId() {
    return modelId;
  }

  /**
   * The picture's CLIP embedding, of unit length.
   *
   * @param picture PNG, JPEG or WebP bytes
   * @throws IOException when the bytes are not a picture that can be decoded, or one above 50 megapixels
   * @throws IllegalStateException when the model fails to run or gives no direction (all zeros)
   */
  @Override
  public float[] embed(byte[] picture) throws IOException {
    return embed(decode(picture));
  }

  /** {@code image}'s CLIP embedding, of unit length: what {@link #embed(byte[])} does after decoding. */
  float[] embed(BufferedImage image) {
    float[] pixels = ClipPreprocessing.tensor(image);
    try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels), INPUT_SHAPE);
        OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(outputName))) {
      float[][] embeddings = (float[][]) result.get(0).getValue();
      return unitLength(embeddings[0]);
    } catch (OrtException e) {
      throw new IllegalStateException("the CLIP model " + modelId + " failed to run: " + e.getMessage(), e);
    }
  }

  private float[] unitLength(float[] embedding) {
    double squares = 0;
    for (float value : embedding) {
      squares += (double) value * value;
    }
    double length = Math.sqrt(squares);
    if (!(length > 0) || Double.isInfinite(length)) {
      throw new IllegalStateException("the CLIP model " + modelId + " gave an embedding of length " + length);
    }
    float[] unit = new float[embedding.length];
    for (int i = 0; i < embedding.length; i++) {
      unit[i] = (float) (embedding[i] / length);
    }
    return unit;
  }

  /** Decodes PNG, JPEG or WebP (the ImageIO plugin on the classpath) in memory, refusing oversized pictures first. */
  static BufferedImage decode(byte[] picture) throws IOException {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(picture))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("not a picture this embedder reads (PNG, JPEG or WebP)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS) {
          throw new IOException("the picture is " + reader.getWidth(0) + " × " + reader.getHeight(0)
              + ", above " + MAX_PIXELS / 1_000_000 + " megapixels");
        }
        return reader.read(0);
      } catch (RuntimeException e) {
        throw new IOException("the " + reader.getFormatName() + " picture cannot be decoded: " + e, e);
      } finally {
        reader.dispose();
      }
    }
  }

  /** Releases the session; no call may be running or start afterwards. */
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the CLIP model " + modelId + ": " + e.getMessage(), e);
    } finally {
      options.close();
    }
  }

  @Override
  public String toString() {
    return "OnnxClipEmbedder[" + modelId + "]";
  }
}
