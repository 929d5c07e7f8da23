package io.rolemarket.imagebot.core.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ProviderHints;
import io.rolemarket.imagebot.core.testing.FakePictureEmbedder;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistencyScorerTest {
  @TempDir Path dir;
  private final InMemoryStore store = new InMemoryStore();
  private final FakePictureEmbedder embedder = new FakePictureEmbedder("fake-clip:1");
  private final ConsistencyScorer scorer = ConsistencyScorer.of(embedder, store);

  @AfterEach
  void stop() {
    embedder.release();
    scorer.close();
  }

  @Test
  void cosine_knownVectors_isTheirCosineEvenWhenNotUnit() {
    assertEquals(0.8, ConsistencyScorer.cosine(new float[] {4, 3, 0}, new float[] {2, 0, 0}), 1e-9);
    assertEquals(-1.0, ConsistencyScorer.cosine(new float[] {1, 0}, new float[] {-1, 0}), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> ConsistencyScorer.cosine(new float[] {1}, new float[] {1, 0}));
  }

  @Test
  void score_severalReferences_takesTheBestMatch() throws Exception {
    CharacterDef lulu = character(reference("red.png", 0xFF0000), reference("green.png", 0x00FF00));
    awaitReady(lulu);

    Score score = scorer.score(lulu, ScriptedProvider.image(0x99CC00).bytes());

    assertEquals(0.8, assertInstanceOf(Score.Measured.class, score).similarity(), 1e-6, "closer to green");
    assertEquals(3, embedder.calls(), "two references and the picture");
  }

  @Test
  void score_unreadableAndMissingReferences_leftOutAndTheRestUsed() throws Exception {
    Path garbage = dir.resolve("notes.png");
    Files.writeString(garbage, "not a picture");
    CharacterDef lulu = character(garbage.toString(), dir.resolve("gone.png").toString(),
        reference("red.png", 0xFF0000));
    awaitReady(lulu);

    Score score = scorer.score(lulu, ScriptedProvider.image(0xCC9900).bytes());

    assertEquals(0.8, assertInstanceOf(Score.Measured.class, score).similarity(), 1e-6);
  }

  @Test
  void score_noReadableReference_isUnscoredForThatReason() throws Exception {
    CharacterDef lulu = character(dir.resolve("gone.png").toString());
    awaitReady(lulu);

    assertEquals(new Score.Unscored(Score.Why.NO_REFERENCES), scorer.score(lulu, ScriptedProvider.image(1).bytes()));
  }

  @Test
  void score_referenceEmbeddingCrashed_notYetThenTriedAgain() throws Exception {
    CharacterDef lulu = character(reference("red.png", 0xFF0000));
    embedder.failing(true);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (embedder.calls() == 0 && System.nanoTime() < deadline) {
      scorer.ready(lulu);
      Thread.sleep(5);
    }
    assertEquals(new Score.NotYet(), scorer.score(lulu, ScriptedProvider.image(0xCC9900).bytes()));

    embedder.failing(false);
    awaitReady(lulu);

    Score score = scorer.score(lulu, ScriptedProvider.image(0xCC9900).bytes());
    assertEquals(0.8, assertInstanceOf(Score.Measured.class, score).similarity(), 1e-6);
  }

  @Test
  void score_pictureNotAPicture_isUnscoredAsFailed() throws Exception {
    CharacterDef lulu = character(reference("red.png", 0xFF0000));
    awaitReady(lulu);

    assertEquals(new Score.Unscored(Score.Why.FAILED), scorer.score(lulu, new byte[] {1, 2, 3}));
  }

  @Test
  void close_whileAPictureWaits_letsItGoUnscoredAtOnce() throws Exception {
    CharacterDef lulu = character(reference("red.png", 0xFF0000));
    awaitReady(lulu);
    embedder.hold();
    byte[] picture = ScriptedProvider.image(0xCC9900).bytes();
    CompletableFuture<Score> scored = CompletableFuture.supplyAsync(() -> scorer.score(lulu, picture),
        Executors.newVirtualThreadPerTaskExecutor());
    Thread.sleep(50);

    scorer.close();

    assertEquals(new Score.Unscored(Score.Why.FAILED), scored.get(5, TimeUnit.SECONDS));
  }

  @Test
  void score_off_isUnscoredAsOff() {
    try (ConsistencyScorer off = ConsistencyScorer.off()) {
      assertEquals(List.of(new Score.Unscored(Score.Why.OFF)),
          off.score(character("red.png"), List.of(ScriptedProvider.image(1).bytes())));
    }
  }

  private String reference(String name, int colour) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, ScriptedProvider.image(colour).bytes());
    return file.toString();
  }

  private static CharacterDef character(String... references) {
    return new CharacterDef("lulu", "Lulu Pig", List.of(), "a round pink pig", ProviderHints.NONE,
        List.of(references), null, 0.75);
  }

  private void awaitReady(CharacterDef character) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!scorer.ready(character)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("references not embedded in 10 s");
      }
      Thread.sleep(5);
    }
  }
}
