package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Characters' reference pictures, each read once from the path the catalog names. A character's picture is the
 * first of its references (best first) that is readable PNG or JPEG; a missing, oversized or unreadable one is
 * logged once and skipped, and a character none of whose references is readable is drawn without one. The bytes
 * are what providers get and what the cache key hashes, so both always agree. Safe for concurrent use.
 */
final class References {
  private static final Logger log = LoggerFactory.getLogger(References.class);
  private static final long MAX_BYTES = 8L << 20;

  private final Map<String, Optional<byte[]>> loaded = new ConcurrentHashMap<>();

  /** The character's first readable reference picture (PNG or JPEG), if it has one. */
  Optional<byte[]> of(CharacterDef character) {
    for (String reference : character.references()) {
      Optional<byte[]> bytes = loaded.computeIfAbsent(reference, References::read);
      if (bytes.isPresent()) {
        return bytes;
      }
    }
    return Optional.empty();
  }

  private static Optional<byte[]> read(String reference) {
    try {
      Path path = Path.of(reference);
      if (Files.size(path) > MAX_BYTES) {
        log.warn("reference image {} is over 8 MiB; skipping it", path.getFileName());
        return Optional.empty();
      }
      byte[] bytes = Files.readAllBytes(path);
      ImageFormat format = ImageFormat.sniff(bytes).orElse(null);
      if (format != ImageFormat.PNG && format != ImageFormat.JPEG) {
        log.warn("reference image {} is not PNG or JPEG; skipping it", path.getFileName());
        return Optional.empty();
      }
      return Optional.of(bytes);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read reference image {}: {}; skipping it", reference, e.getMessage());
      return Optional.empty();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
