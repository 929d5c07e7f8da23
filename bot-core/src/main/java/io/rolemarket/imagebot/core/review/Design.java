package io.rolemarket.imagebot.core.review;

import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Decision;
import io.rolemarket.imagebot.core.store.ReviewStore.Submission;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A design in review: the submission, the generation it came from, its current votes and its decision.
 *
 * @param submission who submitted it and when
 * @param entry the history entry it came from (character, theme, prompt, provider, cost, images)
 * @param model the model that drew it, or empty when unknown
 * @param seed the seed the provider reported, or null
 * @param tally the current votes
 * @param decision the decision, or null while it is pending
 */
public record Design(
    Submission submission, HistoryEntry entry, String model, @Nullable Long seed, Tally tally,
    @Nullable Decision decision) {
  /** Checks the parts. */
  public Design {
    Objects.requireNonNull(submission, "submission");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tally, "tally");
  }

  /** The submission's id, the number reviewers vote on. */
  public long id() {
    return submission.id();
  }

  /** Whether it was decided. */
  public boolean decided() {
    return decision != null;
  }
}
