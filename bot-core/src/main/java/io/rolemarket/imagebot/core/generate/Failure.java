package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.provider.ProviderFailure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Why accepted work made no pictures; nothing was charged for it. Rendered by the message catalog. */
public sealed interface Failure extends Reason {

  /** The user cancelled it. */
  record Cancelled() implements Failure {}

  /** Every provider tried failed; {@code failures} holds each one's last failure, in order (maybe none). */
  record ProvidersFailed(List<ProviderFailure> failures) implements Failure {
    /** Copies the failures. */
    public ProvidersFailed {
      failures = List.copyOf(failures);
    }
  }

  /**
   * The request ran out of time.
   *
   * @param limit the request's deadline
   * @param failures the failures seen before it passed
   * @param waitingOn the display name of the provider it was waiting on, or blank
   */
  record PastDeadline(Duration limit, List<ProviderFailure> failures, String waitingOn) implements Failure {
    /** Copies the failures. */
    public PastDeadline {
      Objects.requireNonNull(limit, "limit");
      Objects.requireNonNull(waitingOn, "waitingOn");
      failures = List.copyOf(failures);
    }
  }

  /**
   * A follow-up action (such as Midjourney's U2) failed at the provider: {@code failure}, or null when it
   * came back without pictures.
   */
  record ActionFailed(String action, @Nullable ProviderFailure failure) implements Failure {
    /** Checks the action. */
    public ActionFailed {
      Objects.requireNonNull(action, "action");
    }
  }

  /** Something went wrong on the bot's side (logged with its stack trace). */
  record Crashed() implements Failure {}
}
