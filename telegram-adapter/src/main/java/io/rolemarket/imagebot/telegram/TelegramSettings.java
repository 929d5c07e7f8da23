package io.rolemarket.imagebot.telegram;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * @param webhook webhook mode instead of long polling, or null
 * @param reviewChatId the review group ({@code TELEGRAM_REVIEW_CHAT_ID}), or 0 for none
 */
public record TelegramSettings(
    String token,
    String apiUrl,
    Duration perChatInterval,
    Duration groupInterval,
    Duration globalInterval,
    Duration privateEditInterval,
    Duration groupEditInterval,
    @Nullable Webhook webhook,
    long reviewChatId) {

  /**
   * Webhook mode: Telegram posts updates to {@code publicUrl} (HTTPS, ports 443/80/88/8443, usually a
   * reverse proxy), which forwards to {@code port} on this machine; every call must carry
   * {@code secret} in {@code X-Telegram-Bot-Api-Secret-Token}.
   *
   * @param publicUrl the URL Telegram calls ({@code TELEGRAM_WEBHOOK_URL})
   * @param secret the shared secret ({@code TELEGRAM_WEBHOOK_SECRET}, 1–256 of A–Z a–z 0–9 _ -)
   * @param port the local port to listen on ({@code TELEGRAM_WEBHOOK_PORT})
   */
  public record Webhook(String publicUrl, String secret, int port, String bindAddress) {
    /** Listens on loopback only, behind a reverse proxy on the same machine (the default). */
    public static final String LOOPBACK = "127.0.0.1";

    /** A webhook whose receiver listens on loopback. */
    public Webhook(String publicUrl, String secret, int port) {
      this(publicUrl, secret, port, LOOPBACK);
    }

    /** Checks the secret's shape, the port and the address. */
    public Webhook {
      if (bindAddress == null || bindAddress.isBlank()) {
        throw new IllegalArgumentException("TELEGRAM_WEBHOOK_BIND must be an address such as 127.0.0.1 or 0.0.0.0");
      }
      if (secret == null || !secret.matches("[A-Za-z0-9_-]{1,256}")) {
        throw new IllegalArgumentException("TELEGRAM_WEBHOOK_SECRET must be 1..256 of A-Z a-z 0-9 _ -");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("TELEGRAM_WEBHOOK_PORT must be 0..65535, was " + port);
      }
      if (publicUrl == null || !publicUrl.startsWith("http")) {
        throw new IllegalArgumentException("TELEGRAM_WEBHOOK_URL must be an https URL");
      }
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
      return "Webhook[" + publicUrl + ", " + bindAddress + ":" + port + ", secret=(set)]";
    }
  }

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

  /** Telegram's published limits with a margin: 1 s per chat, 20 a minute per group, about 28 a second in all. */
  public static TelegramSettings of(String token, String apiUrl) {
    return new TelegramSettings(token, apiUrl, Duration.ofMillis(1050), Duration.ofMillis(3100),
        Duration.ofMillis(36), Duration.ofMillis(1500), Duration.ofSeconds(4), null);
  }

  /** Settings without a review group. */
  public TelegramSettings(String token, String apiUrl, Duration perChatInterval, Duration groupInterval,
      Duration globalInterval, Duration privateEditInterval, Duration groupEditInterval, @Nullable Webhook webhook) {
    this(token, apiUrl, perChatInterval, groupInterval, globalInterval, privateEditInterval, groupEditInterval,
        webhook, 0);
  }

  /** These settings in webhook mode. */
  public TelegramSettings withWebhook(Webhook hook) {
    return new TelegramSettings(token, apiUrl, perChatInterval, groupInterval, globalInterval, privateEditInterval,
        groupEditInterval, hook, reviewChatId);
  }

  /** These settings with designs sent to review posted in the group {@code chatId}. */
  public TelegramSettings withReviewChat(long chatId) {
    return new TelegramSettings(token, apiUrl, perChatInterval, groupInterval, globalInterval, privateEditInterval,
        groupEditInterval, webhook, chatId);
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "TelegramSettings[apiUrl=" + apiUrl + ", token=(set), webhook=" + webhook + ", reviewChatId="
        + reviewChatId + "]";
  }
}
