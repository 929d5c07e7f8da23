package io.rolemarket.imagebot.core.provider;

/**
 * A provider whose calls are remote jobs (Replicate, TTAPI, RunPod) and which can wait for a job it
 * submitted earlier, by the id it reported through {@link ProviderProgress#submitted}: after a restart the
 * bot re-attaches to a journaled job instead of paying for a new one. Implementations are safe for
 * concurrent use.
 */
public interface ResumableProvider extends ImageProvider {

  /**
   * Waits for the job {@code remoteJobId} and returns its images, submitting nothing. The job deadline
   * counts from this call; an interrupt or a passed deadline cancels the job where the API can.
   *
   * @param request the request the job was submitted for (the count and seed shape the result)
   * @param progress where to report progress; {@code submitted} is not called again
   * @return the images, or a failure (an unknown or expired job is a failure, not an exception)
   * @throws InterruptedException when the calling thread is interrupted (the wait is cancelled)
   */
  ProviderResult resume(String remoteJobId, ProviderRequest request, ProviderProgress progress)
      throws InterruptedException;
}
