package io.rolemarket.imagebot.core.provider;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a provider call returns: images, or a {@link ProviderFailure} saying why there are none. */
public sealed interface ProviderResult permits ProviderResult.Images, ProviderFailure {

  /**
   * The images made. There may be fewer than asked for (a partial success), never none.
   *
   * @param images at least one image
   * @param reportedCostUsd what the provider says the call cost (TTAPI's charge, OpenAI's tokens, Replicate's
   *     predict time, RunPod's execution time, each at its configured price), or null to count the declared
   *     price ({@link ProviderInfo#costUsd})
   */
  record Images(List<GeneratedImage> images, @Nullable BigDecimal reportedCostUsd) implements ProviderResult {
    /** Copies the list and checks it is not empty and the cost not negative. */
    public Images {
      images = List.copyOf(images);
      if (images.isEmpty()) {
        throw new IllegalArgumentException("a successful result needs at least one image");
      }
      if (reportedCostUsd != null && reportedCostUsd.signum() < 0) {
        throw new IllegalArgumentException("reportedCostUsd must not be negative, was " + reportedCostUsd);
      }
    }

    /** Images at the declared price. */
    public Images(List<GeneratedImage> images) {
      this(images, null);
    }

    /** Where {@link #costUsd} comes from: {@link CostSource#REPORTED} when the provider reported it. */
    public CostSource costSource() {
      return reportedCostUsd != null ? CostSource.REPORTED : CostSource.DECLARED;
    }

    /** What these images cost: the reported price, else {@code provider}'s declared one for them. */
    public BigDecimal costUsd(ProviderInfo provider) {
      return reportedCostUsd != null ? reportedCostUsd : provider.costUsd(images.size());
    }
  }
}
