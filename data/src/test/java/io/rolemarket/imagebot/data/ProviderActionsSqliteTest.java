package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.Outcomes;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Midjourney-style follow-up actions through {@link ImageBot} on real SQLite, across a restart: the disk tier
 * of the cache must keep the remote job id that U1–V4 act on.
 */
class ProviderActionsSqliteTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  @TempDir Path dir;

  private static ImageBot bot(SqliteStore store, ScriptedActionableProvider midjourney) {
    return ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney).quotaPolicy(QuotaPolicy.withDailyLimit(20)).build();
  }

  private static GenerationResult generate(ImageBot bot) {
    GenerateOutcome outcome = bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4,
        AspectRatio.SQUARE, "midjourney", Tier.BALANCED, null, false), event -> {});
    return assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
  }

  @Test
  void act_afterARestartTheDiskTierAnswers_actionsOfferedAndU2ChargedAsItsOwnJob() throws Exception {
    Path file = dir.resolve("bot.db");
    GenerationResult parent;
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      store.register(ALICE);
      store.setRole(ALICE.key(), Role.PRO);
      try (ImageBot bot = bot(store, ScriptedActionableProvider.named("midjourney", "0.02"))) {
        parent = generate(bot);
      }
    }
    assertEquals("job-1", parent.remoteJobId());

    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store, midjourney)) {
      int usedBefore = bot.quota(ALICE).used().today();

      GenerationResult again = generate(bot);

      assertTrue(again.fromCache(), "served from the disk tier");
      assertEquals(0, midjourney.generations(), "no provider call for a cached picture");
      assertEquals(parent.stored(), again.stored());
      assertEquals("midjourney", again.providerId());
      assertEquals("job-1", again.remoteJobId());
      assertEquals(List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "REROLL"), bot.actions(again));
      assertEquals(usedBefore, bot.quota(ALICE).used().today(), "a cache hit is free");

      List<ProgressEvent> events = new ArrayList<>();
      GenerateOutcome outcome = bot.act(ALICE, again.providerId(), again.remoteJobId(), "U2", "lulu", "halloween",
          events::add);

      GenerationResult upscaled = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome))
          .result();
      assertEquals(1, upscaled.images().size());
      assertEquals(List.of("job-1/U2"), midjourney.acted());
      assertEquals(usedBefore + 1, bot.quota(ALICE).used().today());
      BigDecimal spent = store.spend(YearMonth.from(TestClocks.NOW.atZone(ZoneOffset.UTC)));
      assertEquals(0, new BigDecimal("0.10").compareTo(spent), "4 × 0.02 + 1 × 0.02, was " + spent);
      assertEquals(upscaled.historyId(), bot.history(ALICE, 1).get(0).id());
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
        String upscaleJob = events.stream().filter(ProgressEvent.Submitted.class::isInstance)
            .map(event -> ((ProgressEvent.Submitted) event).remoteJobId()).findFirst().orElseThrow();
        assertEquals(List.of("succeeded|action:midjourney/job-1/U2|" + upscaleJob + "|1"), Sql.list(c,
            "SELECT state || '|' || cache_key || '|' || remote_job_id || '|' || images FROM jobs "
                + "WHERE cache_key LIKE 'action:%'", row -> row.getString(1)));
      }
    }
  }

  @Test
  void resend_gridAfterARestart_offersActionsAndU2IsChargedAsItsOwnJob() throws Exception {
    Path file = dir.resolve("bot.db");
    GenerationResult parent;
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED)) {
      store.register(ALICE);
      store.setRole(ALICE.key(), Role.PRO);
      try (ImageBot bot = bot(store, ScriptedActionableProvider.named("midjourney", "0.02"))) {
        parent = generate(bot);
      }
    }

    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store, midjourney)) {
      int usedBefore = bot.quota(ALICE).used().today();

      GenerationResult resent = bot.resend(ALICE, parent.historyId()).orElseThrow();

      assertEquals(parent.stored(), resent.stored());
      assertEquals("midjourney", resent.providerId());
      assertEquals("job-1", resent.remoteJobId());
      assertEquals(List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "REROLL"), bot.actions(resent));

      List<ProgressEvent> events = new ArrayList<>();
      GenerateOutcome outcome = bot.act(ALICE, resent.providerId(), resent.remoteJobId(), "U2", "lulu", "halloween",
          events::add);

      GenerationResult upscaled = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome))
          .result();
      assertEquals(1, upscaled.images().size());
      assertEquals(List.of("job-1/U2"), midjourney.acted());
      assertEquals(0, midjourney.generations(), "nothing drawn again for the resend");
      assertEquals(usedBefore + 1, bot.quota(ALICE).used().today());
      BigDecimal spent = store.spend(YearMonth.from(TestClocks.NOW.atZone(ZoneOffset.UTC)));
      assertEquals(0, new BigDecimal("0.10").compareTo(spent), "4 × 0.02 + 1 × 0.02, was " + spent);
      String upscaleJob = events.stream().filter(ProgressEvent.Submitted.class::isInstance)
          .map(event -> ((ProgressEvent.Submitted) event).remoteJobId()).findFirst().orElseThrow();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
        assertEquals(List.of("succeeded|action:midjourney/job-1/U2|" + upscaleJob + "|1"), Sql.list(c,
            "SELECT state || '|' || cache_key || '|' || remote_job_id || '|' || images FROM jobs "
                + "WHERE cache_key LIKE 'action:%'", row -> row.getString(1)));
      }
    }
    try (SqliteStore store = SqliteStore.open(file, TestClocks.FIXED); ImageBot bot = bot(store, midjourney)) {
      GenerationResult upscaled = bot.resend(ALICE, bot.history(ALICE, 1).get(0).id()).orElseThrow();
      assertEquals(1, upscaled.images().size());
      assertEquals(List.of(), bot.actions(upscaled), "an upscale sent again offers no more U/V");
    }
  }
}
