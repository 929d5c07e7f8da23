package io.rolemarket.imagebot.discord;

import net.dv8tion.jda.api.utils.messages.MessageRequest;
import net.dv8tion.jda.api.entities.Message;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import io.rolemarket.imagebot.core.BotMetrics;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The gateway connection: one {@link JDA}, or JDA's {@link ShardManager} when {@code settings.shards()} is
 * more than one. Either way no privileged intents, listeners and JDA's REST callbacks on virtual threads,
 * and the REST base and gateway URL from the settings. Safe for concurrent use.
 *
 * <p>JDA's REST callbacks (what runs once Discord has answered a request, such as starting a generation
 * once its interaction is acknowledged, and the completion of every {@code complete()}) run by default on
 * {@link java.util.concurrent.ForkJoinPool#commonPool()}, which has one worker on a two-core machine and is
 * shared with the whole JVM: anything blocking there holds back every answer of every user. They get a
 * virtual thread each instead. That executor holds no threads while idle, so it is left to JDA's shutdown
 * order: not shut down, or callbacks of requests that finish during a graceful shutdown would be refused.
 */
final class Connection implements AutoCloseable {
  private final @Nullable JDA single;
  private final @Nullable ShardManager manager;

  private Connection(@Nullable JDA single, @Nullable ShardManager manager) {
    this.single = single;
    this.manager = manager;
  }

  /** Logs in and waits until every shard is ready. */
  static Connection open(DiscordSettings settings, OkHttpClient http, Object listener, BotMetrics metrics)
      throws InterruptedException {
    // No message the bot sends pings anyone unless it says so (Delivery.render mentions the asker on purpose):
    // a user's words may contain @everyone, @here or a role.
    MessageRequest.setDefaultMentions(EnumSet.noneOf(Message.MentionType.class));
    OkHttpClient.Builder client = http.newBuilder().readTimeout(Duration.ofSeconds(60))
        .writeTimeout(Duration.ofSeconds(60)).addInterceptor(new PlatformRateLimits(metrics));
    if (settings.shards() <= 1) {
      JDABuilder builder = JDABuilder.createLight(settings.token(), EnumSet.noneOf(GatewayIntent.class))
          .setHttpClientBuilder(client)
          .setEventPool(Executors.newVirtualThreadPerTaskExecutor(), true)
          .setCallbackPool(Executors.newVirtualThreadPerTaskExecutor(), false)
          .setCompression(settings.compression())
          .setEnableShutdownHook(false)
          .addEventListeners(listener);
      if (settings.apiUrl() != null) {
        builder.setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl()));
      }
      if (settings.gatewayUrl() != null) {
        builder.setSessionController(new FixedGateway(settings.gatewayUrl(), 1));
      }
      Connection connection = new Connection(builder.build(), null);
      connection.awaitReady();
      return connection;
    }
    DefaultShardManagerBuilder builder = DefaultShardManagerBuilder
        .createLight(settings.token(), EnumSet.noneOf(GatewayIntent.class))
        .setShardsTotal(settings.shards())
        .setHttpClientBuilder(client)
        .setEventPool(Executors.newVirtualThreadPerTaskExecutor(), true)
        .setCallbackPool(Executors.newVirtualThreadPerTaskExecutor(), false)
        .setCompression(settings.compression())
        .setEnableShutdownHook(false)
        .addEventListeners(listener);
    if (settings.apiUrl() != null) {
      builder.setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl()));
    }
    if (settings.gatewayUrl() != null) {
      builder.setSessionController(new FixedGateway(settings.gatewayUrl(), settings.shards()));
    }
    Connection connection = new Connection(null, builder.build());
    connection.awaitReady();
    return connection;
  }

  private void awaitReady() throws InterruptedException {
    try {
      if (manager != null) {
        while (manager.getShardsQueued() > 0 || manager.getShards().size() < manager.getShardsTotal()) {
          Thread.sleep(100);
        }
      }
      for (JDA shard : shards()) {
        shard.awaitReady();
      }
    } catch (InterruptedException | RuntimeException e) {
      shutdownNow();
      throw e;
    }
  }

  /** The running shards, the single connection when not sharded. */
  List<JDA> shards() {
    return single != null ? List.of(single) : manager.getShards();
  }

  /** The server with this id, if the bot is in it. */
  Optional<Guild> guild(String id) {
    return Optional.ofNullable(single != null ? single.getGuildById(id) : manager.getGuildById(id));
  }

  /** Disconnects at once. */
  void shutdownNow() {
    if (single != null) {
      single.shutdownNow();
    } else {
      manager.shutdown();
    }
  }

  /** Disconnects, waiting up to ten seconds for JDA's requests to finish. */
  @Override
  public void close() {
    if (single == null) {
      manager.shutdown();
      return;
    }
    single.shutdown();
    try {
      if (!single.awaitShutdown(Duration.ofSeconds(10))) {
        single.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      single.shutdownNow();
    }
  }

  /** Points JDA at a gateway of our choosing (a loopback fake, a proxy). */
  private static final class FixedGateway extends SessionControllerAdapter {
    private final String url;
    private final int shards;

    FixedGateway(String url, int shards) {
      this.url = url;
      this.shards = shards;
    }

    @Override
    public String getGateway() {
      return url;
    }

    @Override
    public ShardedGateway getShardedGateway(JDA api) {
      return new ShardedGateway(url, shards);
    }
  }
}
