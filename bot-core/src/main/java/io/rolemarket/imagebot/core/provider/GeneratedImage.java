package io.rolemarket.imagebot.core.provider;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One image a provider made. The byte array is shared, not copied: nobody may change it after
 * construction.
 *
 * @param bytes the encoded image
 * @param format its encoding, checked against the bytes
 * @param width pixels
 * @param height pixels
 * @param seed the seed that produced it, when the provider tells
 */
public record GeneratedImage(byte[] bytes, ImageFormat format, int width, int height, @Nullable Long seed) {

  /** Checks that the bytes are the declared format and the size is positive. */
  public GeneratedImage {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(format, "format");
    if (ImageFormat.sniff(bytes).orElse(null) != format) {
      throw new IllegalArgumentException("image bytes are not " + format + " (" + bytes.length + " bytes)");
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, was " + width + "x" + height);
    }
  }

  /** The SHA-256 of the bytes in lower-case hex: the image's content address. */
  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Size in bytes. */
  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GeneratedImage that
        && format == that.format
        && width == that.width
        && height == that.height
        && Objects.equals(seed, that.seed)
        && java.util.Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "GeneratedImage[" + format + " " + width + "x" + height + ", " + bytes.length + " bytes, seed=" + seed + "]";
  }
}
