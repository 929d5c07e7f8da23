package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.provider.ImageFormat;
import java.util.Objects;

/**
 * An image blob kept by the {@link ImageStore}, named by its content.
 *
 * @param sha256 the content address (SHA-256 of the bytes, lower-case hex)
 * @param format the encoding
 * @param width pixels
 * @param height pixels
 * @param size bytes
 */
public record StoredImage(String sha256, ImageFormat format, int width, int height, long size) {
  /** Checks the hash. */
  public StoredImage {
    Objects.requireNonNull(format, "format");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was '" + sha256 + "'");
    }
  }
}
