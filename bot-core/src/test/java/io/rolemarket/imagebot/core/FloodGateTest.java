package io.rolemarket.imagebot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGateTest {
  private final AtomicLong nanos = new AtomicLong();
  private final FloodGate gate = new FloodGate(3, Duration.ofSeconds(1), nanos::get);

  @Test
  void admit_burstThenOneWarningThenQuiet() {
    List<FloodGate.Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      verdicts.add(gate.admit("telegram:1"));
    }
    assertEquals(List.of(FloodGate.Verdict.ADMIT, FloodGate.Verdict.ADMIT, FloodGate.Verdict.ADMIT,
        FloodGate.Verdict.WARN, FloodGate.Verdict.DROP, FloodGate.Verdict.DROP), verdicts);
    assertEquals(FloodGate.Verdict.ADMIT, gate.admit("telegram:2"), "another user has a bucket of their own");
  }

  @Test
  void admit_refillsOnePerIntervalAndWarnsAgainOnlyAfterAFullRefill() {
    for (int i = 0; i < 4; i++) {
      gate.admit("u");
    }
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertEquals(FloodGate.Verdict.ADMIT, gate.admit("u"));
    assertEquals(FloodGate.Verdict.DROP, gate.admit("u"), "still the same flood: told once");
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    for (int i = 0; i < 3; i++) {
      assertEquals(FloodGate.Verdict.ADMIT, gate.admit("u"));
    }
    assertEquals(FloodGate.Verdict.WARN, gate.admit("u"), "a new flood after a quiet spell is told again");
  }

  @Test
  void new_badSettings_refused() {
    assertThrows(IllegalArgumentException.class, () -> new FloodGate(0, Duration.ofSeconds(1), nanos::get));
    assertThrows(IllegalArgumentException.class, () -> new FloodGate(3, Duration.ZERO, nanos::get));
  }
}
