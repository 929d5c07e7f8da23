package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.JobStats;
import io.rolemarket.imagebot.core.store.ReferenceEmbeddings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What every store must do for the consistency gate: keep reference embeddings by model and picture
 * ({@link ReferenceEmbeddings}), keep each history entry's similarity, and average the scored paid answers of a
 * period into the team's CLIP figure. Mixed into {@link StoreContract}, so it runs on every store that does.
 */
interface ReferenceEmbeddingsContract {
  /** A model id the embeddings are kept under. */
  String EMBEDDING_MODEL = "clip-vit-b32:abc";
  /** A reference picture's SHA-256. */
  String REFERENCE_SHA256 = "a".repeat(64);

  /** The store under test. */
  BotStore storeUnderTest();

  /** Closes the store and opens it again, skipping the test for a store that forgets everything. */
  void restartStore();

  @Test
  default void embedding_kept_comesBackEqualAndOnlyForItsModel() {
    BotStore store = storeUnderTest();
    store.keepEmbedding(EMBEDDING_MODEL, REFERENCE_SHA256, new float[] {0.6f, -0.8f, 0f});

    assertArrayEquals(new float[] {0.6f, -0.8f, 0f}, store.embedding(EMBEDDING_MODEL, REFERENCE_SHA256).orElseThrow());
    assertTrue(store.embedding("clip-vit-l14:def", REFERENCE_SHA256).isEmpty(),
        "another model's vectors are not these");
    assertTrue(store.embedding(EMBEDDING_MODEL, "b".repeat(64)).isEmpty());
  }

  @Test
  default void keepEmbedding_again_replacesTheOldOne() {
    BotStore store = storeUnderTest();
    store.keepEmbedding(EMBEDDING_MODEL, REFERENCE_SHA256, new float[] {1f, 0f});
    store.keepEmbedding(EMBEDDING_MODEL, REFERENCE_SHA256, new float[] {0f, 1f, 0f});

    assertArrayEquals(new float[] {0f, 1f, 0f}, store.embedding(EMBEDDING_MODEL, REFERENCE_SHA256).orElseThrow());
  }

  @Test
  default void keepEmbedding_empty_isRefused() {
    BotStore store = storeUnderTest();
    assertThrows(IllegalArgumentException.class,
        () -> store.keepEmbedding(EMBEDDING_MODEL, REFERENCE_SHA256, new float[0]));
  }

  @Test
  default void embedding_afterRestart_isStillThere() {
    BotStore store = storeUnderTest();
    store.keepEmbedding(EMBEDDING_MODEL, REFERENCE_SHA256, new float[] {0.28f, 0.96f});

    restartStore();

    assertArrayEquals(new float[] {0.28f, 0.96f},
        storeUnderTest().embedding(EMBEDDING_MODEL, REFERENCE_SHA256).orElseThrow());
  }

  @Test
  default void record_entryWithSimilarity_keepsItAndNullForUnscored() {
    BotStore store = storeUnderTest();
    long scored = store.record(entry("2026-11-02T09:00:00Z", false, 0.8125));
    long unscored = store.record(entry("2026-11-02T10:00:00Z", false, null));

    assertEquals(0.8125, store.entry(StoreContractBase.ALICE, scored).orElseThrow().similarity());
    assertNull(store.entry(StoreContractBase.ALICE, unscored).orElseThrow().similarity());
    assertEquals(0.8125, store.recent(StoreContractBase.ALICE, 5).get(1).similarity());
  }

  @Test
  default void stats_scoredPaidAnswers_averageIntoTheSimilarityFigure() {
    BotStore store = storeUnderTest();
    store.record(entry("2026-11-02T09:00:00Z", false, 0.75));
    store.record(entry("2026-11-03T09:00:00Z", false, 0.875));
    store.record(entry("2026-11-03T10:00:00Z", false, null));
    store.record(entry("2026-11-04T09:00:00Z", true, 0.5));
    store.record(entry("2026-10-31T23:59:59Z", false, 0.25));

    JobStats stats = store.stats(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));

    assertEquals(3, stats.paidAnswers());
    assertEquals(2, stats.scored(), "an unscored answer and a cache hit (scored when first made) are left out");
    assertEquals(0.8125, stats.similarity().orElseThrow(), 1e-9);
  }

  @Test
  default void stats_nothingScored_hasNoSimilarity() {
    BotStore store = storeUnderTest();
    store.record(entry("2026-11-02T09:00:00Z", false, null));

    JobStats stats = store.stats(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));

    assertTrue(stats.similarity().isEmpty());
  }

  private static HistoryEntry entry(String at, boolean fromCache, @Nullable Double similarity) {
    return new HistoryEntry(0, StoreContractBase.ALICE, "lulu", "halloween", "Lulu at Halloween", "flux",
        fromCache ? BigDecimal.ZERO : new BigDecimal("0.003"), Duration.ofSeconds(4), fromCache, List.of(),
        Instant.parse(at), "", CostSource.DECLARED, similarity);
  }
}
