package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.ImageBot;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot on Discord: JDA on the gateway with no privileged intents, slash commands with autocomplete,
 * every interaction acknowledged at once and answered through the core.
 *
 * <pre>{@code
 * try (DiscordAdapter discord = DiscordAdapter.start(bot, DiscordSettings.of(token, null, null, guildId), http)) {
 *   ... // runs until closed
 * }
 * }</pre>
 *
 * <p>Commands are registered only when Discord's copy differs from ours (Discord caps creations a day):
 * as guild commands when a guild id is set (they show at once), else globally. {@link #close} lets
 * running generations finish, then disconnects. With {@link DiscordSettings#withReviewChannel} set, 📤 under a
 * result posts the design to that channel for reviewers to vote on with buttons. Safe for concurrent use.
 */
public final class DiscordAdapter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiscordAdapter.class);

  private final Connection connection;
  private final InteractionListener listener;
  private final ScheduledExecutorService timer;
  private final boolean registered;
  private final String username;
  private volatile boolean closed;

  private DiscordAdapter(Connection connection, InteractionListener listener, ScheduledExecutorService timer,
      boolean registered, String username) {
    this.connection = connection;
    this.listener = listener;
    this.timer = timer;
    this.registered = registered;
    this.username = username;
  }

  /**
   * Logs in, waits for the gateway to be ready and registers the slash commands if they changed.
   *
   * @param http the shared HTTP client; JDA derives its own from it, sharing the connection pool
   * @throws net.dv8tion.jda.api.exceptions.InvalidTokenException when Discord refuses the token
   * @throws InterruptedException when interrupted while waiting for the gateway
   */
  public static DiscordAdapter start(ImageBot bot, DiscordSettings settings, OkHttpClient http)
      throws InterruptedException {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("discord-status").daemon(true).factory());
    InteractionListener listener = new InteractionListener(bot, settings, new Delivery(settings, bot.clock()),
        timer);
    Connection connection;
    try {
      connection = Connection.open(settings, http, listener, bot.metrics());
    } catch (InterruptedException | RuntimeException e) {
      timer.shutdownNow();
      throw e;
    }
    try {
      boolean registered = register(connection, settings,
          bot.providers().stream().map(status -> status.info().id()).toList());
      String username = connection.shards().get(0).getSelfUser().getName();
      listener.answerLeftovers(connection.shards().get(0));
      bot.addAdminInbox(new AdminMessages(connection.shards().get(0)));
      log.info("Discord: connected as {} on {} shard(s)", username, connection.shards().size());
      return new DiscordAdapter(connection, listener, timer, registered, username);
    } catch (RuntimeException e) {
      connection.shutdownNow();
      timer.shutdownNow();
      throw e;
    }
  }

  /** Registers the commands when Discord's copy differs; true when it sent them. */
  private static boolean register(Connection connection, DiscordSettings settings, List<String> providerIds) {
    List<SlashCommandData> wanted = SlashCommands.definitions(providerIds);
    JDA jda = connection.shards().get(0);
    Guild guild = settings.guild().flatMap(connection::guild).orElse(null);
    if (settings.guildId() != null && guild == null) {
      log.warn("DISCORD_GUILD_ID names a server the bot is not in; registering global commands instead");
    }
    List<Command> existing = guild != null ? guild.retrieveCommands().complete() : jda.retrieveCommands().complete();
    if (SlashCommands.registered(existing).equals(SlashCommands.shapes(wanted))) {
      log.info("Discord: slash commands are up to date");
      return false;
    }
    (guild != null ? guild.updateCommands() : jda.updateCommands()).addCommands(wanted).complete();
    log.info("Discord: registered {} slash commands {}", wanted.size(), guild != null ? "in the guild" : "globally");
    return true;
  }

  /** The bot's Discord user name. */
  public String username() {
    return username;
  }

  /** Whether every shard's gateway connection is up now (for the readiness check). */
  public boolean connected() {
    return !closed && connection.shards().stream().allMatch(shard -> shard.getStatus() == JDA.Status.CONNECTED);
  }

  /** Whether this start sent the slash commands to Discord (false when they were already current). */
  public boolean registeredCommands() {
    return registered;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    listener.close();
    timer.shutdownNow();
    connection.close();
  }
}
