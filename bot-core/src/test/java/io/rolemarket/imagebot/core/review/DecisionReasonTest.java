package io.rolemarket.imagebot.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.review.DecisionReason.Rule;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DecisionReasonTest {

  @ParameterizedTest
  @CsvSource({"APPROVALS, 2, approvals:2", "REJECTIONS, 1, rejections:1", "CHANGES, 3, changes:3"})
  void code_countedRule_parsesBackToTheSameReason(Rule rule, int votes, String code) {
    DecisionReason reason = DecisionReason.of(rule, votes);

    assertEquals(code, reason.code());
    assertEquals(Optional.of(reason), DecisionReason.parse(code));
  }

  @Test
  void code_leadVeto_keepsTheLeadsKeyWithItsColons() {
    DecisionReason veto = DecisionReason.leadVeto("telegram:42");

    assertEquals("lead:telegram:42", veto.code());
    assertEquals(Optional.of(veto), DecisionReason.parse("lead:telegram:42"));
  }

  @Test
  void parse_theEnglishSentencesOlderBotsStored_readAsReasons() {
    assertEquals(Optional.of(DecisionReason.of(Rule.APPROVALS, 2)), DecisionReason.parse("2 approvals"));
    assertEquals(Optional.of(DecisionReason.of(Rule.REJECTIONS, 1)), DecisionReason.parse("1 rejections"));
    assertEquals(Optional.of(DecisionReason.of(Rule.CHANGES, 1)), DecisionReason.parse("1 change request"));
    assertEquals(Optional.of(DecisionReason.leadVeto("t:lead")), DecisionReason.parse("rejected by lead t:lead"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "lead", "lead:", "approvals:0", "approvals:x", "approvals:-1", "votes:2", "0 approvals",
      "looks great"})
  void parse_anythingElse_isNoReasonOfTheRules(String stored) {
    assertEquals(Optional.empty(), DecisionReason.parse(stored));
  }

  @Test
  void text_inEachLanguage() {
    assertEquals("1 approval", DecisionReason.of(Rule.APPROVALS, 1).text(Lang.EN));
    assertEquals("2 approvals", DecisionReason.of(Rule.APPROVALS, 2).text(Lang.EN));
    assertEquals("2 票批准", DecisionReason.of(Rule.APPROVALS, 2).text(Lang.ZH_HK));
    assertEquals("1 rejection", DecisionReason.of(Rule.REJECTIONS, 1).text(Lang.EN));
    assertEquals("2 個修改要求", DecisionReason.of(Rule.CHANGES, 2).text(Lang.ZH_HK));
    assertEquals("由組長 t:lead 拒絕", DecisionReason.leadVeto("t:lead").text(Lang.ZH_HK));
  }

  @Test
  void create_badFields_sayWhatIsWrong() {
    assertEquals("a decision takes at least 1 vote, was 0",
        assertThrows(IllegalArgumentException.class, () -> DecisionReason.of(Rule.APPROVALS, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> DecisionReason.of(Rule.LEAD_VETO, 1));
    assertThrows(IllegalArgumentException.class, () -> DecisionReason.leadVeto(""));
  }
}
