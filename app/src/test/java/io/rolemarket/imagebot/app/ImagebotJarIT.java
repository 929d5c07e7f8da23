package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a newcomer runs it: {@code printf ... | java -jar app/target/imagebot.jar}. */
class ImagebotJarIT {
  @TempDir Path workDir;

  @Test
  void pipedGenerateTwice_writesPngThenCacheHitAndExitsZero() throws Exception {
    Path jar = Path.of("target/imagebot.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "build the jar first: " + jar);
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
        .directory(workDir.toFile())
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.endsWith("_TOKEN") || name.startsWith("IMAGEBOT_"));
    long started = System.nanoTime();
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write("/generate lulu halloween\n/generate lulu halloween\n".getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the bot did not exit at end of input:\n" + output);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    assertEquals(0, process.exitValue(), output);
    assertTrue(seconds < 15, "took " + seconds + " s");
    List<Path> pictures;
    try (Stream<Path> files = Files.list(workDir.resolve("var/out"))) {
      pictures = files.filter(file -> file.toString().endsWith(".png")).toList();
    }
    BufferedImage picture = ImageIO.read(pictures.get(0).toFile());
    assertTrue(picture.getWidth() >= 512 && picture.getHeight() >= 512, output);
    assertTrue(output.contains("[cache hit]"), output);
  }
}
