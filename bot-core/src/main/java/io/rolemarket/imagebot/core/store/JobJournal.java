package io.rolemarket.imagebot.core.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/**
 * The store port that journals provider jobs: opened before the provider is called, closed after, so a
 * crash leaves a record to reconcile. Also sums the spend per month. Safe for concurrent use.
 */
public interface JobJournal {

  /**
   * Opens a job and returns its id.
   *
   * @param reservationId the quota reservation the job charges, or 0 for none
   */
  long open(String userKey, String cacheKey, String prompt, String plannedProviderId, long reservationId, Instant at);

  /** Closes a job with what came of it; {@code providerId} is who answered (empty when nobody did). */
  void close(long jobId, boolean succeeded, String providerId, int images, BigDecimal costUsd, Instant at);

  /** What the providers cost in {@code month} (UTC), over every closed job. */
  BigDecimal spend(YearMonth month);
}
