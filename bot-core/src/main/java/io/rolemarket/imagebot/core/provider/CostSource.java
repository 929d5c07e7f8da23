package io.rolemarket.imagebot.core.provider;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a job's cost came from: the provider's own answer, or the price the bot declares for it.
 *
 * <p>{@link #REPORTED}: the provider's answer carried a figure the bill is computed from (TTAPI's
 * {@code quota}, OpenAI's {@code usage} tokens, Replicate's {@code metrics.predict_time}, RunPod's
 * {@code executionTime}) times a configured price. {@link #DECLARED}: it did not, so the cost is
 * {@link ProviderInfo#costUsd}, the price the router also estimated the call at.
 */
public enum CostSource {
  /** Computed from what the provider reported for the call. */
  REPORTED,
  /** The provider's declared price ({@link ProviderInfo#costUsd}). */
  DECLARED;

  /** The lower-case word the store keeps and users read: {@code reported} or {@code declared}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The source whose {@link #label} is {@code label}, or empty when none is (an older row keeps none). */
  public static Optional<CostSource> parse(String label) {
    for (CostSource source : values()) {
      if (source.label().equals(label)) {
        return Optional.of(source);
      }
    }
    return Optional.empty();
  }
}
