package io.rolemarket.imagebot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.command.ReviewTexts;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoteIdsTest {

  @Test
  void id_isTheVerdictsLetterAndTheDesignNumber() {
    assertEquals("ra:12", VoteIds.id(Verdict.APPROVE, 12));
    assertEquals("rr:12", VoteIds.id(Verdict.REJECT, 12));
    assertEquals("rc:12", VoteIds.id(Verdict.CHANGES, 12));
    assertEquals("rn:12", VoteIds.noteId(12));
  }

  @Test
  void parse_readsBackEveryVerdict() {
    for (Verdict verdict : Verdict.values()) {
      for (long design : List.of(1L, 12L, 999_999_999_999_999_999L)) {
        assertEquals(Optional.of(new VoteIds.Vote(verdict, design)), VoteIds.parse(VoteIds.id(verdict, design)));
        assertEquals(OptionalLong.of(design), VoteIds.parseNote(VoteIds.noteId(design)));
      }
    }
  }

  @Test
  void vote_id_isTheButtonsId() {
    assertEquals("rr:7", new VoteIds.Vote(Verdict.REJECT, 7).id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ra", "ra:", "ra:x", "ra:-1", "ra:0", "ra:012", "ra:+1", "ra:1 ", " ra:1", "ra:1:2",
      "ra:99999999999999999999", "ra:9223372036854775808", "zz:1", "rv:1", "rn:1", "RA:1", "ra:١٢", "ra:1\n"})
  void parse_garbledOrForged_isEmpty(String id) {
    assertEquals(Optional.empty(), VoteIds.parse(id), id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "rn:", "rn:x", "rn:-1", "rn:0", "rn:99999999999999999999", "ra:1", "zz:1"})
  void parseNote_garbledOrForged_isEmpty(String id) {
    assertEquals(OptionalLong.empty(), VoteIds.parseNote(id), id);
  }

  @Test
  void id_ofNoDesign_throws() {
    assertThrows(IllegalArgumentException.class, () -> VoteIds.id(Verdict.APPROVE, 0));
    assertThrows(IllegalArgumentException.class, () -> VoteIds.noteId(-1));
    assertThrows(IllegalArgumentException.class, () -> new VoteIds.Vote(Verdict.APPROVE, 0));
  }

  @Test
  void ids_fitTelegramsCallbackData() {
    assertTrue(VoteIds.id(Verdict.CHANGES, 999_999_999_999_999_999L).getBytes(java.nio.charset.StandardCharsets.UTF_8)
        .length <= 64);
  }

  @Test
  void labels_areTheCoresWords() {
    assertEquals(List.of("✅ Approve", "❌ Reject", "✏️ Request changes"),
        Arrays.stream(Verdict.values()).map(ReviewTexts::voteLabel).toList());
  }
}
