package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.provider.ResumableProvider;
import io.rolemarket.imagebot.core.quota.QuotaLimits;
import io.rolemarket.imagebot.core.quota.Reservation;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobTicket;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedActionableProvider;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class JobResumerTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");
  private final InMemoryStore store = new InMemoryStore();

  /** A job-based provider double: {@code resume} answers from a script; {@code generate} must not be called. */
  private static final class ScriptedResumable implements ResumableProvider {
    private final ScriptedProvider inner = ScriptedProvider.named("replicate", "0.003");
    private final List<String> resumed = Collections.synchronizedList(new ArrayList<>());
    private final ProviderResult answer;

    ScriptedResumable(ProviderResult answer) {
      this.answer = answer;
    }

    @Override
    public ProviderInfo info() {
      return inner.info();
    }

    @Override
    public ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException {
      return inner.generate(request, progress);
    }

    @Override
    public ProviderResult resume(String remoteJobId, ProviderRequest request, ProviderProgress progress) {
      resumed.add(remoteJobId);
      return answer;
    }
  }

  /** A job as the last run left it: reserved, journaled, submitted to Replicate, then the process died. */
  private long leftOpenJob() {
    Reservation.Held held = (Reservation.Held) store.reserve(ALICE.key(), 1, new QuotaLimits(10, 100), TestClocks.NOW);
    long jobId = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", "cachekey1", "Lulu at Halloween", "replicate",
        held.id(), 1, TestClocks.NOW));
    store.attachRemoteJob(jobId, "replicate", "r-123");
    return jobId;
  }

  @Test
  void resumeOpenJobs_finishedRemotely_chargedOnceAndInHistoryWithoutASecondSubmit() {
    leftOpenJob();
    ScriptedResumable replicate = new ScriptedResumable(new ProviderResult.Images(List.of(ScriptedProvider.image(5))));
    try (ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(replicate).build()) {
      bot.resumeOpenJobs().forEach(CompletableFuture::join);

      assertEquals(List.of("r-123"), replicate.resumed);
      assertEquals(0, replicate.inner.calls(), "nothing was submitted again");
      assertEquals(1, bot.quota(ALICE).used().today(), "charged once");
      assertEquals("lulu", bot.history(ALICE, 5).get(0).character());
      assertEquals(1, bot.history(ALICE, 5).get(0).images().size());
      assertTrue(store.openRemoteJobs().isEmpty());
      assertEquals(0, store.heldReservations());
    }
  }

  @Test
  void resumeOpenJobs_failedRemotely_refundedAndClosed() {
    leftOpenJob();
    ScriptedResumable replicate = new ScriptedResumable(new ProviderFailure.Transient("job expired", null));
    try (ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(replicate).build()) {
      bot.resumeOpenJobs().forEach(CompletableFuture::join);

      assertEquals(0, bot.quota(ALICE).used().today());
      assertTrue(bot.history(ALICE, 5).isEmpty());
      assertTrue(store.openRemoteJobs().isEmpty());
    }
  }

  /** A Midjourney job the last run left open: reserved, journaled under {@code cacheKey}, then submitted. */
  private void leftOpenMidjourneyJob(String cacheKey, int images, String remoteJobId) {
    leftOpenMidjourneyJob(cacheKey, images, remoteJobId, "", null);
  }

  /** {@link #leftOpenMidjourneyJob(String, int, String)} for {@code action} on {@code parent} (or none). */
  private void leftOpenMidjourneyJob(String cacheKey, int images, String remoteJobId, String parent,
      @Nullable ProviderAction action) {
    Reservation.Held held =
        (Reservation.Held) store.reserve(ALICE.key(), images, new QuotaLimits(10, 100), TestClocks.NOW);
    long jobId = store.open(new JobTicket(ALICE.key(), "lulu", "halloween", cacheKey, "Lulu at Halloween",
        "midjourney", held.id(), images, TestClocks.NOW, parent, action));
    store.attachRemoteJob(jobId, "midjourney", remoteJobId);
  }

  @Test
  void resumeOpenJobs_midjourneyGrid_historyKeepsTheJobSoAResendOffersItsActions() {
    leftOpenMidjourneyJob("cachekey2", 4, "mj-9");
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    try (ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney).build()) {
      bot.resumeOpenJobs().forEach(CompletableFuture::join);

      HistoryEntry entry = bot.history(ALICE, 1).get(0);
      assertEquals(List.of("mj-9"), midjourney.resumed());
      assertEquals("mj-9", entry.remoteJobId());
      GenerationResult resent = bot.resend(ALICE, entry.id()).orElseThrow();
      assertEquals("mj-9", resent.remoteJobId());
      assertEquals(9, bot.actions(resent).size());
    }
  }

  @Test
  void resumeOpenJobs_midjourneyUpscale_resendOffersNoActions() {
    ProviderAction u2 = ProviderAction.upscale(2);
    leftOpenMidjourneyJob(ProviderActions.jobKey("midjourney", "mj-9", u2), 1, "mj-10", "mj-9", u2);
    ScriptedActionableProvider midjourney = ScriptedActionableProvider.named("midjourney", "0.02");
    try (ImageBot bot = ImageBot.builder().clock(TestClocks.FIXED).store(store).provider(midjourney).build()) {
      bot.resumeOpenJobs().forEach(CompletableFuture::join);

      HistoryEntry entry = bot.history(ALICE, 1).get(0);
      assertEquals(List.of("mj-10"), midjourney.resumed());
      assertEquals(1, entry.images().size());
      assertEquals("", entry.remoteJobId());
      assertEquals(List.of(), bot.actions(bot.resend(ALICE, entry.id()).orElseThrow()));
    }
  }
}
