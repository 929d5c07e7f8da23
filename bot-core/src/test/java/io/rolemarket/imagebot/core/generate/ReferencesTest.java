package io.rolemarket.imagebot.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ProviderHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of a character's reference pictures providers get. */
class ReferencesTest {
  @TempDir
  Path dir;

  private final References references = new References();

  private static byte[] png(int size) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  private static CharacterDef lulu(Path... paths) {
    return new CharacterDef("lulu", "Lulu Pig", List.of(), "a round pink pig", ProviderHints.NONE,
        List.of(paths).stream().map(Path::toString).toList(), null, CharacterDef.DEFAULT_THRESHOLD);
  }

  @Test
  void of_firstMissingAndSecondNotAPicture_theThirdIsSent() throws Exception {
    Path missing = dir.resolve("missing.png");
    Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
    byte[] picture = png(8);
    Path third = Files.write(dir.resolve("side.png"), picture);

    assertArrayEquals(picture, references.of(lulu(missing, text, third)).orElseThrow());
  }

  @Test
  void of_bestReadable_isTheFirst() throws Exception {
    byte[] best = png(8);
    byte[] second = png(9);
    Path front = Files.write(dir.resolve("front.png"), best);
    Path side = Files.write(dir.resolve("side.png"), second);

    assertArrayEquals(best, references.of(lulu(front, side)).orElseThrow());
  }

  @Test
  void of_noneReadable_drawnWithout() {
    assertTrue(references.of(lulu(dir.resolve("a.png"), dir.resolve("b.jpg"))).isEmpty());
    assertTrue(references.of(lulu()).isEmpty());
  }

  @Test
  void of_eachPathReadOnce_soAnUnreadableOneIsReportedOnceAndTheHashStaysTheSame() throws Exception {
    Path missing = dir.resolve("missing.png");
    byte[] picture = png(8);
    Path side = Files.write(dir.resolve("side.png"), picture);
    String hash = References.sha256(references.of(lulu(missing, side)).orElseThrow());

    // A file that appears (or changes) later is not read again: what the cache key hashed is what providers get.
    Files.write(missing, png(12));
    Files.write(side, png(16));

    assertEquals(hash, References.sha256(references.of(lulu(missing, side)).orElseThrow()));
  }
}
