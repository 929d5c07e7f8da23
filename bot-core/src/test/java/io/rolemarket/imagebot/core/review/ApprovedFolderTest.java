package io.rolemarket.imagebot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestCatalogs;
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

  @Test
  void deliver_aCatalogWithAChineseCharacterName_sidecarCarriesBothNamesOfCharacterAndTheme() throws Exception {
    // The team has not confirmed Lulu's Chinese name, so the built-in catalog has none; a test catalog gives one.
    JsonNode sidecar = delivered(null, "approvals:2", TestCatalogs.withLulusChineseName());

    assertEquals("Lulu Pig", sidecar.path("character_names").path("en").asText());
    assertEquals("露露豬", sidecar.path("character_names").path("zh-hk").asText());
    assertEquals("Halloween", sidecar.path("theme_names").path("en").asText());
    assertEquals("萬聖節", sidecar.path("theme_names").path("zh-hk").asText());
  }

  @Test
  void deliver_decidedByTheRules_sidecarKeepsTheReasonsCodeAndItsWordsInEachLanguage() throws Exception {
    JsonNode sidecar = delivered(null, "approvals:2", Catalog.builtIn());

    assertEquals("approved", sidecar.path("outcome").asText());
    assertEquals("approvals:2", sidecar.path("reason").asText());
    assertEquals("2 approvals", sidecar.path("reason_text").path("en").asText());
    assertEquals("2 票批准", sidecar.path("reason_text").path("zh-hk").asText());
  }

  @Test
  void deliver_aReasonWrittenByHand_keptAsItIsWithoutWords() throws Exception {
    JsonNode sidecar = delivered(null, "lead", Catalog.builtIn());

    assertEquals("lead", sidecar.path("reason").asText());
    assertTrue(sidecar.path("reason_text").isMissingNode(), sidecar.toString());
  }

  private JsonNode delivered(@Nullable Double similarity) throws Exception {
    return delivered(similarity, "lead", Catalog.builtIn());
  }

  private JsonNode delivered(@Nullable Double similarity, String reason, Catalog catalog) throws Exception {
    HistoryEntry entry = new HistoryEntry(7, "test:alice", "lulu", "halloween", "Lulu at Halloween", "flux",
        new BigDecimal("0.003"), Duration.ofSeconds(4), false, List.of(), AT, "", CostSource.DECLARED, similarity);
    Design design = new Design(new Submission(3, "test:alice", 7, "a".repeat(64), "", AT), entry, "flux-1", null,
        new Tally(List.of()), new Decision(3, Outcome.APPROVED, "test:lead", reason, AT));
    HandOff.toFolder(dir, catalog).deliver(design, List.of(ScriptedProvider.image(1)));
    return new ObjectMapper().readTree(dir.resolve("lulu").resolve("halloween").resolve("3.json").toFile());
  }
}
