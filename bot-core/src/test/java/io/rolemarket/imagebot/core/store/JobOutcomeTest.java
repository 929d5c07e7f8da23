package io.rolemarket.imagebot.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rolemarket.imagebot.core.provider.ProviderFailure;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobOutcomeTest {

  @Test
  void attempt_eachFailure_isTheProviderAndABoundedCode() {
    assertEquals("flux:rate_limited",
        JobOutcome.attempt("flux", new ProviderFailure.RateLimited("429", Duration.ofSeconds(3))));
    assertEquals("gemini:region_unavailable", JobOutcome.attempt("gemini", new ProviderFailure.RegionUnavailable("")));
    assertEquals("hf:out_of_credit", JobOutcome.attempt("hf", new ProviderFailure.OutOfCredit("402", "HF_TOKEN")));
    assertEquals("sdxl:permanent", JobOutcome.attempt("sdxl", new ProviderFailure.Permanent("bad key", "SDXL_KEY")));
  }

  @Test
  void new_manyLongAttempts_keepsTheFirstEightCutAndWithoutCommas() {
    List<String> many = Collections.nCopies(12, "a,b".repeat(30) + ":transient");
    JobOutcome outcome = new JobOutcome(JobOutcome.Kind.FAILED, "", many, 0, Duration.ZERO);
    assertEquals(JobOutcome.MAX_ATTEMPTS, outcome.attempts().size());
    assertEquals(JobOutcome.MAX_CODE, outcome.attempts().getFirst().length());
    assertEquals(outcome.attempts(), JobOutcome.attemptsOf(outcome.attemptsText()), "read back as written");
  }

  @Test
  void new_negativeTime_isABugNamingIt() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new JobOutcome(JobOutcome.Kind.SUCCEEDED, "flux", List.of(), 0, Duration.ofSeconds(-1)));
    assertEquals("generation must not be negative, was PT-1S", e.getMessage());
  }

  @Test
  void percentile_nearestRank() {
    List<Duration> times = List.of(5, 1, 4, 2, 3).stream().map(Duration::ofSeconds).toList();
    assertEquals(Duration.ofSeconds(3), JobStats.percentile(times, 50));
    assertEquals(Duration.ofSeconds(5), JobStats.percentile(times, 95));
    assertEquals(Duration.ZERO, JobStats.percentile(List.of(), 95));
  }
}
