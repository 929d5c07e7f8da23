package io.rolemarket.imagebot.data;

/**
 * What {@link SqliteStore#open} found left behind by a crash and did about it.
 *
 * @param jobsCompleted open jobs whose images were all stored: charged, closed, written to history and the
 *     cache index
 * @param jobsRefunded open jobs without all their images: closed as failed, their reservations refunded
 * @param reservationsRefunded held reservations refunded in all (those of refunded jobs included)
 * @param remoteJobsLeftOpen open jobs with a provider-side id, left open (and their reservations held)
 *     for re-attachment
 */
public record Reconciliation(int jobsCompleted, int jobsRefunded, int reservationsRefunded, int remoteJobsLeftOpen) {

  /** Whether the last run left nothing to reconcile. */
  public boolean clean() {
    return jobsCompleted == 0 && jobsRefunded == 0 && reservationsRefunded == 0 && remoteJobsLeftOpen == 0;
  }
}
