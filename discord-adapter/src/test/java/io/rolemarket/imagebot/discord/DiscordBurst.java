package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * A burst of {@code /generate} from many users at once in a server channel, each with its own prompt (so
 * nothing is shared or cached), against real JDA and the real core, the loopback Discord refereeing its
 * rate limits ({@link FakeDiscord#enforceLimits}), and a scripted provider taking {@code latency} per call
 * with room for every call at once (the provider is not what is measured). Shared by
 * {@code DiscordBurstTest} and {@code DiscordBurstBench}. Bursts may overlap (each from users of its own);
 * the fake's 429 count and refusals cover every burst so far.
 */
final class DiscordBurst implements AutoCloseable {
  private final FakeDiscord discord = new FakeDiscord().inGuild().enforceLimits();
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();
  private final ImageBot bot;
  private final DiscordAdapter adapter;
  private final AtomicInteger fired = new AtomicInteger();

  private DiscordBurst(Duration latency) throws Exception {
    server.setDispatcher(discord);
    server.start(InetAddress.getLoopbackAddress(), 0);
    ScriptedProvider provider = ScriptedProvider.of(new ProviderInfo("scripted", "Scripted", "scripted-model", 1,
        EnumSet.allOf(AspectRatio.class), true, true, false, BigDecimal.ZERO, latency, 1000, Set.of()))
        .latency(latency).progressEvery(Duration.ofMillis(250));
    bot = ImageBot.builder().clock(FakeDiscord.CLOCK).catalog(Catalog.builtIn()).provider(provider)
        .store(new InMemoryStore()).quotaPolicy(QuotaPolicy.withDailyLimit(1000)).build();
    DiscordSettings settings = DiscordSettings.of(FakeDiscord.TOKEN, server.url("/api/v10/").toString(),
        "ws://" + server.getHostName() + ":" + server.getPort() + "/gateway", FakeDiscord.GUILD_ID).uncompressed();
    adapter = DiscordAdapter.start(bot, settings, http);
  }

  /** Starts the fake Discord, the core with a provider taking {@code latency} a call, and the adapter. */
  static DiscordBurst start(Duration latency) throws Exception {
    return new DiscordBurst(latency);
  }

  /**
   * What a burst came to, per interaction in the order sent: how long each took to be acknowledged and to
   * get its picture (empty when it never did), and the 429s Discord answered meanwhile.
   */
  record Outcome(List<Optional<Duration>> acknowledged, List<Optional<Duration>> pictured, int tooManyRequests,
      List<String> refused, List<String> unexpected) {
    Outcome {
      acknowledged = List.copyOf(acknowledged);
      pictured = List.copyOf(pictured);
      refused = List.copyOf(refused);
      unexpected = List.copyOf(unexpected);
    }

    long acknowledgedCount() {
      return acknowledged.stream().filter(Optional::isPresent).count();
    }

    long picturedCount() {
      return pictured.stream().filter(Optional::isPresent).count();
    }
  }

  /**
   * Sends {@code users} slash commands at once, each from a user of its own asking for {@code pictures}
   * pictures (more than one: a grid to render, then the originals), and waits until every one has its
   * pictures and the fake has been quiet for a second (the status lines removed), at most {@code timeout}.
   */
  Outcome fire(int users, int pictures, Duration timeout) throws InterruptedException {
    List<String> ids = new ArrayList<>(users);
    for (int user = 0; user < users; user++) {
      int n = fired.getAndIncrement();
      ids.add(discord.slashInGuild(Long.toString(1_600_000_000_000_000_000L + n), "generate",
          Map.of("character", "lulu", "theme", "halloween", "extra", "burst " + n, "count", pictures)));
    }
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end && ids.stream().anyMatch(id -> discord.picturedAfter(id).isEmpty())) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    discord.awaitQuiet(1_000, Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
    return new Outcome(ids.stream().map(discord::acknowledgedAfter).toList(),
        ids.stream().map(discord::picturedAfter).toList(), discord.tooManyRequests(), discord.refused(),
        discord.unexpected());
  }

  /** The messages left standing in Discord now. */
  List<FakeDiscord.Posted> messages() {
    return discord.messages();
  }

  @Override
  public void close() throws IOException {
    adapter.close();
    bot.close();
    discord.disconnect();
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
