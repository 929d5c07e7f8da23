package io.rolemarket.imagebot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console admits requests as a chat platform does: the time from request to pictures written is measured, and
 * what a stopped run owed the terminal is answered at the next start (pictures made and charged are written; a
 * request not made is named with the command to type again, and was not charged).
 */
class ConsoleRequestsTest {
  private static final UserRef MIA = UserRef.of("console", "mia", "Mia");

  @TempDir Path workDir;
  private final InMemoryStore store = new InMemoryStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ImageBot bot() {
    return ImageBot.builder().clock(TestClocks.FIXED).store(store).metrics(BotMetrics.on(registry))
        .provider(ScriptedProvider.named("flux", "0.003").latency(Duration.ofMillis(50))).build();
  }

  private String console(ImageBot bot, String... lines) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConsoleAdapter(bot, MIA, workDir.resolve("var/out"), workDir, new PrintStream(out, true, StandardCharsets.UTF_8))
        .run(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")), false);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Command.Generate generate(String text) {
    return (Command.Generate) new CommandParser(null).parse(text);
  }

  @Test
  void generate_measuresRequestToWritten() throws Exception {
    try (ImageBot bot = bot()) {
      console(bot, "/generate lulu halloween");
    }
    assertEquals(1, registry.get("imagebot.delivery.duration").timer().count());
    assertTrue(registry.get("imagebot.delivery.duration").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)
        >= 50, "at least the provider's time");
  }

  @Test
  void aStoppedRunsRequests_areAnsweredAtTheNextStart_madeOnesWritten_othersNamed() throws Exception {
    try (ImageBot first = bot()) {
      ImageBot.Ticket made = first.admit(MIA, "console", "terminal", generate("/generate lulu halloween")).orElseThrow();
      assertInstanceOf(GenerateOutcome.Generated.class, made.generate(event -> {}));
      first.admit(MIA, "console", "terminal", generate("/generate lulu christmas --n 2")).orElseThrow();
      // The process stops here: neither ticket is closed, so both answers are still owed.
    }

    String output;
    try (ImageBot again = bot()) {
      output = console(again);
      assertEquals(0, again.owedAfterRestart("console").size(), "each owed answer was given once");
    }
    assertTrue(output.contains("-lulu-halloween-") && output.contains("wrote ./var/out/"), output);
    assertTrue(output.contains("Lulu Pig · Halloween"), output);
    assertTrue(output.contains("⚠️ I was restarted while making lulu christmas, and it was not finished. Nothing was "
        + "charged for it. Type /generate lulu christmas --n 2 to try again."), output);
    try (ImageBot third = bot()) {
      assertEquals(1, third.quota(MIA).used().today(), "only the picture made was charged");
    }
  }
}
