package io.rolemarket.imagebot.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolemarket.imagebot.core.BotMetrics;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.route.Deadlines;
import io.rolemarket.imagebot.core.route.RouterSettings;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's proof on Telegram: a scripted conversation through the real telegrambots client and a loopback Bot
 * API — successes, a provider that is rate-limited and retried, one that fails and falls back, a cache hit, an
 * over-quota refusal, a Telegram 429 — then the metrics count exactly what happened, and an admin's {@code /stats}
 * shows the same figures.
 */
class TelegramFiguresTest {
  private static final long ALICE = 2001;
  private static final long BOSS = 2002;

  private final FakeBotApi api = new FakeBotApi();
  private final MockWebServer server = new MockWebServer();
  private final InMemoryStore store = new InMemoryStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ImageBot bot;
  private TelegramAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(api);
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws Exception {
    if (adapter != null) {
      adapter.close();
    }
    if (bot != null) {
      bot.close();
    }
    server.close();
  }

  private Map<String, Double> counts(String name, String... tags) {
    Map<String, Double> counts = new TreeMap<>();
    for (Counter counter : registry.find(name).counters()) {
      StringBuilder key = new StringBuilder();
      for (String tag : tags) {
        key.append(key.isEmpty() ? "" : "/").append(counter.getId().getTag(tag));
      }
      counts.merge(key.toString(), counter.count(), Double::sum);
    }
    return counts;
  }

  @Test
  void aScriptedConversation_theMetricsAndStatsTellExactlyWhatHappened() throws Exception {
    ScriptedProvider hf = ScriptedProvider.named("hf", "0.0012");
    ScriptedProvider flux = ScriptedProvider.named("flux", "0.0006");
    store.setRole("telegram:" + BOSS, Role.ADMIN);
    bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(hf).provider(flux)
        .routerSettings(new RouterSettings(2, Duration.ofMillis(10), Duration.ofSeconds(1),
            new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10)), Map.of(), 5, Duration.ofSeconds(30),
            Duration.ofHours(6), java.util.Set.of(), "", Duration.ofMinutes(3), Duration.ofMinutes(12), Map.of()))
        .quotaPolicy(QuotaPolicy.withDailyLimit(3)).metrics(BotMetrics.on(registry)).build();
    adapter = TelegramAdapter.start(bot, new TelegramAdapterTest.MemoryFileRefs(),
        TelegramSettings.of(FakeBotApi.TOKEN, server.url("/").toString()), new OkHttpClient());

    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    api.await(call -> call.method().equals("sendphoto"), 1, 15_000);
    hf.thenFail(new ProviderFailure.RateLimited("429 from the provider", Duration.ZERO));
    api.failNext("sendphoto", 1);
    api.userSays(ALICE, ALICE, "/generate lulu christmas");
    api.await(call -> call.method().equals("sendphoto"), 3, 15_000); // the 429'd send, then the retry
    api.userSays(ALICE, ALICE, "/generate lulu halloween");
    api.await(call -> call.method().equals("sendphoto"), 4, 15_000);
    hf.thenFail(new ProviderFailure.Permanent("401 from the provider", "HF_TOKEN", false));
    api.userSays(ALICE, ALICE, "/generate lulu spring-festival");
    api.await(call -> call.method().equals("sendphoto"), 5, 15_000);
    api.userSays(ALICE, ALICE, "/generate lulu christmas in the snow");
    FakeBotApi.Call over = api.await(call -> call.method().equals("sendmessage") && call.chatId() == ALICE
        && call.text().startsWith("Over quota"), 1, 15_000).get(0);

    assertTrue(over.text().startsWith("Over quota: you asked for 1 image but have 0 left today."), over.text());
    assertEquals(Map.of(
            "generated/none/hf/balanced", 2.0,
            "cached/none/hf/balanced", 1.0,
            "generated/none/flux/balanced", 1.0,
            "refused/over_quota/none/balanced", 1.0),
        counts("imagebot.generations", "outcome", "reason", "provider", "tier"));
    assertEquals(Map.of("hf/ok", 2.0, "hf/rate_limited", 1.0, "hf/permanent", 1.0, "flux/ok", 1.0),
        counts("imagebot.provider.attempts", "provider", "outcome"));
    assertEquals(Map.of("memory", 1.0, "telegram_file_id", 1.0), counts("imagebot.cache.answers", "tier"),
        "the repeat came from memory and went out by the file id Telegram gave the first");
    assertEquals(Map.of("telegram", 1.0), counts("imagebot.platform.rate.limited", "platform"));
    assertEquals(Map.of("telegram", 1.0), counts("imagebot.platform.retry.after", "platform"));
    assertEquals(0.003, registry.get("imagebot.budget.spent").gauge().value(), 1e-9);

    api.userSays(BOSS, BOSS, "/stats");
    String stats = api.await(call -> call.method().equals("sendmessage") && call.chatId() == BOSS, 1, 15_000).get(0)
        .text();
    assertTrue(stats.startsWith("Spent this month: $0.003 of the $50.00 budget."), stats);
    assertTrue(stats.contains("Success rate (target ≥ 95 %): ✅ 100 % · ✅ 100 % · ✅ 100 %"), stats);
    assertTrue(stats.contains("Rate-limit hits (429s): 1 · 1 · 1"), stats);
    assertTrue(stats.contains("  hf: 3 calls, 66.6 % success"), stats);
    assertTrue(stats.contains("  flux: 1 call, 100 % success"), stats);
    assertTrue(stats.contains("Cache hits this month: 1 of 4 answers (25 %)"), stats);
  }
}
