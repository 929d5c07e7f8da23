package io.rolemarket.imagebot.discord;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import net.dv8tion.jda.api.utils.Compression;
import org.jspecify.annotations.Nullable;

/**
 * How the Discord adapter talks to Discord.
 *
 * @param token the bot token from the developer portal ({@code DISCORD_BOT_TOKEN}); never logged
 * @param apiUrl the REST base ({@code DISCORD_API_URL}), or null for Discord's own
 * @param gatewayUrl the gateway WebSocket ({@code DISCORD_GATEWAY_URL}), or null for Discord's own
 * @param guildId where to register guild commands ({@code DISCORD_GUILD_ID}, instant), or null for global ones
 * @param compression gateway compression; {@link Compression#NONE} for a loopback gateway
 * @param uploadLimit the most bytes one message may upload where the server's own limit is not known, as in
 *     direct messages (Discord: 10 MiB); in a server the bot sees, its limit applies (boosts raise it)
 * @param hookLifetime how long after an interaction its token is still used; later results go to the channel
 * @param editInterval wait before a reply's first progress edit and between its first two (then doubling)
 * @param shards gateway shards ({@code DISCORD_SHARDS}); more than one runs JDA's shard manager
 * @param reviewChannelId the design review channel ({@code DISCORD_REVIEW_CHANNEL_ID}), or 0 for none
 */
public record DiscordSettings(
    String token,
    @Nullable String apiUrl,
    @Nullable String gatewayUrl,
    @Nullable String guildId,
    Compression compression,
    long uploadLimit,
    Duration hookLifetime,
    Duration editInterval,
    int shards,
    long reviewChannelId) {

  /** Discord's upload limit without boosts (direct messages, servers below boost level 2). */
  public static final long DEFAULT_UPLOAD_LIMIT = 10L << 20;

  /** Checks the fields. */
  public DiscordSettings {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(hookLifetime, "hookLifetime");
    Objects.requireNonNull(editInterval, "editInterval");
    if (token.isBlank()) {
      throw new IllegalArgumentException("DISCORD_BOT_TOKEN is empty");
    }
    if (apiUrl != null && !apiUrl.startsWith("http")) {
      throw new IllegalArgumentException("DISCORD_API_URL must start with http, was " + apiUrl);
    }
    if (guildId != null && !guildId.matches("\\d{1,20}")) {
      throw new IllegalArgumentException("DISCORD_GUILD_ID must be a numeric id, was " + guildId);
    }
    if (shards < 1) {
      throw new IllegalArgumentException("DISCORD_SHARDS must be at least 1, was " + shards);
    }
    if (reviewChannelId < 0) {
      throw new IllegalArgumentException("DISCORD_REVIEW_CHANNEL_ID must be a channel id, was " + reviewChannelId);
    }
    if (uploadLimit < 1024) {
      throw new IllegalArgumentException("uploadLimit must be at least 1024 bytes, was " + uploadLimit);
    }
  }

  /**
   * Discord's defaults: its own endpoints unless given, zlib compression, 10 MiB uploads, the interaction
   * token used for 14 of its 15 minutes, progress shown after 1.5 s, then less and less often.
   */
  public static DiscordSettings of(String token, @Nullable String apiUrl, @Nullable String gatewayUrl,
      @Nullable String guildId) {
    return new DiscordSettings(token, blankToNull(apiUrl), blankToNull(gatewayUrl), blankToNull(guildId),
        Compression.ZLIB, DEFAULT_UPLOAD_LIMIT, Duration.ofMinutes(14), Duration.ofMillis(1500), 1, 0);
  }

  /** These settings with another gateway compression. */
  public DiscordSettings withCompression(Compression value) {
    return new DiscordSettings(token, apiUrl, gatewayUrl, guildId, value, uploadLimit, hookLifetime, editInterval,
        shards, reviewChannelId);
  }

  /** These settings with {@code count} gateway shards. */
  public DiscordSettings withShards(int count) {
    return new DiscordSettings(token, apiUrl, gatewayUrl, guildId, compression, uploadLimit, hookLifetime, editInterval,
        count, reviewChannelId);
  }

  /** These settings with an uncompressed gateway ({@code DISCORD_COMPRESSION=none}), as a loopback gateway needs. */
  public DiscordSettings uncompressed() {
    return withCompression(Compression.NONE);
  }

  /** These settings with another upload limit. */
  public DiscordSettings withUploadLimit(long bytes) {
    return new DiscordSettings(token, apiUrl, gatewayUrl, guildId, compression, bytes, hookLifetime, editInterval,
        shards, reviewChannelId);
  }

  /** These settings with another interaction-token lifetime. */
  public DiscordSettings withHookLifetime(Duration value) {
    return new DiscordSettings(token, apiUrl, gatewayUrl, guildId, compression, uploadLimit, value, editInterval,
        shards, reviewChannelId);
  }

  /**
   * These settings with another wait before a deferred reply's first status edit (and between its first two;
   * later ones wait longer and longer).
   */
  public DiscordSettings withEditInterval(Duration value) {
    return new DiscordSettings(token, apiUrl, gatewayUrl, guildId, compression, uploadLimit, hookLifetime, value,
        shards, reviewChannelId);
  }

  /**
   * These settings with a design review channel ({@code DISCORD_REVIEW_CHANNEL_ID}): 📤 posts designs there
   * with vote buttons; 0 turns the channel off.
   */
  public DiscordSettings withReviewChannel(long channelId) {
    return new DiscordSettings(token, apiUrl, gatewayUrl, guildId, compression, uploadLimit, hookLifetime, editInterval,
        shards, channelId);
  }

  /** The design review channel, if one is set. */
  public Optional<Long> reviewChannel() {
    return reviewChannelId == 0 ? Optional.empty() : Optional.of(reviewChannelId);
  }

  /** The guild for guild commands, if one is set. */
  public Optional<String> guild() {
    return Optional.ofNullable(guildId);
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "DiscordSettings[apiUrl=" + (apiUrl == null ? "(Discord)" : apiUrl) + ", gatewayUrl="
        + (gatewayUrl == null ? "(Discord)" : gatewayUrl) + ", guildId=" + guildId + ", compression=" + compression
        + ", uploadLimit=" + uploadLimit + ", shards=" + shards + ", reviewChannelId=" + reviewChannelId
        + ", token=(set)]";
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
