package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.testing.TestClocks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.HandOff;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.review.Ruling;
import io.rolemarket.imagebot.core.review.SubmitOutcome;
import io.rolemarket.imagebot.core.review.VoteOutcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Action;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review use cases of {@link ImageBot} on real SQLite, with the folder hand-off in a temp dir. */
class ReviewDeskSqliteTest {
  private static final UserRef ALICE = UserRef.of("test", "alice", "Alice");
  private static final UserRef ANN = UserRef.of("test", "ann", "Ann");
  private static final UserRef BOB = UserRef.of("test", "bob", "Bob");
  private static final UserRef CAT = UserRef.of("test", "cat", "Cat");
  private static final UserRef LEAD = UserRef.of("test", "lead", "Lead");
  private static final UserRef EVE = UserRef.of("test", "eve", "Eve");

  @TempDir Path dir;
  private SqliteStore store;
  private ImageBot bot;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("bot.db"), TestClocks.FIXED);
    bot = bot(ReviewRules.of(Set.of("test:ann", "test:bob", "test:cat"), Set.of("test:lead")));
  }

  @AfterEach
  void close() {
    bot.close();
    store.close();
  }

  private ImageBot bot(ReviewRules rules) {
    return ImageBot.builder().clock(TestClocks.FIXED).provider(ScriptedProvider.named("flux", "0.0012")).store(store).reviewRules(rules)
        .handOff(HandOff.toFolder(dir.resolve("approved"))).build();
  }

  private GenerationResult generate(String character, String theme) {
    GenerateOutcome outcome = bot.generate(GenerateRequest.of(ALICE, character, theme), event -> { });
    return assertInstanceOf(GenerateOutcome.Generated.class, outcome).result();
  }

  private Design submit(GenerationResult result) {
    return assertInstanceOf(SubmitOutcome.Submitted.class, bot.submitForReview(ALICE, result.historyId())).design();
  }

  private Ruling vote(UserRef voter, Design design, Verdict verdict, String note) {
    return assertInstanceOf(VoteOutcome.Voted.class, bot.voteOnReview(voter, design.id(), verdict, note)).ruling();
  }

  @Test
  void threeVotes_approve_writeTheFileAndSidecar_andTheJournalSurvivesARestart() throws Exception {
    GenerationResult result = generate("lulu", "halloween");
    Design design = submit(result);
    assertEquals(List.of(design.id()), bot.pendingReviews(10).stream().map(Design::id).toList());

    assertInstanceOf(Ruling.Counted.class, vote(ANN, design, Verdict.APPROVE, ""));
    assertInstanceOf(Ruling.Counted.class, vote(BOB, design, Verdict.REJECT, "too dark"));
    Ruling.Decides decides = assertInstanceOf(Ruling.Decides.class, vote(CAT, design, Verdict.APPROVE, "lovely"));
    assertEquals(Outcome.APPROVED, decides.outcome());

    Path folder = dir.resolve("approved/lulu/halloween");
    Path picture = folder.resolve(design.id() + "." + result.images().get(0).format().extension());
    assertArrayEquals(result.images().get(0).bytes(), Files.readAllBytes(picture));
    JsonNode sidecar = new ObjectMapper().readTree(folder.resolve(design.id() + ".json").toFile());
    assertEquals(result.prompt(), sidecar.path("prompt").asText());
    assertEquals("flux", sidecar.path("provider").asText());
    assertEquals(result.model(), sidecar.path("model").asText());
    assertTrue(sidecar.has("seed"));
    assertEquals("0.0012", sidecar.path("cost_usd").decimalValue().toPlainString());
    assertTrue(sidecar.path("clip_similarity").isNull(), "no embedder: not scored");
    assertEquals(List.of("test:ann", "test:bob", "test:cat"), texts(sidecar.path("reviewers")));
    assertEquals("too dark", sidecar.path("votes").get(1).path("note").asText());
    assertFalse(sidecar.path("decided_at").asText().isEmpty());
    assertEquals(List.of(), bot.pendingReviews(10));

    bot.close();
    store.close();
    store = SqliteStore.open(dir.resolve("bot.db"), TestClocks.FIXED);
    bot = bot(ReviewRules.of(Set.of("test:ann", "test:bob", "test:cat"), Set.of("test:lead")));
    assertEquals(List.of(Action.SUBMITTED, Action.VOTED, Action.VOTED, Action.VOTED, Action.DECIDED),
        store.audit(design.id()).stream().map(entry -> entry.action()).toList());
    assertEquals(List.of(design.id()), bot.approvedDesigns("lulu", null, 10).stream().map(Design::id).toList());
    assertInstanceOf(Ruling.TooLate.class, vote(BOB, design, Verdict.REJECT, ""));
  }

  @Test
  void leadRejects_rejected_nothingReachesTheApprovedFolder() throws Exception {
    Design design = submit(generate("lulu", "christmas"));
    vote(ANN, design, Verdict.APPROVE, "");
    Ruling.Decides decides = assertInstanceOf(Ruling.Decides.class, vote(LEAD, design, Verdict.REJECT, "off-brand"));
    assertEquals(Outcome.REJECTED, decides.outcome());
    assertInstanceOf(Ruling.TooLate.class, vote(BOB, design, Verdict.APPROVE, ""));
    assertFalse(Files.exists(dir.resolve("approved")) && filesUnder(dir.resolve("approved")) > 0);
    assertEquals(List.of(), bot.approvedDesigns(null, null, 10));
  }

  @Test
  void nonReviewerAndRepeatedVotes_changeNothing() {
    Design design = submit(generate("lulu", "halloween"));
    assertInstanceOf(Ruling.NotAReviewer.class, vote(EVE, design, Verdict.APPROVE, ""));
    vote(ANN, design, Verdict.APPROVE, "");
    assertInstanceOf(Ruling.Unchanged.class, vote(ANN, design, Verdict.APPROVE, ""));
    assertEquals(1, bot.design(design.id()).orElseThrow().tally().approvals());
    assertEquals(2, store.audit(design.id()).size(), "a submission and one vote");
  }

  @Test
  void changeRequest_sendsBackWithTheNote() {
    Design design = submit(generate("lulu", "halloween"));
    vote(CAT, design, Verdict.CHANGES, "  make the hat orange ");
    Design after = bot.design(design.id()).orElseThrow();
    assertEquals(Outcome.CHANGES_REQUESTED, after.decision().outcome());
    assertEquals(List.of("test:cat: make the hat orange"), after.tally().notes());
  }

  @Test
  void submit_unknownOthersTwiceOrNotSetUp_isSaid() {
    GenerationResult result = generate("lulu", "halloween");
    assertInstanceOf(SubmitOutcome.NotFound.class, bot.submitForReview(ALICE, 999));
    assertInstanceOf(SubmitOutcome.NotFound.class, bot.submitForReview(BOB, result.historyId()));
    Design design = submit(result);
    SubmitOutcome again = bot.submitForReview(ALICE, result.historyId());
    assertEquals(design.id(), assertInstanceOf(SubmitOutcome.AlreadyInReview.class, again).design().id());
    try (ImageBot unset = bot(ReviewRules.none())) {
      assertInstanceOf(SubmitOutcome.NotSetUp.class, unset.submitForReview(ALICE, result.historyId()));
    }
    assertInstanceOf(VoteOutcome.NoSuchDesign.class, bot.voteOnReview(ANN, 4242, Verdict.APPROVE, ""));
  }

  @Test
  void approved_filtersByCharacterAndTheme_andPostRefsPersist() {
    Design halloween = submit(generate("lulu", "halloween"));
    Design christmas = submit(generate("lulu", "christmas"));
    for (Design design : List.of(halloween, christmas)) {
      vote(ANN, design, Verdict.APPROVE, "");
      vote(BOB, design, Verdict.APPROVE, "");
    }
    assertEquals(List.of(christmas.id(), halloween.id()),
        bot.approvedDesigns(null, null, 10).stream().map(Design::id).toList());
    assertEquals(List.of(christmas.id()),
        bot.approvedDesigns("LULU", "christmas", 10).stream().map(Design::id).toList());
    bot.rememberReviewPost(halloween.id(), "telegram", "-100:55");
    bot.rememberReviewPost(halloween.id(), "telegram", "-100:56");
    assertEquals("-100:56", bot.reviewPost(halloween.id(), "telegram").orElseThrow());
    assertTrue(bot.reviewPost(christmas.id(), "telegram").isEmpty());
    assertNotNull(halloween.entry());
  }

  @Test
  void manyReviewersAtOnce_oneDecision_oneHandOff() throws Exception {
    List<String> reviewers = Stream.iterate(1, i -> i <= 12, i -> i + 1).map(i -> "test:r" + i).toList();
    bot.close();
    bot = bot(ReviewRules.of(Set.copyOf(reviewers), Set.of()));
    Design design = submit(generate("lulu", "halloween"));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Ruling>> rulings = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String reviewer : reviewers) {
        rulings.add(threads.submit(() -> {
          go.await();
          return vote(new UserRef(reviewer, reviewer), design, Verdict.APPROVE, "");
        }));
      }
      go.countDown();
    }
    long decides = 0;
    for (Future<Ruling> ruling : rulings) {
      decides += ruling.get() instanceof Ruling.Decides ? 1 : 0;
    }
    assertEquals(1, decides, "exactly one vote decides");
    assertEquals(11, rulings.stream().filter(r -> r.resultNow() instanceof Ruling.TooLate).count()
        + rulings.stream().filter(r -> r.resultNow() instanceof Ruling.Counted).count());
    assertEquals(2, bot.design(design.id()).orElseThrow().tally().approvals(), "no vote lands after the decision");
    assertEquals(1, store.audit(design.id()).stream().filter(e -> e.action() == Action.DECIDED).count());
    assertEquals(2, filesUnder(dir.resolve("approved")), "one picture and one sidecar");
  }

  private static List<String> texts(JsonNode array) {
    return Stream.iterate(0, i -> i < array.size(), i -> i + 1).map(i -> array.get(i).asText()).toList();
  }

  private static long filesUnder(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
