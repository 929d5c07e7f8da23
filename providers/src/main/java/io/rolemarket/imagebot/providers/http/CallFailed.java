package io.rolemarket.imagebot.providers.http;

import io.rolemarket.imagebot.core.provider.ProviderFailure;

/**
 * Carries a {@link ProviderFailure} out of the middle of a client's call to the top of its
 * {@code generate}, which returns the failure as a value. It never escapes a provider. No stack trace:
 * it is control flow, not a bug.
 */
public final class CallFailed extends Exception {
  private final transient ProviderFailure failure;

  /** Wraps {@code failure}. */
  public CallFailed(ProviderFailure failure) {
    super(failure.message(), null, false, false);
    this.failure = failure;
  }

  /** A transient failure with this message and no retry hint. */
  public static CallFailed transientFailure(String message) {
    return new CallFailed(new ProviderFailure.Transient(message, null));
  }

  /** The failure to return. */
  public ProviderFailure failure() {
    return failure;
  }
}
