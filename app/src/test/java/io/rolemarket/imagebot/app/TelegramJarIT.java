package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.providers.hf.FakeHuggingFaceServer;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.telegram.FakeBotApi;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as it runs for the team: TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL at a loopback Bot
 * API, HF_TOKEN and HF_BASE_URL at a loopback Hugging Face; a user's conversation end to end, then a
 * graceful stop.
 */
class TelegramJarIT {
  @TempDir Path workDir;

  @Test
  void generateOverTelegramWithHuggingFace_thenRepeatFromCache_thenGracefulStop() throws Exception {
    FakeBotApi api = new FakeBotApi();
    try (MockWebServer telegram = new MockWebServer(); FakeHuggingFaceServer huggingFace = new FakeHuggingFaceServer()) {
      telegram.setDispatcher(api);
      telegram.start(InetAddress.getLoopbackAddress(), 0);
      Path jar = Path.of("target/imagebot.jar").toAbsolutePath();
      Path log = workDir.resolve("bot.log");
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString())
          .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(name -> name.endsWith("_TOKEN") || name.startsWith("IMAGEBOT_"));
      builder.environment().put("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN);
      builder.environment().put("TELEGRAM_API_URL", telegram.url("/").toString());
      builder.environment().put("HF_TOKEN", FakeProviderServer.KEY);
      builder.environment().put("HF_BASE_URL", huggingFace.url().toString());
      builder.environment().put("HF_HUB_URL", huggingFace.url().toString());
      Process bot = builder.start();
      try {
        api.userSays(7, 7, "/generate lulu halloween");
        List<FakeBotApi.Call> photos = api.await(c -> c.method().equals("sendphoto"), 1, 30_000);
        assertEquals(1, photos.size(), Files.readString(log));
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(photos.get(0).upload()));
        assertEquals(huggingFace.imageWidth(), picture.getWidth());
        assertTrue(photos.get(0).text().contains("FLUX.1-dev"), photos.get(0).text());

        api.userSays(7, 7, "/generate lulu halloween");
        FakeBotApi.Call repeat = api.await(c -> c.method().equals("sendphoto"), 2, 30_000).get(1);
        assertNull(repeat.upload(), "the repeat is sent by file_id");
        assertTrue(repeat.text().contains("from cache"), repeat.text());
        assertEquals(1, huggingFace.calls().size(), "the repeat cost no provider call");
      } finally {
        bot.destroy();
      }
      assertTrue(bot.waitFor(30, TimeUnit.SECONDS), "the bot did not stop on SIGTERM");
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(output.contains("on Telegram as @RoleMarketBot"), output);
      assertTrue(output.contains("Stopping"), output);
      assertFalse(output.contains(FakeBotApi.TOKEN), "the token leaked:\n" + output);
      assertFalse(output.contains(FakeProviderServer.KEY), "the HF key leaked:\n" + output);
      assertEquals(List.of(), huggingFace.problems());
    }
  }
}
