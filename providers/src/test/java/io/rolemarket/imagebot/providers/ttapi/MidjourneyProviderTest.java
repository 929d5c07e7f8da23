package io.rolemarket.imagebot.providers.ttapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderAction;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.providers.http.Endpoint;
import io.rolemarket.imagebot.providers.http.JobWait;
import io.rolemarket.imagebot.providers.testing.FakeProviderServer;
import io.rolemarket.imagebot.providers.testing.FakeScenario;
import io.rolemarket.imagebot.providers.testing.LoopbackHooks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Midjourney through TTAPI beyond the contract: progress, the grid and its split, moderation, deadline. */
class MidjourneyProviderTest {
  private static final OkHttpClient HTTP = new OkHttpClient();
  private static final ProviderRequest REQUEST =
      new ProviderRequest("Lulu Pig as a pirate", "text, watermark", 4, AspectRatio.LANDSCAPE, 5L, null);

  private static final String LULU_SHEET = "https://cdn.example.org/refs/lulu.png";

  private final FakeTtapiServer fake = new FakeTtapiServer();
  private final List<Integer> percents = new CopyOnWriteArrayList<>();
  private final List<String> submitted = new CopyOnWriteArrayList<>();
  private final ProviderProgress progress = new ProviderProgress() {
    @Override
    public void report(int percent, String note) {
      percents.add(percent);
    }

    @Override
    public void submitted(String remoteJobId) {
      submitted.add(remoteJobId);
    }
  };

  @AfterEach
  void fakeSawOnlyCorrectCalls() {
    try {
      assertEquals(List.of(), fake.problems());
    } finally {
      fake.close();
    }
  }

  private MidjourneyProvider provider(Duration deadline) {
    return new MidjourneyProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url(), FakeProviderServer.KEY,
        "TTAPI_API_KEY", Duration.ofSeconds(2), 1024 * 1024), "fast",
        new JobWait(deadline, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());
  }

  private MidjourneyProvider provider(Integer referenceWeight) {
    return new MidjourneyProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url(), FakeProviderServer.KEY,
        "TTAPI_API_KEY", Duration.ofSeconds(2), 1024 * 1024), "fast",
        new JobWait(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC(),
        referenceWeight);
  }

  private String sentPrompt(int call) throws Exception {
    return new ObjectMapper().readTree(fake.calls().get(call).getBody().utf8()).path("prompt").asText();
  }

  private ProviderResult generate() throws InterruptedException {
    return provider(Duration.ofSeconds(5)).generate(REQUEST, progress);
  }

  @Test
  void job_queuedThenDrawing_reportsIdAndPercentages() throws Exception {
    fake.then(new FakeTtapiServer.Plays(List.of("PENDING_QUEUE", "ON_QUEUE:35", "ON_QUEUE:80", "SUCCESS")));

    assertInstanceOf(ProviderResult.Images.class, generate());

    assertEquals(List.of("mj-1"), submitted);
    assertEquals(List.of(-1, 35, 80), percents);
  }

  @Test
  void grid_keptAndSplitIntoItsFourQuartersInOrder() throws Exception {
    MidjourneyProvider provider = provider(Duration.ofSeconds(5));

    List<GeneratedImage> images = assertInstanceOf(ProviderResult.Images.class, provider.generate(REQUEST, progress))
        .images();

    assertEquals(4, images.size());
    for (int i = 0; i < 4; i++) {
      BufferedImage quarter = ImageIO.read(new ByteArrayInputStream(images.get(i).bytes()));
      assertEquals(fake.imageWidth(), quarter.getWidth());
      assertEquals(FakeTtapiServer.QUARTERS.get(i).getRGB(), quarter.getRGB(quarter.getWidth() / 2, quarter.getHeight() / 2));
    }
    assertEquals(fake.imageWidth() * 2, provider.grid("mj-1").orElseThrow().width());
  }

  @Test
  void prompt_carriesShapeNegativeAndSeedAsFlags() throws Exception {
    generate();

    String prompt = new ObjectMapper().readTree(fake.calls().get(0).getBody().utf8()).path("prompt").asText();
    assertEquals("Lulu Pig as a pirate --ar 4:3 --no text, watermark --seed 5", prompt);
  }

  @Test
  void prompt_characterReference_endsWithCrefAndTheConfiguredWeight() throws Exception {
    assertInstanceOf(ProviderResult.Images.class,
        provider(60).generate(REQUEST.withReferenceUrl(LULU_SHEET), progress));

    String prompt = sentPrompt(0);
    assertTrue(prompt.endsWith(" --cref " + LULU_SHEET + " --cw 60"), prompt);
    assertEquals("Lulu Pig as a pirate --ar 4:3 --no text, watermark --seed 5 --v 6.1 --cref " + LULU_SHEET
        + " --cw 60", prompt);
  }

  @Test
  void prompt_referenceWithoutAWeight_leavesCwToMidjourney() throws Exception {
    provider(Duration.ofSeconds(5)).generate(REQUEST.withReferenceUrl(LULU_SHEET), progress);

    assertTrue(sentPrompt(0).endsWith(" --v 6.1 --cref " + LULU_SHEET), sentPrompt(0));
  }

  @Test
  void prompt_referenceWithAVersionInThePrompt_keepsThatVersion() throws Exception {
    ProviderRequest niji = new ProviderRequest("Lulu Pig --niji 6", "", 4, AspectRatio.SQUARE, null, null,
        LULU_SHEET);

    provider(0).generate(niji, progress);

    assertEquals("Lulu Pig --niji 6 --ar 1:1 --cref " + LULU_SHEET + " --cw 0", sentPrompt(0));
  }

  @Test
  void prompt_noReference_noCrefAndNoVersionPinned() throws Exception {
    provider(60).generate(REQUEST, progress);

    assertEquals("Lulu Pig as a pirate --ar 4:3 --no text, watermark --seed 5", sentPrompt(0));
  }

  @Test
  void invalidReferenceLink_permanentNamingTheReferenceUrl() throws Exception {
    fake.then(new FakeTtapiServer.Failed("[Invalid link!] Could not fetch " + LULU_SHEET),
        new FakeTtapiServer.Refused(400, "[Invalid link!]"));

    for (int i = 0; i < 2; i++) {
      ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class,
          provider(60).generate(REQUEST.withReferenceUrl(LULU_SHEET), progress));
      assertEquals("the character's reference_url", failure.setting());
      assertTrue(failure.message().contains("reference image (--cref link)"), failure.message());
    }
  }

  @Test
  void referenceDenied_permanentForThisRequestNamingTheReferenceUrl() throws Exception {
    fake.then(new FakeTtapiServer.Failed("[Image denied] reference image"));

    ProviderFailure.Permanent failure = assertInstanceOf(ProviderFailure.Permanent.class,
        provider(60).generate(REQUEST.withReferenceUrl(LULU_SHEET), progress));
    assertEquals("the character's reference_url", failure.setting());
    assertTrue(failure.requestOnly(), "one character's picture does not close Midjourney for everyone");
  }

  @Test
  void referenceWeightOutside0To100_refusedNamingTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider(101));
    assertEquals("TTAPI_CREF_WEIGHT must be 0..100, was 101", e.getMessage());
  }

  @Test
  void snakeCaseJobId_accepted() throws Exception {
    fake.then(new FakeTtapiServer.SnakeCaseId());

    assertInstanceOf(ProviderResult.Images.class, generate());
    assertEquals(List.of("mj-1"), submitted);
  }

  @Test
  void bannedPrompt_contentRejectedAtOnce() throws Exception {
    fake.then(new FakeTtapiServer.Plays(List.of("ON_QUEUE:10", "FAILED:[Banned prompt detected] pirate gore")));

    ProviderFailure.ContentRejected failure =
        assertInstanceOf(ProviderFailure.ContentRejected.class, generate());
    assertTrue(failure.message().contains("Banned prompt"), failure.message());
    assertEquals(2, fake.fetches().size());
  }

  @Test
  void bannedPromptOnSubmit_contentRejected() throws Exception {
    fake.then(new FakeTtapiServer.Refused(400, "[Banned prompt detected] gore"));

    assertInstanceOf(ProviderFailure.ContentRejected.class, generate());
  }

  @Test
  void invalidFlag_permanent_jobTimeout_transient() throws Exception {
    fake.then(new FakeTtapiServer.Failed("[Invalid parameter] --cref needs --v 6"),
        new FakeTtapiServer.Failed("Job Timeout"));

    assertInstanceOf(ProviderFailure.Permanent.class, generate());
    assertInstanceOf(ProviderFailure.Transient.class, generate());
  }

  @Test
  void noFreeQueueSlot_transient() throws Exception {
    fake.then(new FakeTtapiServer.Refused(499, "no available queue"));

    assertInstanceOf(ProviderFailure.Transient.class, generate());
  }

  @Test
  void stuckPastTheDeadline_transientAndPollingStops() throws Exception {
    fake.then(new FakeTtapiServer.Plays(List.of("ON_QUEUE:50")));

    ProviderResult result = provider(Duration.ofMillis(300)).generate(REQUEST, progress);

    assertInstanceOf(ProviderFailure.Transient.class, result);
    int fetched = fake.fetches().size();
    Thread.sleep(150);
    assertEquals(fetched, fake.fetches().size());
  }

  @Test
  void serverErrorsAndRateLimitWhileFetching_keepPolling() throws Exception {
    fake.then(new FakeTtapiServer.FetchErrors(500, 2), new FakeTtapiServer.FetchErrors(429, 1));

    assertInstanceOf(ProviderResult.Images.class, generate());
    assertInstanceOf(ProviderResult.Images.class, generate());
  }

  @Test
  void successWithoutAGrid_transient() throws Exception {
    fake.then(new FakeTtapiServer.NoImages());

    assertInstanceOf(ProviderFailure.Transient.class, generate());
  }


  /** Journals the id, then dies as a crashed process would. */
  private ProviderProgress crashAfterSubmit() {
    return new ProviderProgress() {
      @Override
      public void report(int percent, String note) {}

      @Override
      public void submitted(String remoteJobId) {
        submitted.add(remoteJobId);
        throw new IllegalStateException("crashed after journaling " + remoteJobId);
      }
    };
  }

  @Test
  void resume_afterACrash_attachesToTheOpenJobWithoutResubmitting() throws Exception {
    fake.then(new FakeTtapiServer.Plays(List.of("ON_QUEUE:40", "SUCCESS")));
    MidjourneyProvider provider = provider(Duration.ofSeconds(5));
    assertThrows(IllegalStateException.class, () -> provider.generate(REQUEST, crashAfterSubmit()));

    ProviderResult result = provider.resume(submitted.get(0), REQUEST, progress);

    assertEquals(4, assertInstanceOf(ProviderResult.Images.class, result).images().size());
    assertEquals(1, fake.calls().size());
  }

  @Test
  void resume_unknownJob_failureNotException() throws Exception {
    assertInstanceOf(ProviderFailure.class, provider(Duration.ofSeconds(5)).resume("mj-404", REQUEST, progress));
  }

  @Test
  void upscaleU2_newJobLinkedToItsParent_onePicture() throws Exception {
    MidjourneyProvider provider = provider(Duration.ofSeconds(5));
    provider.generate(REQUEST, progress);

    ProviderResult result = provider.act("mj-1", MidjourneyAction.U2, progress);

    List<GeneratedImage> images = assertInstanceOf(ProviderResult.Images.class, result).images();
    assertEquals(1, images.size());
    assertEquals(fake.imageWidth() * 2, images.get(0).width());
    assertEquals(List.of("mj-1:upsample2"), fake.actions());
    assertEquals(List.of("mj-1", "mj-2"), submitted);
    assertTrue(percents.contains(50), percents::toString);
  }

  @Test
  void variationAndReroll_newGridSplitIntoFour() throws Exception {
    MidjourneyProvider provider = provider(Duration.ofSeconds(5));
    provider.generate(REQUEST, progress);

    assertEquals(4, assertInstanceOf(ProviderResult.Images.class, provider.act("mj-1", MidjourneyAction.V3, progress))
        .images().size());
    assertEquals(4, assertInstanceOf(ProviderResult.Images.class,
        provider.act("mj-1", MidjourneyAction.REROLL, progress)).images().size());
  }

  @Test
  void actionOnAnUnknownJob_permanent() throws Exception {
    assertInstanceOf(ProviderFailure.Permanent.class, provider(Duration.ofSeconds(5))
        .act("mj-404", MidjourneyAction.U1, progress));
  }

  @Test
  void actionNames_buttonOrWire() {
    assertEquals(MidjourneyAction.U2, MidjourneyAction.parse("u2").orElseThrow());
    assertEquals(MidjourneyAction.V4, MidjourneyAction.parse("variation4").orElseThrow());
    assertEquals(MidjourneyAction.REROLL, MidjourneyAction.parse("Reroll").orElseThrow());
    assertTrue(MidjourneyAction.parse("zoom").isEmpty());
    assertTrue(MidjourneyAction.U3.single() && !MidjourneyAction.V3.single());
  }

  @Test
  void actionTyped_everyButtonIsTheCoresActionOfTheSameLabelAndBack() {
    for (MidjourneyAction action : MidjourneyAction.values()) {
      assertEquals(action.name(), action.typed().label());
      assertEquals(action, MidjourneyAction.of(action.typed()));
      assertEquals(action.single(), action.typed().single());
    }
    assertEquals(ProviderAction.upscale(2), MidjourneyAction.U2.typed());
    assertEquals(ProviderAction.reroll(), MidjourneyAction.REROLL.typed());
  }

  @Test
  void percent_stringNumberOrJunk() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    assertEquals(35, MidjourneyProvider.percent(nodes.textNode("35")));
    assertEquals(80, MidjourneyProvider.percent(nodes.numberNode(80)));
    assertEquals(100, MidjourneyProvider.percent(nodes.textNode("100%")));
    assertEquals(-1, MidjourneyProvider.percent(nodes.textNode("soon")));
  }

  @Test
  void unknownMode_refused() {
    assertThrows(IllegalArgumentException.class, () -> new MidjourneyProvider(HTTP, new ObjectMapper(),
        Endpoint.of("http://127.0.0.1:1", "k", "TTAPI_API_KEY", Duration.ofSeconds(1)), "slow",
        JobWait.of(Duration.ofMinutes(5)), Clock.systemUTC()));
  }

  private MidjourneyProvider hooked(LoopbackHooks receiver, JobWait wait) {
    return new MidjourneyProvider(HTTP, new ObjectMapper(), new Endpoint(fake.url(), FakeProviderServer.KEY,
        "TTAPI_API_KEY", Duration.ofSeconds(2), 1024 * 1024), "fast", wait, Clock.systemUTC(), null,
        receiver.hooks());
  }

  @Test
  @Timeout(30)
  void webhook_endsTheWaitWithoutASingleFetch() throws Exception {
    try (LoopbackHooks receiver = LoopbackHooks.start()) {
      fake.then(new FakeScenario.Hooked(true));
      MidjourneyProvider provider = hooked(receiver, new JobWait(Duration.ofMinutes(10), Duration.ofMinutes(5),
          Duration.ofMinutes(5)));

      ProviderResult result = provider.generate(REQUEST, progress);

      assertEquals(4, assertInstanceOf(ProviderResult.Images.class, result).images().size());
      assertEquals(List.of(), fake.fetches(), "the webhook, not a fetch, ended the wait");
      assertEquals(List.of(200), fake.hookAnswers(1));
      String hookUrl = new ObjectMapper().readTree(fake.calls().get(0).getBody().utf8()).path("hookUrl").asText();
      assertTrue(hookUrl.matches("http://127\\.0\\.0\\.1:\\d+/hooks/ttapi/[A-Za-z0-9_-]{43}"), hookUrl);
      assertEquals(0, receiver.hooks().openCount(), "the job's callback is closed once it ended");
    }
  }

  @Test
  @Timeout(30)
  void forgedWebhook_refusedEveryTime_andThePollStillFinishesTheJob() throws Exception {
    try (LoopbackHooks receiver = LoopbackHooks.start()) {
      fake.then(new FakeScenario.Hooked(false));
      MidjourneyProvider provider = hooked(receiver, new JobWait(Duration.ofSeconds(20), Duration.ofMillis(10),
          Duration.ofMillis(50)));

      assertEquals(4, assertInstanceOf(ProviderResult.Images.class, provider.generate(REQUEST, progress))
          .images().size());

      assertEquals(3, fake.fetches().size());
      assertEquals(List.of(404, 404, 404, 404), fake.hookAnswers(4), "the first call and TTAPI's three retries");
    }
  }

  @Test
  void finishedJob_reportsWhatTtapiCharged_fromItsQuota() throws Exception {
    ProviderResult.Images grid = assertInstanceOf(ProviderResult.Images.class, generate());

    assertEquals(0, new java.math.BigDecimal("0.02").compareTo(grid.reportedCostUsd()), grid.reportedCostUsd()
        + " for quota " + FakeTtapiServer.JOB_QUOTA);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    assertEquals(new java.math.BigDecimal("0.015"), MidjourneyProvider.charged(nodes.textNode("1.5")));
    assertEquals(new java.math.BigDecimal("0.03"), MidjourneyProvider.charged(nodes.numberNode(3)));
    assertEquals(null, MidjourneyProvider.charged(nodes.textNode("")));
    assertEquals(null, MidjourneyProvider.charged(nodes.textNode("-1")));
    assertEquals(null, MidjourneyProvider.charged(nodes.missingNode()));
  }
}
