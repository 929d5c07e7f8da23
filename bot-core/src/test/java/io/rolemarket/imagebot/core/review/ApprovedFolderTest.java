package io.rolemarket.imagebot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovedFolderTest {
  private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir Path dir;

  @Test
  void deliver_scoredDesign_sidecarKeepsItsSimilarity() throws Exception {
    JsonNode sidecar = delivered(0.8125);

    assertEquals(0.8125, sidecar.path("clip_similarity").doubleValue());
  }

  @Test
  void deliver_unscoredDesign_sidecarSaysNull() throws Exception {
    JsonNode sidecar = delivered(null);

    assertTrue(sidecar.has("clip_similarity"));
    assertTrue(sidecar.path("clip_similarity").isNull());
  }

  private JsonNode delivered(@Nullable Double similarity) throws Exception {
    HistoryEntry entry = new HistoryEntry(7, "test:alice", "lulu", "halloween", "Lulu at Halloween", "flux",
        new BigDecimal("0.003"), Duration.ofSeconds(4), false, List.of(), AT, "", CostSource.DECLARED, similarity);
    Design design = new Design(new Submission(3, "test:alice", 7, "a".repeat(64), "", AT), entry, "flux-1", null,
        new Tally(List.of()), new Decision(3, Outcome.APPROVED, "test:lead", "lead", AT));
    HandOff.toFolder(dir).deliver(design, List.of(ScriptedProvider.image(1)));
    return new ObjectMapper().readTree(dir.resolve("lulu").resolve("halloween").resolve("3.json").toFile());
  }
}
