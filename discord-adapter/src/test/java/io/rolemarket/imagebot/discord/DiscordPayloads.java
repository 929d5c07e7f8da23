package io.rolemarket.imagebot.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Discord sends, as small as JDA 6 accepts it (see platforms.md B.7): users, READY, GUILD_CREATE,
 * interactions in a direct message or a server channel, and the message that answers a send. Stateless.
 */
final class DiscordPayloads {
  static final String BOT_ID = "1100000000000000001";
  static final String DM_CHANNEL_ID = "1300000000000000001";
  static final String GUILD_ID = "1500000000000000001";
  static final String GUILD_CHANNEL_ID = "1300000000000000002";
  private static final String PERMISSIONS = "2248473465835073";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DiscordPayloads() {}

  /** The READY data; in a server, its guild is announced as unavailable until GUILD_CREATE. */
  static ObjectNode ready(boolean inGuild) {
    ObjectNode ready = JSON.createObjectNode();
    ready.put("v", 10);
    ready.set("user", user(BOT_ID, "rolemarket", true));
    ArrayNode guilds = ready.putArray("guilds");
    if (inGuild) {
      guilds.addObject().put("id", GUILD_ID).put("unavailable", true);
    }
    ready.putArray("private_channels");
    ready.put("session_id", "fake-session-1");
    ready.putObject("application").put("id", BOT_ID).put("flags", 0);
    return ready;
  }

  /** The GUILD_CREATE data: the server, boosted to {@code boostTier}, with the bot as a member and one text channel. */
  static ObjectNode guild(int boostTier) {
    ObjectNode guild = JSON.createObjectNode();
    guild.put("id", GUILD_ID);
    guild.put("premium_tier", boostTier);
    guild.put("name", "RoleMarket design");
    guild.put("owner_id", BOT_ID);
    guild.put("member_count", 2);
    guild.put("afk_timeout", 300);
    guild.putArray("features");
    ObjectNode self = guild.putArray("members").addObject();
    self.set("user", user(BOT_ID, "rolemarket", true));
    self.putArray("roles");
    self.put("joined_at", "2026-01-01T00:00:00.000000+00:00");
    ObjectNode everyone = guild.putArray("roles").addObject();
    everyone.put("id", GUILD_ID);
    everyone.put("name", "@everyone");
    everyone.put("position", 0);
    everyone.put("permissions", "8");
    everyone.put("managed", false);
    everyone.put("hoist", false);
    everyone.put("color", 0);
    everyone.putObject("colors").put("primary_color", 0);
    ObjectNode channel = guild.putArray("channels").addObject();
    channel.put("id", GUILD_CHANNEL_ID);
    channel.put("type", 0);
    channel.put("name", "design");
    channel.put("position", 0);
    for (String empty : List.of("threads", "emojis", "stickers", "voice_states", "guild_scheduled_events")) {
      guild.putArray(empty);
    }
    return guild;
  }

  /** A slash command's data: its name and options, one of them focused for autocomplete. */
  static ObjectNode command(String name, Map<String, Object> options, @Nullable String focused) {
    ObjectNode data = JSON.createObjectNode();
    data.put("id", "1600000000000000001");
    data.put("name", name);
    data.put("type", 1);
    ArrayNode list = data.putArray("options");
    options.forEach((option, value) -> list.add(option(option, value, option.equals(focused))));
    return data;
  }

  /**
   * A slash command's data with a {@code subcommand} (as {@code /review approved}) and its options, one of them
   * focused for autocomplete.
   */
  static ObjectNode subcommand(String name, String subcommand, Map<String, Object> options, @Nullable String focused) {
    ObjectNode data = command(name, Map.of(), null);
    ObjectNode sub = ((ArrayNode) data.get("options")).addObject();
    sub.put("name", subcommand);
    sub.put("type", 1);
    ArrayNode list = sub.putArray("options");
    options.forEach((option, value) -> list.add(option(option, value, option.equals(focused))));
    return data;
  }

  /** An interaction from {@code userId} in a direct message with the bot. */
  static ObjectNode dmInteraction(long id, String userId, int type, ObjectNode data) {
    ObjectNode interaction = base(id, type, data);
    interaction.put("context", 1);
    interaction.putObject("authorizing_integration_owners").put("0", userId);
    interaction.put("channel_id", DM_CHANNEL_ID);
    ObjectNode channel = interaction.putObject("channel");
    channel.put("id", DM_CHANNEL_ID);
    channel.put("type", 1);
    channel.putArray("recipients").add(user(userId, "mia", false));
    interaction.set("user", user(userId, "mia", false));
    return interaction;
  }

  /** An interaction from {@code userId} in the server's text channel. */
  static ObjectNode guildInteraction(long id, String userId, int type, ObjectNode data) {
    ObjectNode interaction = base(id, type, data);
    interaction.put("guild_locale", "en-US");
    interaction.put("context", 0);
    interaction.putObject("authorizing_integration_owners").put("0", GUILD_ID);
    interaction.put("guild_id", GUILD_ID);
    interaction.putObject("guild").put("id", GUILD_ID).put("locale", "en-US").putArray("features");
    interaction.put("channel_id", GUILD_CHANNEL_ID);
    ObjectNode channel = interaction.putObject("channel");
    channel.put("id", GUILD_CHANNEL_ID);
    channel.put("type", 0);
    channel.put("name", "design");
    channel.put("position", 0);
    channel.put("permissions", PERMISSIONS);
    ObjectNode member = interaction.putObject("member");
    member.set("user", user(userId, "mia", false));
    member.putArray("roles");
    member.put("permissions", PERMISSIONS);
    member.put("joined_at", "2026-01-01T00:00:00.000000+00:00");
    interaction.put("app_permissions", PERMISSIONS);
    return interaction;
  }

  private static ObjectNode base(long id, int type, ObjectNode data) {
    ObjectNode interaction = JSON.createObjectNode();
    interaction.put("id", Long.toString(id));
    interaction.put("application_id", BOT_ID);
    interaction.put("type", type);
    interaction.put("version", 1);
    interaction.put("token", "itoken-" + id);
    interaction.put("locale", "en-US");
    interaction.putArray("entitlements");
    interaction.put("attachment_size_limit", 10485760);
    interaction.set("data", data);
    return interaction;
  }

  /** The message Discord answers a send with. */
  static ObjectNode message(long id, JsonNode payload, String channelId) {
    ObjectNode message = JSON.createObjectNode();
    message.put("id", Long.toString(id));
    message.put("type", 0);
    message.put("channel_id", channelId);
    message.set("author", user(BOT_ID, "rolemarket", true));
    message.put("content", payload.path("content").asText(""));
    message.putArray("mentions");
    message.putArray("mention_roles");
    message.putArray("embeds");
    message.putArray("components");
    message.putArray("attachments");
    message.put("flags", payload.path("flags").asInt(0));
    message.put("webhook_id", BOT_ID);
    message.put("application_id", BOT_ID);
    return message;
  }

  /** A command option; integers and booleans keep their Discord types. */
  static ObjectNode option(String name, Object value, boolean focused) {
    ObjectNode option = JSON.createObjectNode();
    option.put("name", name);
    switch (value) {
      case Integer number -> option.put("type", 4).put("value", number);
      case Boolean flag -> option.put("type", 5).put("value", flag);
      default -> option.put("type", 3).put("value", value.toString());
    }
    if (focused) {
      option.put("focused", true);
    }
    return option;
  }

  /** A user object. */
  static ObjectNode user(String id, String name, boolean bot) {
    ObjectNode user = JSON.createObjectNode();
    user.put("id", id);
    user.put("username", name);
    user.put("discriminator", "0");
    user.put("global_name", bot ? null : "Mia");
    user.put("bot", bot);
    return user;
  }
}
