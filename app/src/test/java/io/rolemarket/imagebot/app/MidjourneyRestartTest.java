package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.testing.Outcomes;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.data.SqliteStore;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.ttapi.FakeTtapiServer;
import io.rolemarket.imagebot.providers.ttapi.MidjourneyProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Midjourney's buttons across a restart: the real TTAPI client against its loopback fake, real SQLite, and a
 * second {@link ImageBot} (a fresh memory cache) over the same file.
 */
class MidjourneyRestartTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  @TempDir Path dir;
  private final FakeTtapiServer ttapi = new FakeTtapiServer();

  @AfterEach
  void fakeSawOnlyCorrectCalls() {
    try {
      assertEquals(List.of(), ttapi.problems());
    } finally {
      ttapi.close();
    }
  }

  private ImageBot bot(SqliteStore store) {
    return ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(new MidjourneyProvider(new OkHttpClient(), new ObjectMapper(),
        new Endpoint(ttapi.url(), FakeProviderServer.KEY, "TTAPI_API_KEY", Duration.ofSeconds(2), 1024 * 1024),
        "fast", new JobWait(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50)),
        Clock.systemUTC())).build();
  }

  private static GenerationResult generate(ImageBot bot) {
    GenerateOutcome outcome = bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4,
        AspectRatio.SQUARE, "midjourney", Tier.QUALITY, null, false), event -> {});
    return assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
  }

  @Test
  void u2_onADiskCacheHitAfterARestart_actsOnTheOriginalJob() {
    Path file = dir.resolve("imagebot.db");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store)) {
      store.register(ALICE);
      store.setRole(ALICE.key(), Role.PRO);
      assertEquals("mj-1", generate(bot).remoteJobId());
    }

    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store)) {
      GenerationResult cached = generate(bot);

      assertTrue(cached.fromCache());
      assertEquals(1, ttapi.calls().size(), "the repeat did not reach TTAPI");
      assertEquals("mj-1", cached.remoteJobId());
      assertEquals(9, bot.actions(cached).size());

      GenerateOutcome outcome = bot.act(ALICE, cached.providerId(), cached.remoteJobId(), "U2", "lulu",
          "halloween", event -> {});

      GenerationResult upscaled = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome))
          .result();
      assertEquals(1, upscaled.images().size());
      assertEquals(List.of("mj-1:upsample2"), ttapi.actions());
      assertEquals(4 + 1, bot.quota(ALICE).used().today());
    }
  }
}
