package io.rolemarket.imagebot.core.provider;

/**
 * Where a provider reports how a running call is going. Each report also counts as a sign of life for
 * the router's silence deadline. Implementations are safe for concurrent use and return quickly.
 */
@FunctionalInterface
public interface ProviderProgress {

  /** Ignores every report. */
  ProviderProgress NONE = (percent, note) -> {};

  /**
   * Reports progress.
   *
   * @param percent 0..100, or -1 when the provider does not say
   * @param note a short status such as {@code IN_QUEUE}, or empty
   */
  void report(int percent, String note);

  /**
   * Reports that the provider accepted a job and named it, for job-based APIs (Replicate, TTAPI,
   * RunPod). The router journals the id at once so that a restart re-attaches to the job instead of
   * paying for a new one. Called at most once per call, before the wait for the result.
   */
  default void submitted(String remoteJobId) {}
}
