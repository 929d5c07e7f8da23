package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.quota.Reservation;
import java.time.Duration;
import java.time.Instant;

/** User-facing sentences about quotas. */
final class QuotaTexts {
  private QuotaTexts() {}

  static String overQuota(Reservation.Exceeded exceeded, int asked, Instant now) {
    boolean daily = exceeded.remainingToday() <= exceeded.remainingThisMonth();
    int left = Math.min(exceeded.remainingToday(), exceeded.remainingThisMonth());
    String window = daily ? "today" : "this month";
    String ask = asked == 1 ? "1 image" : asked + " images";
    return "Over quota: you asked for " + ask + " but have " + left + " left " + window
        + ". The limit resets in " + humanize(Duration.between(now, exceeded.resetsAt()))
        + " (" + exceeded.resetsAt() + ").";
  }

  static String humanize(Duration duration) {
    long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + " h " + (minutes % 60) + " min";
    }
    return (hours / 24) + " days";
  }
}
