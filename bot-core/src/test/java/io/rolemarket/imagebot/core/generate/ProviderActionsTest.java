package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.testing.Outcomes;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.quota.QuotaPolicy;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Midjourney-style actions through the front door, over a scripted actionable provider. */
class ProviderActionsTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");

  private final InMemoryStore store = new InMemoryStore();
  private final ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
  private ImageBot bot;

  @BeforeEach
  void start() {
    bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney).quotaPolicy(QuotaPolicy.withDailyLimit(10)).build();
    store.register(ALICE);
    store.setRole(ALICE.key(), Role.PRO);
  }

  @AfterEach
  void everyReservationSettled() {
    bot.close();
    assertEquals(0, store.heldReservations(), "reservations left held");
  }

  private GenerationResult parent() {
    GenerateOutcome outcome = bot.generate(new GenerateRequest(ALICE, "lulu", "halloween", List.of(), 4,
        io.rolemarket.imagebot.core.provider.AspectRatio.SQUARE, "midjourney", io.rolemarket.imagebot.core.route.Tier.BALANCED, null, false), event -> {});
    return assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
  }

  @Test
  void generate_actionableProvider_resultCarriesRemoteJobAndOffersActions() {
    GenerationResult parent = parent();

    assertEquals("job-1", parent.remoteJobId());
    assertEquals(List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "REROLL"), bot.actions(parent));
  }

  @Test
  void act_cacheHit_stillOffersTheParentsActions() {
    GenerationResult first = parent();
    GenerationResult again = parent();

    assertTrue(again.fromCache());
    assertEquals(first.remoteJobId(), again.remoteJobId());
    assertEquals(9, bot.actions(again).size());
  }

  @Test
  void act_diskTierHitAfterARestart_stillOffersTheParentsActions() {
    GenerationResult first = parent();
    bot.close();
    bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney).quotaPolicy(QuotaPolicy.withDailyLimit(10)).build();

    GenerationResult again = parent();

    assertTrue(again.fromCache());
    assertEquals(1, midjourney.generations());
    assertEquals(first.remoteJobId(), again.remoteJobId());
    assertEquals(9, bot.actions(again).size());
  }

  @Test
  void act_u2_chargedOneImageAndJournaledAsItsOwnJobLinkedToItsParent() {
    GenerationResult parent = parent();
    int usedBefore = bot.quota(ALICE).used().today();
    List<ProgressEvent> events = new ArrayList<>();

    GenerateOutcome outcome = bot.act(ALICE, "midjourney", parent.remoteJobId(), "U2", "lulu", "halloween",
        events::add);

    GenerationResult upscaled = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
    assertEquals(1, upscaled.images().size());
    assertEquals(new BigDecimal("0.02"), upscaled.costUsd());
    assertEquals(List.of(), bot.actions(upscaled), "an upscale offers no more U/V");
    assertEquals(usedBefore + 1, bot.quota(ALICE).used().today());
    assertEquals(List.of("job-1/U2"), midjourney.acted());
    InMemoryStore.Job job = store.jobs().getLast();
    assertEquals("succeeded", job.state());
    assertEquals(1, job.images());
    assertEquals("action:midjourney/job-1/U2", job.cacheKey());
    assertEquals("job-2", store.remoteJobId(job.id()));
    assertEquals(1, store.ticket(job.id()).images());
    assertTrue(events.contains(new ProgressEvent.Submitted("midjourney", "job-2")), events.toString());
    assertEquals(upscaled.historyId(), bot.history(ALICE, 1).get(0).id());
  }

  @Test
  void act_pastTheMonthsBudget_refusedBeforeTheProviderIsAsked_andNothingHeld() {
    bot.close();
    bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney)
        .quotaPolicy(QuotaPolicy.withDailyLimit(10)).monthlyBudget(new BigDecimal("0.09")).build();
    GenerationResult parent = parent();
    int usedBefore = bot.quota(ALICE).used().today();

    GenerateOutcome outcome = bot.act(ALICE, "midjourney", parent.remoteJobId(), "U2", "lulu", "halloween",
        event -> { });

    GenerateOutcome.Refused refused = assertInstanceOf(GenerateOutcome.Refused.class, outcome, Outcomes.text(outcome));
    assertInstanceOf(io.rolemarket.imagebot.core.generate.Refusal.BudgetUsedUp.class, refused.reason());
    assertEquals(List.of(), midjourney.acted(), "$0.08 spent of $0.09: a $0.02 upscale is not started");
    assertEquals(usedBefore, bot.quota(ALICE).used().today(), "the quota held for it is given back");
    assertEquals(0, BigDecimal.ZERO.compareTo(store.held()));
  }

  @Test
  void act_v1_givesFourImagesChargedFourThatOfferActionsAgain() {
    GenerationResult parent = parent();
    int usedBefore = bot.quota(ALICE).used().today();

    GenerateOutcome outcome = bot.act(ALICE, "midjourney", parent.remoteJobId(), "v1", "lulu", "halloween",
        event -> {});

    GenerationResult varied = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
    assertEquals(4, varied.images().size());
    assertEquals(usedBefore + 4, bot.quota(ALICE).used().today());
    assertEquals("job-2", varied.remoteJobId());
    assertEquals(9, bot.actions(varied).size());
  }

  @Test
  void resend_midjourneyGrid_offersItsActionsAgain() {
    GenerationResult parent = parent();

    GenerationResult resent = bot.resend(ALICE, parent.historyId()).orElseThrow();

    assertEquals("midjourney", resent.providerId());
    assertEquals("job-1", resent.remoteJobId());
    assertEquals(List.of("U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "REROLL"), bot.actions(resent));
  }

  @Test
  void act_u2OnAResentGrid_chargedOneImageAsItsOwnJobOnTheGridsRemoteJob() {
    GenerationResult parent = parent();
    GenerationResult resent = bot.resend(ALICE, parent.historyId()).orElseThrow();
    int usedBefore = bot.quota(ALICE).used().today();
    int jobsBefore = store.jobs().size();

    GenerateOutcome outcome = bot.act(ALICE, resent.providerId(), resent.remoteJobId(), "U2", "lulu", "halloween",
        event -> {});

    GenerationResult upscaled = assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome)).result();
    assertEquals(1, upscaled.images().size());
    assertEquals(new BigDecimal("0.02"), upscaled.costUsd());
    assertEquals(List.of("job-1/U2"), midjourney.acted());
    assertEquals(usedBefore + 1, bot.quota(ALICE).used().today());
    assertEquals(jobsBefore + 1, store.jobs().size(), "the upscale is a job of its own");
    InMemoryStore.Job job = store.jobs().getLast();
    assertEquals("succeeded", job.state());
    assertEquals("action:midjourney/job-1/U2", job.cacheKey());
    assertEquals("job-2", store.remoteJobId(job.id()));
    assertEquals(upscaled.historyId(), bot.history(ALICE, 1).get(0).id());
  }

  @Test
  void resend_upscale_offersNoActions() {
    GenerationResult parent = parent();
    GenerationResult upscaled = assertInstanceOf(GenerateOutcome.Generated.class,
        bot.act(ALICE, "midjourney", parent.remoteJobId(), "U3", "lulu", "halloween", event -> {})).result();

    GenerationResult resent = bot.resend(ALICE, upscaled.historyId()).orElseThrow();

    assertEquals(1, resent.images().size());
    assertEquals("", resent.remoteJobId());
    assertEquals(List.of(), bot.actions(resent), "an upscale offers no more U/V, sent again or not");
  }

  @Test
  void resend_variation_actsOnTheVariationsOwnJob() {
    GenerationResult parent = parent();
    GenerationResult varied = assertInstanceOf(GenerateOutcome.Generated.class,
        bot.act(ALICE, "midjourney", parent.remoteJobId(), "V2", "lulu", "halloween", event -> {})).result();

    GenerationResult resent = bot.resend(ALICE, varied.historyId()).orElseThrow();
    GenerateOutcome outcome = bot.act(ALICE, resent.providerId(), resent.remoteJobId(), "U1", "lulu", "halloween",
        event -> {});

    assertEquals("job-2", resent.remoteJobId());
    assertEquals(9, bot.actions(resent).size());
    assertInstanceOf(GenerateOutcome.Generated.class, outcome, Outcomes.text(outcome));
    assertEquals(List.of("job-1/V2", "job-2/U1"), midjourney.acted());
  }

  @Test
  void resend_cacheHitOfAGrid_offersTheParentsActions() {
    GenerationResult first = parent();
    GenerationResult hit = parent();

    GenerationResult resent = bot.resend(ALICE, hit.historyId()).orElseThrow();

    assertTrue(hit.fromCache());
    assertEquals(first.remoteJobId(), resent.remoteJobId());
    assertEquals(9, bot.actions(resent).size());
  }

  @Test
  void act_providerFails_refundedAndJobClosedFailed() {
    GenerationResult parent = parent();
    int usedBefore = bot.quota(ALICE).used().today();
    midjourney.thenFailActions(new ProviderFailure.Transient("Midjourney job failed", null));

    GenerateOutcome outcome = bot.act(ALICE, "midjourney", parent.remoteJobId(), "U3", "lulu", "halloween",
        event -> {});

    assertInstanceOf(GenerateOutcome.Failed.class, outcome);
    assertTrue(Outcomes.text(outcome).contains("Nothing was charged"), Outcomes.text(outcome));
    assertEquals(usedBefore, bot.quota(ALICE).used().today());
    assertEquals("failed", store.jobs().getLast().state());
  }

  @Test
  void act_deliveredAndFailed_eachJournaledWithItsOutcome() {
    GenerationResult parent = parent();
    bot.act(ALICE, "midjourney", parent.remoteJobId(), "U2", "lulu", "halloween", event -> {});
    midjourney.thenFailActions(new ProviderFailure.RateLimited("429", java.time.Duration.ofSeconds(5)));
    bot.act(ALICE, "midjourney", parent.remoteJobId(), "U3", "lulu", "halloween", event -> {});

    var stats = store.stats(java.time.Instant.parse("2026-11-24T00:00:00Z"),
        java.time.Instant.parse("2026-11-25T00:00:00Z"));

    assertEquals(3, stats.jobs(), "the grid, the upscale and the failed upscale");
    assertEquals(2, stats.succeeded());
    assertEquals(1, stats.rateLimitHits());
    assertEquals(3, stats.providers().getFirst().calls());
    assertEquals(2, stats.providers().getFirst().answered());
  }

  @Test
  void act_unknownActionOrProvider_refusedWithoutCharge() {
    GenerationResult parent = parent();

    assertInstanceOf(GenerateOutcome.Refused.class,
        bot.act(ALICE, "midjourney", parent.remoteJobId(), "U9", "lulu", "halloween", event -> {}));
    assertInstanceOf(GenerateOutcome.Refused.class,
        bot.act(ALICE, "flux", parent.remoteJobId(), "U1", "lulu", "halloween", event -> {}));
    assertEquals(List.of(), midjourney.acted());
  }
}
