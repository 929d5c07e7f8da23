package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.render.ImageGrid;
import java.util.ArrayList;
import java.util.List;

/**
 * The files for a result, within Discord's upload limit. One picture goes as itself; several go as a
 * grid (2×2 for four, as Midjourney does) followed by the originals. An original over the limit is
 * re-encoded as a smaller JPEG. The first message carries the grid and as many originals as fit; the
 * rest go in further messages, so nothing is dropped. Stateless.
 */
final class ResultFiles {
  /** Discord takes at most ten files a message. */
  static final int MAX_FILES = 10;
  private static final int GRID_CELL = 768;

  private ResultFiles() {}

  /** A file to upload. */
  record Attachment(String name, byte[] bytes) {}

  /** Whether {@link #messages} has pictures to render (a grid, a JPEG within the limit), not only to send. */
  static boolean rendersPictures(GenerationResult result, long uploadLimit) {
    return result.images().size() > 1 || result.images().stream().anyMatch(image -> image.size() > uploadLimit);
  }

  /** The files of each message, first message first; each message's total is within the limit. */
  static List<List<Attachment>> messages(GenerationResult result, long uploadLimit) {
    String base = result.character().id() + "-" + result.theme().id();
    List<Attachment> files = new ArrayList<>();
    List<GeneratedImage> images = result.images();
    if (images.size() > 1) {
      files.add(new Attachment(base + "-grid.jpg", grid(images, uploadLimit)));
    }
    for (int i = 0; i < images.size(); i++) {
      GeneratedImage image = images.get(i);
      String name = base + (images.size() > 1 ? "-" + (i + 1) : "");
      files.add(image.size() <= uploadLimit
          ? new Attachment(name + "." + image.format().extension(), image.bytes())
          : new Attachment(name + ".jpg", ImageGrid.fitJpeg(image, uploadLimit)));
    }
    List<List<Attachment>> messages = new ArrayList<>();
    List<Attachment> current = new ArrayList<>();
    long bytes = 0;
    for (Attachment file : files) {
      if (!current.isEmpty() && (bytes + file.bytes().length > uploadLimit || current.size() == MAX_FILES)) {
        messages.add(List.copyOf(current));
        current.clear();
        bytes = 0;
      }
      current.add(file);
      bytes += file.bytes().length;
    }
    messages.add(List.copyOf(current));
    return List.copyOf(messages);
  }

  private static byte[] grid(List<GeneratedImage> images, long uploadLimit) {
    int cell = GRID_CELL;
    byte[] grid = ImageGrid.jpeg(images, cell);
    while (grid.length > uploadLimit && cell > 128) {
      cell = cell * 3 / 4;
      grid = ImageGrid.jpeg(images, cell);
    }
    return grid;
  }
}
