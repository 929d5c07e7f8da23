package io.rolemarket.imagebot.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.dv8tion.jda.api.utils.Compression;
import org.junit.jupiter.api.Test;

class DiscordSettingsTest {

  @Test
  void toString_neverShowsTheToken() {
    String shown = DiscordSettings.of("secret-token-value", null, null, "123").toString();
    assertFalse(shown.contains("secret-token-value"), shown);
    assertTrue(shown.contains("token=(set)"), shown);
  }

  @Test
  void of_blankUrlsAndGuild_meanDiscordsOwn() {
    DiscordSettings settings = DiscordSettings.of("t", " ", "", null);
    assertEquals(null, settings.apiUrl());
    assertEquals(null, settings.gatewayUrl());
    assertEquals(Optional.empty(), settings.guild());
    assertEquals(Compression.ZLIB, settings.compression());
    assertEquals(Compression.NONE, settings.uncompressed().compression());
  }

  @Test
  void blankToken_isRefusedNamingTheSetting() {
    var error = assertThrows(IllegalArgumentException.class, () -> DiscordSettings.of(" ", null, null, null));
    assertEquals("DISCORD_BOT_TOKEN is empty", error.getMessage());
  }

  @Test
  void nonNumericGuild_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> DiscordSettings.of("t", null, null, "my-server"));
  }

  @Test
  void zeroShards_isRefusedNamingTheSetting() {
    var error = assertThrows(IllegalArgumentException.class,
        () -> DiscordSettings.of("t", null, null, null).withShards(0));
    assertEquals("DISCORD_SHARDS must be at least 1, was 0", error.getMessage());
  }

  @Test
  void apiUrlWithoutHttp_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> DiscordSettings.of("t", "discord.example/api", null, null));
  }

  @Test
  void reviewChannel_zeroIsNone_negativeIsRefusedNamingTheSetting() {
    DiscordSettings settings = DiscordSettings.of("t", null, null, null);
    assertEquals(Optional.empty(), settings.reviewChannel());
    assertEquals(Optional.of(42L), settings.withReviewChannel(42).reviewChannel());
    assertEquals(Optional.of(42L), settings.withReviewChannel(42).withShards(2).reviewChannel());
    var error = assertThrows(IllegalArgumentException.class, () -> settings.withReviewChannel(-5));
    assertEquals("DISCORD_REVIEW_CHANNEL_ID must be a channel id, was -5", error.getMessage());
  }
}
