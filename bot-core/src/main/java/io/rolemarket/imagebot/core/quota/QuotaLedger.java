package io.rolemarket.imagebot.core.quota;

import java.time.Instant;

/**
 * The store port that counts users' images: reserve before a provider call, then commit what was
 * delivered or refund. Windows are the UTC day and UTC month of the reservation.
 *
 * <p>Implementations are safe for concurrent use and reserve atomically: under any number of concurrent
 * calls a user never holds more than the limit. Committing or refunding a reservation that is already
 * settled changes nothing.
 */
public interface QuotaLedger {

  /**
   * Holds {@code images} for {@code userKey} if that stays within {@code limits}.
   *
   * @throws IllegalArgumentException when {@code images} is less than 1
   */
  Reservation reserve(String userKey, int images, QuotaLimits limits, Instant now);

  /** Settles a reservation: {@code imagesUsed} are charged, the rest of the hold is given back. */
  void commit(long reservationId, int imagesUsed);

  /** Settles a reservation by giving all of it back. */
  void refund(long reservationId);

  /** What {@code userKey} has used in the day and month of {@code now}. */
  QuotaUsage usage(String userKey, Instant now);

  /** Gives {@code userKey} {@code images} more for the day of {@code now} (an admin grant). */
  void grant(String userKey, int images, Instant now);
}
