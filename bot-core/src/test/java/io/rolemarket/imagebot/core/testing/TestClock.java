package io.rolemarket.imagebot.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock in UTC that stands still until a test sets or advances it, for crossing days, months and years
 * on purpose. Safe for concurrent use.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;

  private TestClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock standing at {@code start}. */
  public static TestClock at(Instant start) {
    return new TestClock(start);
  }

  /** A clock standing at {@code iso} (such as {@code 2026-12-31T23:59:59Z}). */
  public static TestClock at(String iso) {
    return new TestClock(Instant.parse(iso));
  }

  /** Moves the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(instant);
  }

  /** Moves the clock to {@code iso}. */
  public void set(String iso) {
    set(Instant.parse(iso));
  }

  /** Moves the clock on by {@code step}. */
  public void advance(Duration step) {
    now.updateAndGet(instant -> instant.plus(step));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant(), zone);
  }
}
