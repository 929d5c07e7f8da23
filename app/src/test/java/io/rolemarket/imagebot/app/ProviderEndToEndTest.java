package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.testing.TestClocks;
import com.github.benmanes.caffeine.cache.Ticker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.providers.hf.FakeHuggingFaceServer;
import io.rolemarket.imagebot.providers.sdwebui.FakeSdWebUiServer;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole bot on the console with real provider clients aimed at loopback fakes of their APIs. */
class ProviderEndToEndTest {
  @TempDir Path workDir;
  private final FakeHuggingFaceServer huggingFace = new FakeHuggingFaceServer();
  private final FakeSdWebUiServer sdWebUi = new FakeSdWebUiServer();

  @AfterEach
  void fakesSawOnlyCorrectCalls() {
    try {
      assertEquals(List.of(), huggingFace.problems());
      assertEquals(List.of(), sdWebUi.problems());
    } finally {
      huggingFace.close();
      sdWebUi.close();
    }
  }

  private Map<String, String> huggingFaceEnv() {
    return Map.of("HF_TOKEN", FakeProviderServer.KEY, "HF_BASE_URL", huggingFace.url().toString(),
        "HF_HUB_URL", huggingFace.url().toString());
  }

  private String run(Map<String, String> env, String... lines) throws Exception {
    return ConsoleRun.run(workDir, env, lines);
  }

  private List<Path> pictures() throws Exception {
    try (Stream<Path> files = Files.list(workDir.resolve("var/out"))) {
      return files.sorted().toList();
    }
  }

  @Test
  void huggingFaceOnly_generateReturnsTheFakesImageNamesFluxAndRecordsItsCost() throws Exception {
    String output = run(huggingFaceEnv(), "/generate lulu halloween", "/history");

    assertTrue(output.contains("Generating with FLUX.1-dev (Hugging Face)"), output);
    assertTrue(output.lines().anyMatch(line -> line.contains("Lulu Pig · Halloween · FLUX.1-dev (Hugging Face)")
        && line.contains("$0.0012")), output);
    assertTrue(output.contains("lulu halloween  1 image, flux, $0.0012"), output);
    BufferedImage picture = ImageIO.read(pictures().get(0).toFile());
    assertEquals(huggingFace.imageWidth(), picture.getWidth());
    assertEquals(huggingFace.imageHeight(), picture.getHeight());
    assertEquals("/hf-inference/models/black-forest-labs/FLUX.1-dev", huggingFace.calls().get(0).getUrl().encodedPath());
  }

  @Test
  void huggingFaceRefusesTheToken_fallsBackToSdWebUiAndSaysSo() throws Exception {
    huggingFace.then(FakeScenario.UNAUTHORIZED, FakeScenario.UNAUTHORIZED);
    Map<String, String> env = new java.util.HashMap<>(huggingFaceEnv());
    env.put("SD_WEBUI_URL", sdWebUi.url().toString());

    String output = run(env, "/generate lulu halloween");

    assertTrue(output.contains("flux misconfigured (check HF_TOKEN); falling back to sdxl"), output);
    assertTrue(output.contains("sdxl misconfigured (check HF_TOKEN); falling back to sdwebui"), output);
    assertTrue(output.contains("Lulu Pig · Halloween · Stable Diffusion WebUI (self-hosted)"), output);
    assertTrue(!output.contains(FakeProviderServer.KEY), "the token never reaches the console");
    assertEquals(1, sdWebUi.calls().size());
    assertEquals(1, pictures().size());
  }

  @Test
  void providersCommand_listsTheConfiguredOnesInTheTeamsOrder() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(huggingFaceEnv());
    env.put("SD_WEBUI_URL", sdWebUi.url().toString());

    String output = run(env, "/providers");

    int flux = output.indexOf("FLUX.1-dev");
    int sdxl = output.indexOf("SDXL");
    int sd = output.indexOf("Stable Diffusion WebUI");
    assertTrue(flux >= 0 && flux < sdxl && sdxl < sd, output);
    assertTrue(!output.contains("Sketch"), output);
  }

  @Test
  void unknownHfProvider_configurationError() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(huggingFaceEnv());
    env.put("HF_PROVIDER", "nowhere");
    int exit = Main.run(workDir, env, new BufferedReader(new StringReader("")), false,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), TestClocks.FIXED, Ticker.systemTicker());
    assertEquals(2, exit);
  }
}
