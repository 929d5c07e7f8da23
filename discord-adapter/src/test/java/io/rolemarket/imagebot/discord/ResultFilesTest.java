package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ImageFormat;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ResultFilesTest {
  private final Catalog catalog = Catalog.builtIn();

  private GenerationResult result(List<GeneratedImage> images) {
    return new GenerationResult(1, catalog.character("lulu").orElseThrow(), catalog.theme("halloween").orElseThrow(),
        "prompt", images, List.of(), "sketch", "Sketch", "sketch-1", BigDecimal.ZERO, Duration.ofSeconds(1), false, 0);
  }

  /** A PNG of random pixels: it does not compress, so its size is predictable. */
  private static GeneratedImage noise(int side, int seed) throws Exception {
    BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        picture.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(picture, "png", out);
    return new GeneratedImage(out.toByteArray(), ImageFormat.PNG, side, side, null);
  }

  private static List<String> names(List<ResultFiles.Attachment> files) {
    return files.stream().map(ResultFiles.Attachment::name).toList();
  }

  @Test
  void oneImage_isSentAsItself() {
    GeneratedImage image = ScriptedProvider.image(1);
    List<List<ResultFiles.Attachment>> messages = ResultFiles.messages(result(List.of(image)), 10L << 20);
    assertEquals(1, messages.size());
    assertEquals(List.of("lulu-halloween.png"), names(messages.get(0)));
    assertArrayEquals(image.bytes(), messages.get(0).get(0).bytes());
  }

  @Test
  void rendersPictures_onlyForAGridOrAnOriginalOverTheLimit() {
    GeneratedImage image = ScriptedProvider.image(1);
    assertFalse(ResultFiles.rendersPictures(result(List.of(image)), 10L << 20), "sent as it is");
    assertTrue(ResultFiles.rendersPictures(result(List.of(image, ScriptedProvider.image(2))), 10L << 20), "a grid");
    assertTrue(ResultFiles.rendersPictures(result(List.of(image)), image.size() - 1), "a smaller JPEG");
  }

  @Test
  void fourImages_areAGridThenTheOriginals() throws Exception {
    List<GeneratedImage> images = List.of(ScriptedProvider.image(1), ScriptedProvider.image(2),
        ScriptedProvider.image(3), ScriptedProvider.image(4));
    List<List<ResultFiles.Attachment>> messages = ResultFiles.messages(result(images), 10L << 20);
    assertEquals(List.of("lulu-halloween-grid.jpg", "lulu-halloween-1.png", "lulu-halloween-2.png",
        "lulu-halloween-3.png", "lulu-halloween-4.png"), names(messages.get(0)));
    assertNotNull(ImageIO.read(new ByteArrayInputStream(messages.get(0).get(0).bytes())));
  }

  @Test
  void originalOverTheLimit_isSentAsASmallerJpeg() throws Exception {
    GeneratedImage big = noise(512, 1);
    long limit = big.size() - 1;
    List<ResultFiles.Attachment> files = ResultFiles.messages(result(List.of(big)), limit).get(0);
    assertEquals(List.of("lulu-halloween.jpg"), names(files));
    assertTrue(files.get(0).bytes().length <= limit);
  }

  @Test
  void filesOverTheLimitTogether_goInFurtherMessages_eachWithinTheLimit() throws Exception {
    List<GeneratedImage> images = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      images.add(noise(256, i));
    }
    long limit = images.get(0).size() * 2L + 10;
    List<List<ResultFiles.Attachment>> messages = ResultFiles.messages(result(images), limit);
    assertTrue(messages.size() > 1, "split into " + messages.size());
    assertEquals(5, messages.stream().mapToInt(List::size).sum(), "nothing is dropped");
    for (List<ResultFiles.Attachment> message : messages) {
      assertTrue(message.stream().mapToLong(file -> file.bytes().length).sum() <= limit);
    }
  }
}
