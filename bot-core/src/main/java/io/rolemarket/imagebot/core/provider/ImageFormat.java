package io.rolemarket.imagebot.core.provider;

import java.util.Optional;

/** Image encodings the bot handles, recognised by their magic bytes rather than by headers. */
public enum ImageFormat {
  PNG("image/png", "png"),
  JPEG("image/jpeg", "jpg"),
  WEBP("image/webp", "webp");

  private final String mediaType;
  private final String extension;

  ImageFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The MIME type, such as {@code image/png}. */
  public String mediaType() {
    return mediaType;
  }

  /** The usual file extension without the dot. */
  public String extension() {
    return extension;
  }

  /** The format these bytes start with, if it is one of ours. */
  public static Optional<ImageFormat> sniff(byte[] bytes) {
    if (bytes.length >= 8
        && (bytes[0] & 0xff) == 0x89
        && bytes[1] == 'P'
        && bytes[2] == 'N'
        && bytes[3] == 'G') {
      return Optional.of(PNG);
    }
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xff
        && (bytes[1] & 0xff) == 0xd8
        && (bytes[2] & 0xff) == 0xff) {
      return Optional.of(JPEG);
    }
    if (bytes.length >= 12
        && bytes[0] == 'R'
        && bytes[1] == 'I'
        && bytes[2] == 'F'
        && bytes[3] == 'F'
        && bytes[8] == 'W'
        && bytes[9] == 'E'
        && bytes[10] == 'B'
        && bytes[11] == 'P') {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }
}
