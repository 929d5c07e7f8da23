package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.providers.hf.FakeHuggingFaceServer;
import io.rolemarket.imagebot.providers.openai.FakeOpenAiServer;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A character's reference pictures through the whole bot on the console, from the configuration file to the wire:
 * real provider clients aimed at loopback fakes of Hugging Face and OpenAI.
 */
class ReferenceEndToEndTest {
  @TempDir Path workDir;
  private final FakeHuggingFaceServer huggingFace = new FakeHuggingFaceServer();
  private final FakeOpenAiServer openAi = new FakeOpenAiServer();

  @AfterEach
  void fakesSawOnlyCorrectCalls() {
    try {
      huggingFace.closeChecked();
    } finally {
      openAi.closeChecked();
    }
  }

  private String run(boolean withHuggingFace, String... lines) throws Exception {
    Files.writeString(workDir.resolve("bot.yaml"), """
        catalog:
          characters:
            lulu:
              name: Lulu Pig
              description: Lulu Pig, a round pink pig
              references: [%s, %s]
        """.formatted(workDir.resolve("lulu-front.png"), workDir.resolve("lulu-side.jpg")));
    Map<String, String> env = new HashMap<>(Map.of("IMAGEBOT_CONFIG", "bot.yaml",
        "OPENAI_API_KEY", FakeProviderServer.KEY, "OPENAI_BASE_URL", openAi.url().toString()));
    if (withHuggingFace) {
      env.putAll(Map.of("HF_TOKEN", FakeProviderServer.KEY, "HF_BASE_URL", huggingFace.url().toString(),
          "HF_HUB_URL", huggingFace.url().toString()));
    }
    return ConsoleRun.run(workDir, env, lines);
  }

  @Test
  void characterWithReferences_kontextDrawsFromTheFirstReadablePicture() throws Exception {
    Files.write(workDir.resolve("lulu-side.jpg"), TestImages.REFERENCE);

    String output = run(true, "/generate lulu halloween");

    assertTrue(output.contains("Generating with FLUX.1 Kontext dev (Hugging Face)"), output);
    assertEquals("/hf-inference/models/black-forest-labs/FLUX.1-Kontext-dev",
        huggingFace.calls().get(0).getUrl().encodedPath());
    assertArrayEquals(TestImages.REFERENCE, FakeHuggingFaceServer.sentPicture(huggingFace.calls().get(0)));
    assertEquals(1, huggingFace.calls().size());
    assertEquals(0, openAi.calls().size());
  }

  @Test
  void characterWithReferences_openAiEditsWhenNoEditorIsConfigured() throws Exception {
    Files.write(workDir.resolve("lulu-side.jpg"), TestImages.REFERENCE);

    run(false, "/generate lulu halloween");

    assertTrue(FakeOpenAiServer.isEdit(openAi.calls().get(0)));
    assertArrayEquals(TestImages.REFERENCE, FakeOpenAiServer.editImage(openAi.calls().get(0)));
  }

  @Test
  void noReadableReference_fluxDrawsFromWordsAndKontextIsNeverCalled() throws Exception {
    String output = run(true, "/generate lulu halloween");

    assertTrue(output.contains("Generating with FLUX.1-dev (Hugging Face)"), output);
    assertEquals(List.of("hf-inference"), huggingFace.providersCalled());
    assertEquals("/hf-inference/models/black-forest-labs/FLUX.1-dev", huggingFace.calls().get(0).getUrl().encodedPath());
  }
}
