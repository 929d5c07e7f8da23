package io.rolemarket.imagebot.core.route;

import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.Reason;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** How routing one request ended: images from one provider, or every candidate's failure. */
public sealed interface RouteOutcome {

  /**
   * Images from {@code provider}; {@code images.size()} may be below the count asked (partial).
   *
   * @param fallbacks how many providers failed before this one answered
   * @param reportedCostUsd what the provider reported charging for them, or null (the declared price)
   * @param budgetHold the budget hold taken for the call, for the caller to release once the job is billed
   *     (0: none)
   */
  record Delivered(ProviderInfo provider, List<GeneratedImage> images, int fallbacks,
      @Nullable BigDecimal reportedCostUsd, long budgetHold) implements RouteOutcome {
    /** Copies the images. */
    public Delivered {
      Objects.requireNonNull(provider, "provider");
      images = List.copyOf(images);
    }

    /** Images at the declared price, nothing held. */
    public Delivered(ProviderInfo provider, List<GeneratedImage> images, int fallbacks) {
      this(provider, images, fallbacks, null, 0);
    }

    /** Where {@link #costUsd} comes from: {@link CostSource#REPORTED} when the provider reported it. */
    public CostSource costSource() {
      return reportedCostUsd != null ? CostSource.REPORTED : CostSource.DECLARED;
    }

    /** What the images cost: the reported price, else the provider's declared one. */
    public BigDecimal costUsd() {
      return reportedCostUsd != null ? reportedCostUsd : provider.costUsd(images.size());
    }
  }

  /**
   * No provider made an image: a {@link Refusal} when none could be asked (none usable, none for this shape,
   * none within the budget), else a {@link Failure} carrying each tried provider's last failure.
   */
  record Exhausted(Reason reason) implements RouteOutcome {
    /** Checks the reason. */
    public Exhausted {
      Objects.requireNonNull(reason, "reason");
    }

    /** Each tried provider's last failure, in order (none when nothing was tried). */
    public List<ProviderFailure> failures() {
      return switch (reason) {
        case Failure.ProvidersFailed failed -> failed.failures();
        case Failure.PastDeadline past -> past.failures();
        case Failure other -> List.of();
        case Refusal refusal -> List.of();
      };
    }
  }
}
