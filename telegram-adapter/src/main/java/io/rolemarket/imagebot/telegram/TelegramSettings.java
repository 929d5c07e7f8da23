package io.rolemarket.imagebot.telegram;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Telegram adapter talks to the Bot API.
 *
 * @param token the bot token from BotFather ({@code TELEGRAM_BOT_TOKEN}); never logged
 * @param apiUrl the Bot API base URL ({@code TELEGRAM_API_URL}, default {@code https://api.telegram.org})
 * @param perChatInterval least time between two messages to one chat (Telegram: about 1 s)
 * @param groupInterval least time between two messages to one group (Telegram: 20 a minute)
 * @param globalInterval least time between any two messages (Telegram: 30 a second)
 * @param privateEditInterval least time between two edits of a private chat's status message
 * @param groupEditInterval least time between two edits of a group's status message
 */
public record TelegramSettings(
    String token,
    String apiUrl,
    Duration perChatInterval,
    Duration groupInterval,
    Duration globalInterval,
    Duration privateEditInterval,
    Duration groupEditInterval) {

  /** The public Bot API. */
  public static final String DEFAULT_API_URL = "https://api.telegram.org";

  /** Checks the fields. */
  public TelegramSettings {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(apiUrl, "apiUrl");
    if (token.isBlank()) {
      throw new IllegalArgumentException("TELEGRAM_BOT_TOKEN is empty");
    }
  }

  /** Telegram's published limits with a margin: 1 s per chat, 20 a minute per group, 25 a second in all. */
  public static TelegramSettings of(String token, String apiUrl) {
    return new TelegramSettings(token, apiUrl, Duration.ofMillis(1050), Duration.ofMillis(3100),
        Duration.ofMillis(40), Duration.ofMillis(1500), Duration.ofSeconds(4));
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "TelegramSettings[apiUrl=" + apiUrl + ", token=(set)]";
  }
}
