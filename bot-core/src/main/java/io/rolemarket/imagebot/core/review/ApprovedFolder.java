package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/** The folder hand-off of {@link HandOff#toFolder}: pictures and a JSON sidecar, each moved into place whole. Safe for concurrent use. */
final class ApprovedFolder implements HandOff {
  private final Path root;
  private final Catalog catalog;

  ApprovedFolder(Path root, Catalog catalog) {
    this.root = Objects.requireNonNull(root, "root");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public void deliver(Design design, List<GeneratedImage> images) {
    HistoryEntry entry = design.entry();
    Path dir = root.resolve(safe(entry.character())).resolve(safe(entry.theme()));
    List<String> names = DesignSidecar.fileNames(design.id(), images.stream().map(GeneratedImage::format).toList());
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < images.size(); i++) {
        write(dir.resolve(names.get(i)), images.get(i).bytes());
      }
      write(dir.resolve(design.id() + ".json"), DesignSidecar.json(design, catalog, names));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the approved design " + design.id() + " under " + root
          + " (check IMAGEBOT_APPROVED_DIR)", e);
    }
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, bytes);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A catalog id as one safe path segment. */
  private static String safe(String id) {
    String cleaned = id.replaceAll("[^\\p{L}\\p{N}_-]", "_");
    return cleaned.isEmpty() ? "_" : cleaned;
  }
}
