package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolemarket.imagebot.clip.OnnxClipEmbedder;
import io.rolemarket.imagebot.clip.OnnxGraph;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.providers.sketch.SketchProvider;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consistency check through the whole pipeline with real parts: ONNX Runtime running a small model written at
 * test time (the mean colour of the picture CLIP's preprocessing made, as the embedding), the offline Sketch
 * provider drawing Lulu, the gate scoring, drawing again and marking, the console delivering.
 */
class ConsistencyEndToEndTest {
  private static final UserRef MIA = UserRef.of("console", "mia", "Mia");
  private static final Pattern SCORE = Pattern.compile("(on-model|⚠️ off-model) (-?\\d\\.\\d\\d)");

  @TempDir Path workDir;

  /** pixel_values [batch, 3, 224, 224] -> mean over H and W -> image_embeds [batch, 3]: a picture's mean colour. */
  private Path meanColourModel() throws Exception {
    return new OnnxGraph().input("pixel_values", "batch", 3, 224, 224).output("image_embeds", "batch", 3)
        .constant("identity", new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3)
        .node("ReduceMean", "mean", new String[] {"pixel_values"}, "axes", new long[] {2, 3}, "keepdims", 0)
        .node("MatMul", "image_embeds", new String[] {"mean", "identity"})
        .writeTo(workDir.resolve("clip.onnx"));
  }

  private static Catalog catalog(Path reference, double threshold) throws Exception {
    String yaml = """
        characters:
          lulu:
            name: Lulu Pig
            description: Lulu Pig, a round pink cartoon pig
            references: [%s]
            threshold: %s
            sketch: {species: pig, color: "#F7A8C4"}
        """.formatted(reference, threshold);
    return Catalog.builtIn().overriddenBy(Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
  }

  /** The console's output for {@code lines} on a fresh store, once Lulu's reference is embedded. */
  private String console(InMemoryStore store, Path reference, double threshold, String... lines) throws Exception {
    Catalog catalog = catalog(reference, threshold);
    try (OnnxClipEmbedder clip = OnnxClipEmbedder.open(meanColourModel());
        ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).catalog(catalog)
            .provider(new SketchProvider(catalog)).pictureEmbedder(clip).build()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!bot.referencesReady("lulu") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(bot.referencesReady("lulu"), "the reference was not embedded in 20 s");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new ConsoleAdapter(bot, MIA, workDir.resolve("out"), workDir, new PrintStream(out, true, StandardCharsets.UTF_8))
          .run(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")), false);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static double score(String output, String theme) {
    String caption = output.lines().filter(line -> line.contains("Lulu Pig · " + theme)).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + theme + " caption in\n" + output));
    Matcher score = SCORE.matcher(caption);
    assertTrue(score.find(), caption);
    return Double.parseDouble(score.group(2));
  }

  @Test
  void referenceIsTheHalloweenPicture_halloweenPasses_christmasIsDrawnAgainAndMarked() throws Exception {
    // The offline Sketch provider draws the same picture for the same prompt: the first Halloween it draws
    // becomes Lulu's reference, so the next one scores 1.00 and a Christmas scene, another colour, less.
    Path pink = workDir.resolve("pink.png");
    BufferedImage plain = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    plain.setRGB(0, 0, 0xF7A8C4);
    ImageIO.write(plain, "png", pink.toFile());
    console(new InMemoryStore(), pink, 0.01, "/generate lulu halloween");
    Path halloween;
    try (Stream<Path> files = Files.list(workDir.resolve("out"))) {
      halloween = files.filter(file -> file.getFileName().toString().contains("halloween")).findFirst().orElseThrow();
    }

    InMemoryStore store = new InMemoryStore();
    String output = console(store, halloween, 0.99, "/generate lulu halloween", "/generate lulu christmas");

    assertEquals(1.0, score(output, "Halloween"), 1e-9, output);
    double christmas = score(output, "Christmas");
    assertTrue(christmas < 0.99, output);
    assertTrue(output.lines().anyMatch(line -> line.contains("Lulu Pig · Christmas")
        && line.endsWith("⚠️ off-model " + String.format(java.util.Locale.ROOT, "%.2f", christmas))), output);
    List<HistoryEntry> history = store.recent(MIA.key(), 10);
    assertEquals(3, history.size(), "Christmas was drawn twice (the second with another seed), Halloween once");
    assertEquals(3, history.stream().filter(entry -> entry.similarity() != null).count(), "every draw scored");
  }
}
