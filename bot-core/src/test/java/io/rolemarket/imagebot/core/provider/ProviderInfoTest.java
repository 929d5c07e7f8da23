package io.rolemarket.imagebot.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Prices: per image for most providers, per job (one grid, however many pictures are kept) for Midjourney. */
class ProviderInfoTest {
  private static ProviderInfo info(String perImage, int perCall, String perJob) {
    return new ProviderInfo("p", "P", "m", perCall, EnumSet.allOf(AspectRatio.class), true, true, false,
        new BigDecimal(perImage), Duration.ofSeconds(1), 1, Set.of(), new BigDecimal(perJob));
  }

  private static void assertUsd(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> expected + " expected, was " + actual);
  }

  @Test
  void perImage_countsEachPicture() {
    ProviderInfo flux = info("0.0012", 1, "0");
    assertUsd("0.0048", flux.costUsd(4));
    assertUsd("0", flux.costUsd(0));
  }

  @Test
  void perJob_aGridCostsOneJobHoweverManyPicturesAreKept() {
    ProviderInfo midjourney = info("0", 4, "0.03");
    assertUsd("0.03", midjourney.costUsd(1));
    assertUsd("0.03", midjourney.costUsd(4));
    assertUsd("0.06", midjourney.costUsd(5));
  }

  @Test
  void negativeJobPrice_refused() {
    assertThrows(IllegalArgumentException.class, () -> info("0", 4, "-0.01"));
  }
}
