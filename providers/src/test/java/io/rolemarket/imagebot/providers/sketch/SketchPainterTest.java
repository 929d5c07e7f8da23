package io.rolemarket.imagebot.providers.sketch;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SketchPainterTest {
  private static final String PIG_PINK = "#F7A8C4";
  private static final List<String> HALLOWEEN_PALETTE = List.of("#1B0B3A", "#4B1D6B", "#2A1A12", "#FF7A00");
  private static final List<String> HALLOWEEN_PROPS = List.of("moon", "bats", "pumpkin", "stars", "hat-witch");
  private static final List<String> CHRISTMAS_PALETTE = List.of("#0E3B2E", "#1F6B4A", "#F4F8FF", "#D62828");
  private static final List<String> CHRISTMAS_PROPS = List.of("tree", "snow", "gifts", "hat-santa", "scarf");
  private static final List<String> SPRING_PALETTE = List.of("#B3001B", "#E63946", "#8C1C13", "#FFD166");
  private static final List<String> SPRING_PROPS = List.of("lanterns", "firecrackers", "blossoms");

  private static BufferedImage halloween;
  private static BufferedImage christmas;
  private static BufferedImage spring;

  @BeforeAll
  static void paintSeedThemes() {
    halloween = SketchPainter.paint(pig(HALLOWEEN_PALETTE, HALLOWEEN_PROPS, 42));
    christmas = SketchPainter.paint(pig(CHRISTMAS_PALETTE, CHRISTMAS_PROPS, 42));
    spring = SketchPainter.paint(pig(SPRING_PALETTE, SPRING_PROPS, 42));
  }

  private static SketchScene pig(List<String> palette, List<String> props, long seed) {
    return new SketchScene("pig", PIG_PINK, palette, props, seed, 1024, 1024);
  }

  @Test
  void paintPng_sameSceneTwice_identicalBytes() {
    SketchScene scene = pig(HALLOWEEN_PALETTE, HALLOWEEN_PROPS, 7);
    assertArrayEquals(SketchPainter.paintPng(scene), SketchPainter.paintPng(scene));
  }

  @Test
  void paint_differentSeed_differentPixels() {
    BufferedImage other = SketchPainter.paint(pig(HALLOWEEN_PALETTE, HALLOWEEN_PROPS, 43));
    int differing = differingPixels(halloween, other);
    assertTrue(differing > 10_000, "pixels differing between seeds 42 and 43: " + differing);
  }

  @Test
  void paintPng_squareScene_decodesAs1024Square() throws IOException {
    byte[] png = SketchPainter.paintPng(pig(CHRISTMAS_PALETTE, CHRISTMAS_PROPS, 1));
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertNotNull(decoded, "ImageIO could not decode the PNG");
    assertEquals(1024, decoded.getWidth());
    assertEquals(1024, decoded.getHeight());
    assertEquals(BufferedImage.TYPE_INT_RGB, SketchPainter.paint(pig(SPRING_PALETTE, SPRING_PROPS, 1)).getType());
  }

  @Test
  void paint_seedThemes_topQuarterMeanColoursDiffer() {
    int[] h = meanColour(halloween, 0, 0, 1024, 256);
    int[] c = meanColour(christmas, 0, 0, 1024, 256);
    int[] s = meanColour(spring, 0, 0, 1024, 256);
    assertAll(
        () -> assertTrue(distance(h, c) > 60, "halloween vs christmas " + distance(h, c)),
        () -> assertTrue(distance(h, s) > 60, "halloween vs spring-festival " + distance(h, s)),
        () -> assertTrue(distance(c, s) > 60, "christmas vs spring-festival " + distance(c, s)),
        () -> assertTrue(h[2] > h[1] && h[0] > h[1], "halloween sky is purple: " + List.of(h[0], h[1], h[2])),
        () -> assertTrue(c[1] > c[0], "christmas sky is green: " + List.of(c[0], c[1], c[2])),
        () -> assertTrue(s[0] > 2 * s[1], "spring-festival sky is red: " + List.of(s[0], s[1], s[2])));
  }

  @Test
  void paint_halloween_manyOrangePixels() {
    int orange = countColour(halloween, SketchPainterTest::orange);
    assertTrue(orange > 15_000, "orange pixels (pumpkin, hat band): " + orange);
    assertTrue(orange > 3 * countColour(christmas, SketchPainterTest::orange), "christmas is not orange");
  }

  @Test
  void paint_christmas_greenTreeAndWhiteSnow() {
    int green = countColour(christmas, SketchPainterTest::brightGreen);
    int white = countColour(christmas, SketchPainterTest::white);
    assertTrue(green > 20_000, "bright green pixels (tree): " + green);
    assertTrue(white > 120_000, "white pixels (snow): " + white);
    assertTrue(white > 3 * countColour(halloween, SketchPainterTest::white), "halloween is not snowy");
    assertTrue(countColour(halloween, SketchPainterTest::brightGreen) < 2_000, "halloween has no tree");
  }

  @Test
  void paint_springFestival_redAndGoldPixels() {
    int red = countColour(spring, SketchPainterTest::red);
    int gold = countColour(spring, SketchPainterTest::gold);
    assertTrue(red > 200_000, "red pixels (sky, lanterns, firecrackers): " + red);
    assertTrue(gold > 8_000, "gold pixels (lantern caps, tassels): " + gold);
    assertTrue(red > 5 * countColour(christmas, SketchPainterTest::red), "red fills spring-festival, not christmas");
  }

  @Test
  void paint_pig_centreIsBodyPink() {
    for (BufferedImage image : List.of(halloween, christmas, spring)) {
      int pink = count(image, 384, 448, 256, 448, rgb -> near(rgb, 0xF7A8C4, 45));
      assertTrue(pink > 256 * 448 / 3, "pink pixels in the centre: " + pink);
    }
  }

  @Test
  void paint_brownBear_differsFromPig() {
    BufferedImage bear = SketchPainter.paint(
        new SketchScene("bear", "#8B5A2B", CHRISTMAS_PALETTE, CHRISTMAS_PROPS, 42, 1024, 1024));
    int pink = count(bear, 384, 448, 256, 448, rgb -> near(rgb, 0xF7A8C4, 45));
    int brown = count(bear, 384, 448, 256, 448, rgb -> near(rgb, 0x8B5A2B, 50));
    assertTrue(pink < 2_000, "a brown bear is not pink: " + pink);
    assertTrue(brown > 256 * 448 / 4, "brown pixels in the centre: " + brown);
    int differing = differingPixels(bear, christmas);
    assertTrue(differing > 100_000, "pixels differing from the pig: " + differing);
  }

  @Test
  void paint_otherSpeciesSizesAndUnknownProps_drawWithoutError() {
    List<SketchScene> scenes = new ArrayList<>();
    for (String species : List.of("pig", "bear", "cat", "bunny", "mascot")) {
      scenes.add(new SketchScene(species, "#C0C0C0", List.of("#87CEEB"),
          List.of("sun", "clouds", "Scarf", "rocket"), 3, 256, 2048));
    }
    scenes.add(new SketchScene("cat", "#F2A65A", SPRING_PALETTE, List.of(), -1, 1344, 768));
    for (SketchScene scene : scenes) {
      BufferedImage image = SketchPainter.paint(scene);
      assertEquals(scene.width(), image.getWidth());
      assertEquals(scene.height(), image.getHeight());
    }
  }

  @Test
  void constructor_badInput_rejectedNamingTheField() {
    assertAll(
        rejects("width must be 256..2048, was 9",
            () -> new SketchScene("pig", PIG_PINK, SPRING_PALETTE, SPRING_PROPS, 1, 9, 1024)),
        rejects("height must be 256..2048, was 4096",
            () -> new SketchScene("pig", PIG_PINK, SPRING_PALETTE, SPRING_PROPS, 1, 1024, 4096)),
        rejects("bodyColor",
            () -> new SketchScene("pig", "pink", SPRING_PALETTE, SPRING_PROPS, 1, 1024, 1024)),
        rejects("palette[1]",
            () -> new SketchScene("pig", PIG_PINK, List.of("#000000", "#12345"), SPRING_PROPS, 1, 1024, 1024)),
        rejects("palette must have 1..4 colours, had 0",
            () -> new SketchScene("pig", PIG_PINK, List.of(), SPRING_PROPS, 1, 1024, 1024)),
        rejects("palette must have 1..4 colours, had 5",
            () -> new SketchScene("pig", PIG_PINK, List.of("#000000", "#000000", "#000000", "#000000", "#000000"),
                SPRING_PROPS, 1, 1024, 1024)));
  }

  @Test
  void constructor_listsGiven_copiedAndUnmodifiable() {
    List<String> props = new ArrayList<>(List.of("moon"));
    SketchScene scene = pig(HALLOWEEN_PALETTE, props, 1);
    props.add("bats");
    assertEquals(List.of("moon"), scene.props());
    assertThrows(UnsupportedOperationException.class, () -> scene.palette().add("#FFFFFF"));
  }

  private static Executable rejects(String expectedInMessage, Executable construct) {
    return () -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
      assertTrue(e.getMessage().contains(expectedInMessage), "message: " + e.getMessage());
      assertFalse(e.getMessage().isBlank());
    };
  }

  private static int countColour(BufferedImage image, IntPredicate test) {
    return count(image, 0, 0, image.getWidth(), image.getHeight(), test);
  }

  /** Counts the pixels in a rectangle whose 0xRRGGBB passes {@code test}. */
  private static int count(BufferedImage image, int x0, int y0, int w, int h, IntPredicate test) {
    int n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        if (test.test(image.getRGB(x, y) & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }

  private static int differingPixels(BufferedImage a, BufferedImage b) {
    int n = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          n++;
        }
      }
    }
    return n;
  }

  private static int[] meanColour(BufferedImage image, int x0, int y0, int w, int h) {
    long r = 0;
    long g = 0;
    long b = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int rgb = image.getRGB(x, y);
        r += (rgb >> 16) & 0xFF;
        g += (rgb >> 8) & 0xFF;
        b += rgb & 0xFF;
      }
    }
    long n = (long) w * h;
    return new int[] {(int) (r / n), (int) (g / n), (int) (b / n)};
  }

  private static double distance(int[] a, int[] b) {
    return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
  }

  private static boolean near(int rgb, int target, double within) {
    int[] a = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
    int[] b = {(target >> 16) & 0xFF, (target >> 8) & 0xFF, target & 0xFF};
    return distance(a, b) < within;
  }

  private static boolean orange(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    return r > 200 && g >= 80 && g <= 180 && b < 90 && r - g > 60;
  }

  private static boolean brightGreen(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    return g > 120 && g > r + 50 && g > b + 30;
  }

  private static boolean white(int rgb) {
    return ((rgb >> 16) & 0xFF) > 200 && ((rgb >> 8) & 0xFF) > 200 && (rgb & 0xFF) > 200;
  }

  private static boolean red(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    return r > 150 && ((rgb >> 8) & 0xFF) < 80 && (rgb & 0xFF) < 90;
  }

  private static boolean gold(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    return r > 220 && g > 160 && b < 120 && r - b > 120;
  }
}
