package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hundred {@code /generate} at once through real JDA and the core, with the loopback Discord refereeing its
 * rate limits: what each user gets, not how fast (speed is {@code DiscordBurstBench}'s job).
 */
class DiscordBurstTest {

  @Test
  void hundredSlashCommandsAtOnce_allAcknowledgedAndPictured_noRateLimitHit() throws Exception {
    try (DiscordBurst burst = DiscordBurst.start(Duration.ofSeconds(2))) {
      DiscordBurst.Outcome outcome = burst.fire(100, 1, Duration.ofSeconds(90));

      assertEquals(100, outcome.acknowledgedCount(), "every interaction acknowledged");
      assertEquals(100, outcome.picturedCount(), "every asker got the picture through the interaction");
      assertEquals(0, outcome.tooManyRequests(), "429s answered: " + outcome.refused());
      assertEquals(List.of(), outcome.unexpected(), "calls the fake does not serve");
      assertEquals(List.of(), burst.messages().stream().filter(message -> message.files().isEmpty()).toList(),
          "only pictures are left standing (no status line, no error)");
    }
  }
}
