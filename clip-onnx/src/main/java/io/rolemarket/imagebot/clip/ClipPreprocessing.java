package io.rolemarket.imagebot.clip;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Arrays;

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
    Pixels source = Pixels.of(image);
    int width = source.width();
    int height = source.height();
    // torchvision's Resize(int): the shorter side becomes 224, the longer int(224 * long / short).
    int newWidth = width <= height ? SIZE : (int) ((double) SIZE * width / height);
    int newHeight = width <= height ? (int) ((double) SIZE * height / width) : SIZE;
    // torchvision's CenterCrop: int(round((side - 224) / 2.0)), and Python rounds halves to even.
    int left = (int) Math.rint((newWidth - SIZE) / 2.0);
    int top = (int) Math.rint((newHeight - SIZE) / 2.0);
    int[] cropped = source.palette()
        ? nearest(source, newWidth, newHeight, left, top)
        : bicubic(source, newWidth, newHeight, left, top);
    byte[] rgb = new byte[SIZE * SIZE * 3];
    int channels = source.channels();
    for (int pixel = 0; pixel < SIZE * SIZE; pixel++) {
      int[] value = unpremultiplied(cropped, pixel * channels, channels);
      rgb[pixel * 3] = (byte) value[0];
      rgb[pixel * 3 + 1] = (byte) value[1];
      rgb[pixel * 3 + 2] = (byte) value[2];
    }
    return rgb;
  }

  /** Pillow's resize with BICUBIC of the premultiplied picture, only the crop's pixels. */
  private static int[] bicubic(Pixels source, int newWidth, int newHeight, int left, int top) {
    int channels = source.channels();
    int[] samples = source.channels() == 4 ? premultiplied(source.samples()) : source.samples();
    boolean horizontal = newWidth != source.width();
    boolean vertical = newHeight != source.height();
    Weights rows = vertical ? Weights.bicubic(source.height(), newHeight, top, SIZE) : null;
    int rowFrom = rows == null ? top : rows.first[0];
    int rowTo = rows == null ? top + SIZE : rows.first[SIZE - 1] + rows.count[SIZE - 1];

    int[] band = new int[(rowTo - rowFrom) * SIZE * channels];
    if (horizontal) {
      Weights columns = Weights.bicubic(source.width(), newWidth, left, SIZE);
      int[] sums = new int[channels];
      for (int y = rowFrom; y < rowTo; y++) {
        int rowStart = y * source.width() * channels;
        for (int x = 0; x < SIZE; x++) {
          Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
          int at = rowStart + columns.first[x] * channels;
          for (int k = 0; k < columns.count[x]; k++, at += channels) {
            int weight = columns.weights[x * columns.stride + k];
            for (int channel = 0; channel < channels; channel++) {
              sums[channel] += samples[at + channel] * weight;
            }
          }
          for (int channel = 0; channel < channels; channel++) {
            band[((y - rowFrom) * SIZE + x) * channels + channel] = clip8(sums[channel]);
          }
        }
      }
    } else {
      for (int y = rowFrom; y < rowTo; y++) {
        System.arraycopy(samples, (y * source.width() + left) * channels, band, (y - rowFrom) * SIZE * channels,
            SIZE * channels);
      }
    }
    if (rows == null) {
      return band;
    }
    int[] out = new int[SIZE * SIZE * channels];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE * channels; x++) {
        int sum = 1 << (PRECISION_BITS - 1);
        for (int k = 0; k < rows.count[y]; k++) {
          sum += band[(rows.first[y] - rowFrom + k) * SIZE * channels + x] * rows.weights[y * rows.stride + k];
        }
        out[y * SIZE * channels + x] = clip8(sum);
      }
    }
    return out;
  }

  /** Pillow's resize of a palette picture (always nearest neighbour, as {@code ImagingScaleAffine}), the crop only. */
  private static int[] nearest(Pixels source, int newWidth, int newHeight, int left, int top) {
    int channels = source.channels();
    int[] columns = nearestIndexes(source.width(), newWidth);
    int[] rows = nearestIndexes(source.height(), newHeight);
    int[] out = new int[SIZE * SIZE * channels];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        System.arraycopy(source.samples(), (rows[top + y] * source.width() + columns[left + x]) * channels, out,
            (y * SIZE + x) * channels, channels);
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

  /** Pillow's RGBA to RGBa: each colour times alpha / 255, rounded its way. */
  private static int[] premultiplied(int[] rgba) {
    int[] out = new int[rgba.length];
    for (int i = 0; i < rgba.length; i += 4) {
      int alpha = rgba[i + 3];
      for (int channel = 0; channel < 3; channel++) {
        int product = rgba[i + channel] * alpha + 128;
        out[i + channel] = ((product >> 8) + product) >> 8;
      }
      out[i + 3] = alpha;
    }
    return out;
  }

  /** The R, G, B of the pixel at {@code offset}; RGBa back to RGBA (Pillow's {@code rgba2rgbA}) when there is alpha. */
  private static int[] unpremultiplied(int[] samples, int offset, int channels) {
    int alpha = channels == 4 ? samples[offset + 3] : 255;
    int[] rgb = new int[3];
    for (int channel = 0; channel < 3; channel++) {
      int value = samples[offset + channel];
      rgb[channel] = alpha == 255 || alpha == 0 ? value : Math.min(255, 255 * value / alpha);
    }
    return rgb;
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

    /** The weights of outputs {@code from} to {@code from + outputs - 1} of a resize from {@code inSize} to {@code outSize}. */
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
   * A decoded picture as Pillow holds it: 8-bit samples straight from the file (no colour management), interleaved
   * R, G, B and, when {@code channels} is 4, alpha; grey is spread to R, G and B (resizing acts on each channel
   * alone, so that changes nothing). {@code palette} marks a picture Pillow would resize by nearest neighbour.
   */
  private record Pixels(int width, int height, int channels, int[] samples, boolean palette) {
    static Pixels of(BufferedImage image) {
      int width = image.getWidth();
      int height = image.getHeight();
      Raster raster = image.getRaster();
      if (image.getColorModel() instanceof IndexColorModel colors) {
        int[] indexes = raster.getSamples(0, 0, width, height, 0, (int[]) null);
        int[] rgb = new int[indexes.length * 3];
        for (int i = 0; i < indexes.length; i++) {
          rgb[i * 3] = colors.getRed(indexes[i]);
          rgb[i * 3 + 1] = colors.getGreen(indexes[i]);
          rgb[i * 3 + 2] = colors.getBlue(indexes[i]);
        }
        return new Pixels(width, height, 3, rgb, true);
      }
      int bands = raster.getNumBands();
      boolean eightBit = raster.getSampleModel().getSampleSize().length == bands;
      for (int size : raster.getSampleModel().getSampleSize()) {
        eightBit &= size == 8;
      }
      boolean plain = (image.getColorModel() instanceof ComponentColorModel
          || image.getColorModel() instanceof DirectColorModel) && !image.getColorModel().isAlphaPremultiplied();
      if (plain && eightBit && (bands == 3 || bands == 4 && image.getColorModel().hasAlpha())) {
        return new Pixels(width, height, bands, raster.getPixels(0, 0, width, height, (int[]) null), false);
      }
      if (plain && eightBit && bands <= 2) {
        int[] grey = raster.getPixels(0, 0, width, height, (int[]) null);
        int[] spread = new int[width * height * (bands + 2)];
        for (int i = 0; i < width * height; i++) {
          int at = i * (bands + 2);
          spread[at] = spread[at + 1] = spread[at + 2] = grey[i * bands];
          if (bands == 2) {
            spread[at + 3] = grey[i * 2 + 1];
          }
        }
        return new Pixels(width, height, bands + 2, spread, false);
      }
      return converted(image);
    }

    /** Anything else (16-bit, CMYK, premultiplied): Java's conversion to 8-bit sRGB. */
    private static Pixels converted(BufferedImage image) {
      int width = image.getWidth();
      int height = image.getHeight();
      int channels = image.getColorModel().hasAlpha() ? 4 : 3;
      int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
      int[] samples = new int[argb.length * channels];
      for (int i = 0; i < argb.length; i++) {
        samples[i * channels] = argb[i] >> 16 & 0xFF;
        samples[i * channels + 1] = argb[i] >> 8 & 0xFF;
        samples[i * channels + 2] = argb[i] & 0xFF;
        if (channels == 4) {
          samples[i * channels + 3] = argb[i] >>> 24;
        }
      }
      return new Pixels(width, height, channels, samples, false);
    }
  }
}
