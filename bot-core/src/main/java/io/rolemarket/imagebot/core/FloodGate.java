package io.rolemarket.imagebot.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * A per-user token bucket in front of every command, so one user flooding the bot costs almost nothing:
 * a command beyond the bucket gets no thread, no store call and no provider call; the first one of a
 * flood gets one short line ({@link Verdict#WARN}), the rest are dropped quietly until the bucket has
 * refilled. Buckets are forgotten after ten idle minutes. Safe for concurrent use.
 *
 * <p>{@code ImageBot} builds the one gate; the class is public only for {@link Verdict}, which
 * {@code ImageBot.admitCommand} answers.
 */
public final class FloodGate {
  /** What to do with one command. */
  public enum Verdict {
    /** Handle it. */
    ADMIT,
    /** Drop it and tell the user once that they are going too fast. */
    WARN,
    /** Drop it quietly: the user was told already. */
    DROP
  }

  private final int burst;
  private final long refillNanos;
  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  /** One user's bucket. Guarded by its own monitor, held briefly. */
  private static final class Bucket {
    double tokens;
    long updated;
    boolean warned;
  }

  /**
   * A gate letting each user send {@code burst} commands at once and one more every {@code refill}.
   *
   * @throws IllegalArgumentException when {@code burst} is below 1 or {@code refill} is not positive
   */
  FloodGate(int burst, Duration refill, Ticker ticker) {
    if (burst < 1 || !refill.isPositive()) {
      throw new IllegalArgumentException("burst must be at least 1 and refill positive, were " + burst + ", " + refill);
    }
    this.burst = burst;
    this.refillNanos = refill.toNanos();
    this.ticker = ticker;
    this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).ticker(ticker)
        .maximumSize(100_000).build();
  }

  /** Takes a token for one command of {@code userKey}. */
  Verdict admit(String userKey) {
    Bucket bucket = buckets.get(userKey, key -> {
      Bucket fresh = new Bucket();
      fresh.tokens = burst;
      fresh.updated = ticker.read();
      return fresh;
    });
    synchronized (bucket) {
      long now = ticker.read();
      bucket.tokens = Math.min(burst, bucket.tokens + (double) (now - bucket.updated) / refillNanos);
      bucket.updated = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        if (bucket.tokens >= burst - 1) {
          bucket.warned = false;
        }
        return Verdict.ADMIT;
      }
      if (bucket.warned) {
        return Verdict.DROP;
      }
      bucket.warned = true;
      return Verdict.WARN;
    }
  }
}
