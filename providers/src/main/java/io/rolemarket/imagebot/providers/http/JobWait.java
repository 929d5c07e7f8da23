package io.rolemarket.imagebot.providers.http;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.providers.hook.JobHooks;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a client of a job-based API (Replicate, TTAPI, RunPod) waits for its job: polls start
 * {@code firstPoll} apart and grow by half each time up to {@code maxPoll}, until {@code deadline} has
 * passed since the submit; then the client cancels the remote job.
 *
 * @param deadline longest wait for one job, submit included
 * @param firstPoll the pause before the first poll
 * @param maxPoll the longest pause between polls
 */
public record JobWait(Duration deadline, Duration firstPoll, Duration maxPoll) {
  private static final Logger log = LoggerFactory.getLogger(JobWait.class);

  /** Checks that all are positive and the pauses are ordered. */
  public JobWait {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(firstPoll, "firstPoll");
    Objects.requireNonNull(maxPoll, "maxPoll");
    if (!deadline.isPositive() || !firstPoll.isPositive() || maxPoll.compareTo(firstPoll) < 0) {
      throw new IllegalArgumentException("deadline and firstPoll must be positive and maxPoll at least firstPoll, was "
          + deadline + ", " + firstPoll + ", " + maxPoll);
    }
  }

  /** Polls from 0.5 s growing to 5 s, for at most {@code deadline}. */
  public static JobWait of(Duration deadline) {
    return new JobWait(deadline, Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  /** A clock for one job, started now. */
  public Timer start() {
    return new Timer(this, null, Ticker.systemTicker());
  }

  /** A clock for one job, started now, whose pauses end early when {@code hook} receives a call. */
  public Timer start(JobHooks.@Nullable Hook hook) {
    return new Timer(this, hook, Ticker.systemTicker());
  }

  /** Reads one vendor's job JSON. */
  @FunctionalInterface
  public interface JobReader<J> {
    /**
     * The job in {@code body}.
     *
     * @throws CallFailed when the body is not a job
     */
    J read(byte[] body) throws CallFailed;
  }

  /** The wait for one job: its deadline and the next pause. Confined to the calling thread. */
  public static final class Timer {
    private final long deadlineNanos;
    private final long maxPollNanos;
    private final JobHooks.@Nullable Hook hook;
    private final Ticker ticker;
    private long nextPollNanos;

    private Timer(JobWait wait, JobHooks.@Nullable Hook hook, Ticker ticker) {
      this.hook = hook;
      this.ticker = ticker;
      this.deadlineNanos = ticker.read() + wait.deadline.toNanos();
      this.nextPollNanos = wait.firstPoll.toNanos();
      this.maxPollNanos = wait.maxPoll.toNanos();
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
      return remaining().isZero();
    }

    /** The time left before the deadline, zero once it has passed. */
    public Duration remaining() {
      long left = deadlineNanos - ticker.read();
      return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /**
     * Sleeps until the next poll, or for {@code atLeast} when the provider asked for longer, never past
     * the deadline; returns at once when the job's webhook has a call waiting.
     *
     * @throws InterruptedException when the call is cancelled while sleeping
     */
    public void pause(Duration atLeast) throws InterruptedException {
      long pause = Math.max(nextPollNanos, atLeast.toNanos());
      nextPollNanos = Math.min(maxPollNanos, nextPollNanos + nextPollNanos / 2);
      long sleep = Math.min(pause, remaining().toNanos());
      if (hook != null) {
        hook.await(sleep);
      } else if (sleep > 0) {
        Thread.sleep(Duration.ofNanos(sleep));
      }
    }

    /**
     * The state of job {@code id} from the oldest webhook call delivered for it and not yet read, or null
     * when none came, or it is unreadable or about another job (logged; the client then polls).
     *
     * @param reader reads one vendor's job JSON, raising {@link CallFailed} when it is not a job
     * @param idOf the id of a job read
     */
    public <J> @Nullable J delivered(String id, JobReader<J> reader, Function<J, String> idOf, String label) {
      byte[] body = hook == null ? null : hook.take();
      if (body == null) {
        return null;
      }
      try {
        J job = reader.read(body);
        if (idOf.apply(job).equals(id)) {
          log.debug("{}: job {} reported by webhook", label, id);
          return job;
        }
        log.warn("{}: the webhook of job {} delivered another job; polling", label, id);
      } catch (CallFailed e) {
        log.warn("{}: the webhook of job {} delivered {} bytes that are not a job; polling", label, id, body.length);
      }
      return null;
    }

    /**
     * Lets a failed poll pass: waits out a rate limit, ignores a transient failure (the next poll may
     * work), and raises anything else (bad key, unknown job).
     *
     * @throws CallFailed carrying {@code failure} when it is neither rate-limited nor transient
     * @throws InterruptedException when the call is cancelled while waiting
     */
    public void tolerate(ProviderFailure failure) throws CallFailed, InterruptedException {
      switch (failure) {
        case ProviderFailure.RateLimited limited -> pause(limited.retryAfter());
        case ProviderFailure.Transient passing -> { }
        default -> throw new CallFailed(failure);
      }
    }
  }
}
