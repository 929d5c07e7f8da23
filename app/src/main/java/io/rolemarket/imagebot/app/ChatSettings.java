package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.discord.DiscordSettings;
import io.rolemarket.imagebot.telegram.TelegramSettings;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The chat platforms' settings from the environment, checked before any platform is called, so a bad port or
 * id is a configuration error (exit code 2) and only a platform's refusal (a wrong token) is a start-up
 * failure. Every setting is checked whether or not its platform's token is set. Stateless.
 */
final class ChatSettings {
  /** The ports Telegram calls webhooks on. */
  private static final Set<Integer> TELEGRAM_WEBHOOK_PORTS = Set.of(443, 80, 88, 8443);

  private ChatSettings() {}

  /**
   * Telegram's settings ({@code TELEGRAM_*}), or null without {@code TELEGRAM_BOT_TOKEN}; webhook mode when
   * {@code TELEGRAM_WEBHOOK_URL} is set.
   *
   * @throws ConfigException naming the first setting that is wrong
   */
  static @Nullable TelegramSettings telegram(SettingReader settings) {
    String apiUrl = settings.httpUrlAsSet("TELEGRAM_API_URL").orElse(TelegramSettings.DEFAULT_API_URL);
    int port = settings.port("TELEGRAM_WEBHOOK_PORT", 8443);
    String bind = settings.address("TELEGRAM_WEBHOOK_BIND", TelegramSettings.Webhook.LOOPBACK).getHostAddress();
    long reviewChat = id(settings, "TELEGRAM_REVIEW_CHAT_ID", "-?\\d{1,19}", "a chat id such as -1001234567890");
    TelegramSettings.@Nullable Webhook webhook = settings.httpUrl("TELEGRAM_WEBHOOK_URL").map(url -> {
      boolean loopback = Set.of("localhost", "127.0.0.1", "::1").contains(url.host());
      if (!loopback && (!url.isHttps() || !TELEGRAM_WEBHOOK_PORTS.contains(url.port()))) {
        throw ConfigException.expectedHidden("TELEGRAM_WEBHOOK_URL",
            "an https:// URL on port 443, 80, 88 or 8443, the ports Telegram calls");
      }
      String secret = settings.secret("TELEGRAM_WEBHOOK_SECRET").orElseThrow(() -> new ConfigException(
          "TELEGRAM_WEBHOOK_SECRET: must be set along with TELEGRAM_WEBHOOK_URL"));
      if (!secret.matches("[A-Za-z0-9_-]{1,256}")) {
        throw ConfigException.expectedHidden("TELEGRAM_WEBHOOK_SECRET", "1 to 256 of A-Z a-z 0-9 _ -");
      }
      return new TelegramSettings.Webhook(settings.httpUrlAsSet("TELEGRAM_WEBHOOK_URL").orElseThrow(), secret, port,
          bind);
    }).orElse(null);
    return settings.secret("TELEGRAM_BOT_TOKEN").map(token -> {
      TelegramSettings telegram = TelegramSettings.of(token, apiUrl).withReviewChat(reviewChat);
      return webhook == null ? telegram : telegram.withWebhook(webhook);
    }).orElse(null);
  }

  /**
   * Discord's settings ({@code DISCORD_*}), or null without {@code DISCORD_BOT_TOKEN}.
   *
   * @throws ConfigException naming the first setting that is wrong
   */
  static @Nullable DiscordSettings discord(SettingReader settings) {
    @Nullable String apiUrl = settings.httpUrlAsSet("DISCORD_API_URL").orElse(null);
    @Nullable String gatewayUrl = settings.url("DISCORD_GATEWAY_URL", List.of("wss", "ws")).orElse(null);
    @Nullable String guildId = settings.text("DISCORD_GUILD_ID").map(id -> {
      if (!id.matches("\\d{1,20}")) {
        throw ConfigException.expected("DISCORD_GUILD_ID", "a server id such as 123456789012345678",
            SettingReader.quoted(id));
      }
      return id;
    }).orElse(null);
    String compression = settings.text("DISCORD_COMPRESSION").orElse("zlib").toLowerCase(Locale.ROOT);
    if (!compression.equals("zlib") && !compression.equals("none")) {
      throw ConfigException.expected("DISCORD_COMPRESSION", "zlib or none",
          SettingReader.quoted(settings.text("DISCORD_COMPRESSION").orElseThrow()));
    }
    int shards = (int) settings.whole("DISCORD_SHARDS", 1, Integer.MAX_VALUE, 1);
    long reviewChannel = id(settings, "DISCORD_REVIEW_CHANNEL_ID", "\\d{1,19}",
        "a channel id such as 1300000000000000002");
    return settings.secret("DISCORD_BOT_TOKEN").map(token -> {
      DiscordSettings discord = DiscordSettings.of(token, apiUrl, gatewayUrl, guildId).withShards(shards)
          .withReviewChannel(reviewChannel);
      return compression.equals("none") ? discord.uncompressed() : discord;
    }).orElse(null);
  }

  /** A numeric id matching {@code shape} that fits a long, from {@code name}, else 0 (none). */
  private static long id(SettingReader settings, String name, String shape, String what) {
    Optional<String> value = settings.text(name);
    if (value.isEmpty()) {
      return 0;
    }
    try {
      if (value.get().matches(shape)) {
        return Long.parseLong(value.get());
      }
    } catch (NumberFormatException e) {
      // too large for an id: reported below
    }
    throw ConfigException.expected(name, what, SettingReader.quoted(value.get()));
  }
}
