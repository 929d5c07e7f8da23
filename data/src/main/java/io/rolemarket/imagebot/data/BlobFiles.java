package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.StoredImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Image blobs as files named by their SHA-256 under {@code blobs/ab/<sha>.<ext>}. Writes go to a
 * temporary file first and are moved into place, so a blob file is always whole. Safe for concurrent use.
 */
final class BlobFiles {
  private final Path root;

  BlobFiles(Path root) {
    this.root = root;
  }

  Path pathOf(StoredImage image) {
    return root.resolve(image.sha256().substring(0, 2)).resolve(image.sha256() + "." + image.format().extension());
  }

  boolean exists(StoredImage image) {
    return Files.isRegularFile(pathOf(image));
  }

  void write(StoredImage image, byte[] bytes) {
    Path target = pathOf(image);
    if (Files.isRegularFile(target)) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), image.sha256().substring(0, 8), ".part");
      Files.write(temp, bytes);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StoreException("cannot write image blob " + image.sha256().substring(0, 12), e);
    }
  }

  Optional<byte[]> read(StoredImage image) {
    try {
      return Optional.of(Files.readAllBytes(pathOf(image)));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read image blob " + image.sha256().substring(0, 12), e);
    }
  }
}
