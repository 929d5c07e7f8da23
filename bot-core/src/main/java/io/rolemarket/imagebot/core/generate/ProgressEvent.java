package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.provider.ProviderFailure;
import java.time.Duration;

/**
 * What a running generation is doing, for adapters to show while the user waits. Adapters render
 * these with an exhaustive {@code switch}.
 */
public sealed interface ProgressEvent {

  /** An admin paused the bot: the request waits and starts once they resume it ({@code /resume}). */
  record Paused() implements ProgressEvent {}

  /** The providers that will be tried, in order (the routing decision). */
  record Routed(java.util.List<String> providerIds) implements ProgressEvent {
    /** Copies the list. */
    public Routed {
      providerIds = java.util.List.copyOf(providerIds);
    }
  }

  /**
   * Waiting for a provider's free slot at {@code position} (1 = next), about {@code estimatedWait}; the provider
   * then usually answers in about {@code expected} (measured).
   */
  record Queued(String providerId, int position, Duration estimatedWait, Duration expected) implements ProgressEvent {}

  /**
   * A provider call started (or this request joined an identical one that is being made); the provider usually
   * answers in about {@code expected} (measured), so adapters can leave out a status line for a quick answer.
   */
  record Started(String providerId, String displayName, String model, Duration expected) implements ProgressEvent {}

  /** A job-based provider accepted the job under {@code remoteJobId}. */
  record Submitted(String providerId, String remoteJobId) implements ProgressEvent {}

  /** The provider reported progress: {@code percent} 0..100 or -1 when unknown, and a short note. */
  record Working(String providerId, int percent, String note) implements ProgressEvent {}

  /** A transient failure; the same provider is tried again after {@code delay}. */
  record Retrying(String providerId, ProviderFailure failure, Duration delay) implements ProgressEvent {}

  /** A provider failed for good for this request; the next one is tried. */
  record FellBack(String fromProviderId, String toProviderId, ProviderFailure failure) implements ProgressEvent {}

  /** Fewer images than asked came back; the missing ones are not charged. */
  record Partial(int delivered, int asked) implements ProgressEvent {}

  /** Finished with images. */
  record Done(String providerId, boolean fromCache, Duration elapsed) implements ProgressEvent {}

  /** Finished without images, for {@code reason}. Nothing was charged. */
  record Failed(Reason reason) implements ProgressEvent {}
}
