package io.rolemarket.imagebot.core.quota;

import java.time.Instant;

/** The answer to a quota reservation: reserved, or over a limit. */
public sealed interface Reservation {

  /** {@code images} are held for the user under {@code id} until committed or refunded. */
  record Held(long id, int images) implements Reservation {}

  /**
   * Over a limit; nothing is held.
   *
   * @param remainingToday images left today
   * @param remainingThisMonth images left this month
   * @param resetsAt when the limit that was hit resets
   */
  record Exceeded(int remainingToday, int remainingThisMonth, Instant resetsAt) implements Reservation {}
}
