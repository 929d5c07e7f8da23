package io.rolemarket.imagebot.clip;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI CLIP's image transform ({@code clip.py}, {@code _transform(224)}), value for value as Python computes it
 * with torchvision on a Pillow image: {@code Resize(224, BICUBIC)}, {@code CenterCrop(224)}, {@code convert("RGB")},
 * {@code ToTensor()}, {@code Normalize(mean, std)}. Stateless; safe for concurrent use.
 *
 * <p>Java2D's bicubic is not Pillow's, and the embedding drifts with the pixels, so the resize is a port of
 * Pillow's {@code libImaging/Resample.c}: a separable convolution, horizontal pass first, with the bicubic kernel
 * ({@code a = -0.5}) widened by the downscale factor, its weights normalised to sum 1, turned into 22-bit fixed
 * point and each pass rounded and clamped to 8 bits. As in {@code clip.py} the resize happens in the picture's own
 * mode: Pillow premultiplies alpha around the resize of a picture with alpha and resizes a palette picture with
 * nearest neighbour ({@code libImaging/Geometry.c}), and only then is the alpha dropped (not composited).
 * Only the 224 × 224 pixels the crop keeps are computed; each output pixel depends on its own weights alone, so the
 * values are those of the full resize. The fixtures in {@code src/test/resources/fixtures} were made with Pillow.
 */
final class ClipPreprocessing {
  /** The side of the square picture the model sees. */
  static final int SIZE = 224;

  private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};
  private static final double BICUBIC_SUPPORT = 2.0;
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private ClipPreprocessing() {}

  /** The model's input for {@code image}: {@code [3, 224, 224]} floats, one channel after the other (NCHW). */
  static float[] tensor(BufferedImage image) {
    byte[] rgb = resizedCropped(image);
    int plane = SIZE * SIZE;
    float[] tensor = new float[3 * plane];
    for (int pixel = 0; pixel < plane; pixel++) {
      for (int channel = 0; channel < 3; channel++) {
        float value = (rgb[pixel * 3 + channel] & 0xFF) / 255f;
        tensor[channel * plane + pixel] = (value - MEAN[channel]) / STD[channel];
      }
    }
    return tensor;
  }

  /** {@code image} resized, centre-cropped and in RGB: 224 × 224 pixels, rows top down, bytes R, G, B. */
  static byte[] resizedCropped(BufferedImage image) {
    Rows source = Rows.of(image);
    int width = image.getWidth();
    int height = image.getHeight();
    // torchvision's Resize(int): the shorter side becomes 224, the longer int(224 * long / short).
    int newWidth = width <= height ? SIZE : (int) ((double) SIZE * width / height);
    int newHeight = width <= height ? (int) ((double) SIZE * height / width) : SIZE;
    // torchvision's CenterCrop: int(round((side - 224) / 2.0)), and Python rounds halves to even.
    int left = (int) Math.rint((newWidth - SIZE) / 2.0);
    int top = (int) Math.rint((newHeight - SIZE) / 2.0);
    int[][] cropped = source.palette()
        ? nearest(source, newWidth, newHeight, left, top)
        : bicubic(source, newWidth, newHeight, left, top);
    byte[] rgb = new byte[SIZE * SIZE * 3];
    for (int pixel = 0; pixel < SIZE * SIZE; pixel++) {
      // RGBa back to RGBA (Pillow's rgba2rgbA), then convert("RGB") keeps R, G and B
      int alpha = cropped.length == 4 ? cropped[3][pixel] : 255;
      for (int channel = 0; channel < 3; channel++) {
        int value = cropped[channel][pixel];
        rgb[pixel * 3 + channel] = (byte) (alpha == 255 || alpha == 0 ? value : Math.min(255, 255 * value / alpha));
      }
    }
    return rgb;
  }

  /**
   * Pillow's resize with BICUBIC, alpha premultiplied, through its two passes, horizontal first, each rounded and
   * clamped to 8 bits; a side whose size does not change is not resampled, as Pillow skips that pass. Source rows
   * are read one at a time, so a large picture is not copied whole. Each channel of the crop, 224 × 224 values.
   */
  private static int[][] bicubic(Rows source, int newWidth, int newHeight, int left, int top) {
    int channels = source.channels();
    @Nullable Weights columns =
        newWidth != source.width() ? Weights.bicubic(source.width(), newWidth, left, SIZE) : null;
    @Nullable Weights rows =
        newHeight != source.height() ? Weights.bicubic(source.height(), newHeight, top, SIZE) : null;
    int rowFrom = rows == null ? top : rows.first[0];
    int rowTo = rows == null ? top + SIZE : rows.first[SIZE - 1] + rows.count[SIZE - 1];
    int[][] band = new int[channels][(rowTo - rowFrom) * SIZE];
    int[][] row = new int[channels][source.width()];
    for (int y = rowFrom; y < rowTo; y++) {
      source.read(y, row);
      if (channels == 4) {
        premultiply(row);
      }
      int bandRow = (y - rowFrom) * SIZE;
      for (int channel = 0; channel < channels; channel++) {
        if (columns == null) {
          System.arraycopy(row[channel], left, band[channel], bandRow, SIZE);
        } else {
          horizontal(row[channel], columns, band[channel], bandRow);
        }
      }
    }
    if (rows == null) {
      return band;
    }
    int[][] out = new int[channels][];
    for (int channel = 0; channel < channels; channel++) {
      out[channel] = vertical(band[channel], rowFrom, rows);
    }
    return out;
  }

  // The loops below keep arrays and bounds in locals: the bot runs on C1 (-XX:TieredStopAtLevel=1), which
  // does not hoist field reads out of loops.
  private static void horizontal(int[] row, Weights columns, int[] band, int bandRow) {
    int[] first = columns.first;
    int[] count = columns.count;
    int[] weights = columns.weights;
    int stride = columns.stride;
    for (int x = 0; x < SIZE; x++) {
      int sum = 1 << (PRECISION_BITS - 1);
      int from = first[x];
      int at = x * stride;
      int end = at + count[x];
      for (; at < end; at++, from++) {
        sum += row[from] * weights[at];
      }
      band[bandRow + x] = clip8(sum);
    }
  }

  private static int[] vertical(int[] band, int rowFrom, Weights rows) {
    int[] out = new int[SIZE * SIZE];
    int[] sums = new int[SIZE];
    int[] weights = rows.weights;
    for (int y = 0; y < SIZE; y++) {
      Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
      int count = rows.count[y];
      for (int k = 0; k < count; k++) {
        int weight = weights[y * rows.stride + k];
        int from = (rows.first[y] - rowFrom + k) * SIZE;
        for (int x = 0; x < SIZE; x++) {
          sums[x] += band[from + x] * weight;
        }
      }
      for (int x = 0; x < SIZE; x++) {
        out[y * SIZE + x] = clip8(sums[x]);
      }
    }
    return out;
  }

  /** Pillow's resize of a palette picture (always nearest neighbour, as {@code ImagingScaleAffine}), the crop only. */
  private static int[][] nearest(Rows source, int newWidth, int newHeight, int left, int top) {
    int[] columns = nearestIndexes(source.width(), newWidth);
    int[] rows = nearestIndexes(source.height(), newHeight);
    int[][] row = new int[source.channels()][source.width()];
    int[][] out = new int[source.channels()][SIZE * SIZE];
    for (int y = 0; y < SIZE; y++) {
      source.read(rows[top + y], row);
      for (int channel = 0; channel < out.length; channel++) {
        for (int x = 0; x < SIZE; x++) {
          out[channel][y * SIZE + x] = row[channel][columns[left + x]];
        }
      }
    }
    return out;
  }

  /** The source index of each output index: the position is accumulated in a double, as Pillow does. */
  private static int[] nearestIndexes(int inSize, int outSize) {
    double step = (double) inSize / outSize;
    double position = step * 0.5;
    int[] indexes = new int[outSize];
    for (int i = 0; i < outSize; i++) {
      indexes[i] = Math.min((int) position, inSize - 1);
      position += step;
    }
    return indexes;
  }

  /** Pillow's RGBA to RGBa, in place: each colour times alpha / 255, rounded its way. */
  private static void premultiply(int[][] rgba) {
    int[] alpha = rgba[3];
    for (int channel = 0; channel < 3; channel++) {
      int[] colour = rgba[channel];
      for (int i = 0; i < alpha.length; i++) {
        int product = colour[i] * alpha[i] + 128;
        colour[i] = ((product >> 8) + product) >> 8;
      }
    }
  }

  private static int clip8(int sum) {
    return Math.max(0, Math.min(255, sum >> PRECISION_BITS));
  }

  /** Pillow's bicubic kernel with {@code a = -0.5}. */
  private static double bicubicFilter(double x) {
    double a = -0.5;
    double distance = Math.abs(x);
    if (distance < 1.0) {
      return ((a + 2.0) * distance - (a + 3.0)) * distance * distance + 1;
    }
    if (distance < 2.0) {
      return (((distance - 5) * distance + 8) * distance - 4) * a;
    }
    return 0.0;
  }

  /**
   * Fixed-point weights of some outputs of a one-dimensional resize ({@code precompute_coeffs} and
   * {@code normalize_coeffs_8bpc}): output {@code i} reads {@code count[i]} inputs from {@code first[i]}.
   */
  private static final class Weights {
    final int[] first;
    final int[] count;
    final int[] weights;
    final int stride;

    private Weights(int[] first, int[] count, int[] weights, int stride) {
      this.first = first;
      this.count = count;
      this.weights = weights;
      this.stride = stride;
    }

    /** The weights of outputs {@code from} to {@code from + outputs - 1} as {@code inSize} becomes {@code outSize}. */
    static Weights bicubic(int inSize, int outSize, int from, int outputs) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = BICUBIC_SUPPORT * filterScale;
      int stride = (int) Math.ceil(support) * 2 + 1;
      int[] first = new int[outputs];
      int[] count = new int[outputs];
      int[] weights = new int[outputs * stride];
      double[] kernel = new double[stride];
      for (int i = 0; i < outputs; i++) {
        double center = (from + i + 0.5) * scale;
        double inverse = 1.0 / filterScale;
        int min = Math.max((int) (center - support + 0.5), 0);
        int length = Math.min((int) (center + support + 0.5), inSize) - min;
        double total = 0.0;
        for (int k = 0; k < length; k++) {
          kernel[k] = bicubicFilter((k + min - center + 0.5) * inverse);
          total += kernel[k];
        }
        for (int k = 0; k < length; k++) {
          double normalised = total != 0.0 ? kernel[k] / total : kernel[k];
          weights[i * stride + k] = normalised < 0
              ? (int) (-0.5 + normalised * (1 << PRECISION_BITS))
              : (int) (0.5 + normalised * (1 << PRECISION_BITS));
        }
        first[i] = min;
        count[i] = length;
      }
      return new Weights(first, count, weights, stride);
    }
  }

  /**
   * A decoded picture read a row at a time as Pillow holds it: 8-bit samples straight from the file (no colour
   * management), one array per channel (R, G, B and, when there are four, alpha); grey is copied to R, G and B
   * (resizing acts on each channel alone, so that changes nothing). Confined to one call.
   */
  private record Rows(BufferedImage image, int channels, Kind kind) {
    private enum Kind { PALETTE, SAMPLES, CONVERTED }

    static Rows of(BufferedImage image) {
      ColorModel colors = image.getColorModel();
      if (colors instanceof IndexColorModel) {
        return new Rows(image, 3, Kind.PALETTE);
      }
      int bands = image.getRaster().getNumBands();
      boolean eightBit = true;
      for (int size : image.getRaster().getSampleModel().getSampleSize()) {
        eightBit &= size == 8;
      }
      boolean plain = (colors instanceof ComponentColorModel || colors instanceof DirectColorModel)
          && !colors.isAlphaPremultiplied() && eightBit;
      boolean known = bands == 1 || bands == 3 || (bands == 2 || bands == 4) && colors.hasAlpha();
      if (plain && known) {
        return new Rows(image, bands == 1 || bands == 3 ? 3 : 4, Kind.SAMPLES);
      }
      // anything else (16-bit, CMYK, premultiplied): Java's conversion to 8-bit sRGB
      return new Rows(image, colors.hasAlpha() ? 4 : 3, Kind.CONVERTED);
    }

    /** Whether Pillow would hold it as a palette picture ("P"), which it resizes by nearest neighbour. */
    boolean palette() {
      return kind == Kind.PALETTE;
    }

    int width() {
      return image.getWidth();
    }

    int height() {
      return image.getHeight();
    }

    /** Fills {@code row}, {@link #channels} arrays of {@link #width} values, with row {@code y}. */
    void read(int y, int[][] row) {
      Raster raster = image.getRaster();
      int width = width();
      switch (kind) {
        case PALETTE -> {
          IndexColorModel palette = (IndexColorModel) image.getColorModel();
          raster.getSamples(0, y, width, 1, 0, row[0]);
          for (int x = 0; x < width; x++) {
            int index = row[0][x];
            row[0][x] = palette.getRed(index);
            row[1][x] = palette.getGreen(index);
            row[2][x] = palette.getBlue(index);
          }
        }
        case SAMPLES -> {
          int bands = raster.getNumBands();
          if (bands <= 2) {
            raster.getSamples(0, y, width, 1, 0, row[0]);
            System.arraycopy(row[0], 0, row[1], 0, width);
            System.arraycopy(row[0], 0, row[2], 0, width);
            if (bands == 2) {
              raster.getSamples(0, y, width, 1, 1, row[3]);
            }
          } else {
            for (int band = 0; band < bands; band++) {
              raster.getSamples(0, y, width, 1, band, row[band]);
            }
          }
        }
        case CONVERTED -> {
          int[] argb = image.getRGB(0, y, width, 1, null, 0, width);
          for (int x = 0; x < width; x++) {
            row[0][x] = argb[x] >> 16 & 0xFF;
            row[1][x] = argb[x] >> 8 & 0xFF;
            row[2][x] = argb[x] & 0xFF;
            if (channels == 4) {
              row[3][x] = argb[x] >>> 24;
            }
          }
        }
      }
    }
  }
}
