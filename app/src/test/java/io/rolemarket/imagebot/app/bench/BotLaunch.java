package io.rolemarket.imagebot.app.bench;

import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.telegram.FakeBotApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How the benchmarks start the jar: the JVM options given, Telegram and Hugging Face on loopback fakes. */
final class BotLaunch {
  private BotLaunch() {}

  /** A process builder for {@code jar} in {@code work}, talking to the fakes at these URLs, log in {@code bot.log}. */
  static ProcessBuilder of(Path jar, Path work, String jvmOptions, String telegramUrl, String huggingFaceUrl) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(jvmOptions.split(" ")));
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("bot.log").toFile()));
    builder.environment().put("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN);
    builder.environment().put("TELEGRAM_API_URL", telegramUrl);
    builder.environment().put("HF_TOKEN", FakeProviderServer.KEY);
    builder.environment().put("HF_BASE_URL", huggingFaceUrl);
    builder.environment().put("HF_HUB_URL", huggingFaceUrl);
    builder.environment().put("IMAGEBOT_QUOTA_DAILY", "1000");
    return builder;
  }
}
