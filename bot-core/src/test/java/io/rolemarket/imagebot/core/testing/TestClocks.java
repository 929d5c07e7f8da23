package io.rolemarket.imagebot.core.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Clocks for tests: the suite never reads the real date, so it passes on any day. */
public final class TestClocks {
  /** A fixed instant tests that do not care about the date run at: 2026-11-24 10:00 UTC. */
  public static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  /** A clock stopped at {@link #NOW}. */
  public static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

  private TestClocks() {}
}
