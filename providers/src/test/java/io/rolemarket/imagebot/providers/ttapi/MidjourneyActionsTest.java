package io.rolemarket.imagebot.providers.ttapi;

import io.rolemarket.imagebot.core.testing.Outcomes;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Midjourney's U2 end to end: the front door, the real TTAPI client and its loopback fake, the journal. */
class MidjourneyActionsTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  private final FakeTtapiServer fake = new FakeTtapiServer();
  private final InMemoryStore store = new InMemoryStore();
  private final ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store)
      .provider(new MidjourneyProvider(new OkHttpClient(), new ObjectMapper(), new Endpoint(fake.url(),
          FakeProviderServer.KEY, "TTAPI_API_KEY", Duration.ofSeconds(2), 1024 * 1024), "fast",
          new JobWait(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC()))
      .build();

  @AfterEach
  void settled() {
    try {
      bot.close();
      assertEquals(List.of(), fake.problems());
      assertEquals(0, store.heldReservations(), "reservations left held");
    } finally {
      fake.close();
    }
  }

  @Test
  void u2_onAFinishedJob_upscaledChargedOnceAndJournaledAsItsOwnJob() {
    store.register(ALICE);
    store.setRole(ALICE.key(), Role.PRO);
    GenerateOutcome first = bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4,
        AspectRatio.SQUARE, "midjourney", Tier.QUALITY, null, false), event -> {});
    GenerationResult grid = assertInstanceOf(GenerateOutcome.Generated.class, first, Outcomes.text(first)).result();
    assertEquals("mj-1", grid.remoteJobId());
    assertEquals(0, new BigDecimal("0.02").compareTo(grid.costUsd()), "TTAPI's reported quota 2: " + grid.costUsd());
    assertEquals(List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "REROLL"), bot.actions(grid));

    GenerateOutcome outcome = bot.act(ALICE, "midjourney", grid.remoteJobId(), "U2", "lulu", "halloween",
        event -> {});

    GenerationResult upscaled = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
    assertEquals(1, upscaled.images().size());
    assertEquals(fake.imageWidth() * 2, upscaled.images().get(0).width());
    assertEquals(0, new BigDecimal("0.01").compareTo(upscaled.costUsd()), "TTAPI's reported quota 1: " + upscaled.costUsd());
    assertEquals(List.of("mj-1:upsample2"), fake.actions());
    assertEquals(4 + 1, bot.quota(ALICE).used().today());
    InMemoryStore.Job job = store.jobs().getLast();
    assertEquals("succeeded", job.state());
    assertEquals("action:midjourney/mj-1/U2", job.cacheKey());
    assertEquals("mj-2", store.remoteJobId(job.id()));
    assertEquals(2, store.jobs().size());
    assertEquals(0, new BigDecimal("0.03").compareTo(bot.spend().thisMonthUsd()), bot.spend().toString());
  }
}
