package io.rolemarket.imagebot.core;

import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Each user's generations and provider actions in progress, so {@code /cancel} can stop them on every
 * platform alike: cancelling interrupts a job's thread, and the core then refunds it. A job is started and
 * ended on its own thread, around the core's work only; once ended, no interrupt from a late {@code /cancel}
 * reaches that thread, so delivering a finished result is never cut short. Safe for concurrent use.
 */
final class RunningJobs {
  private final Map<String, Set<Job>> byUser = new ConcurrentHashMap<>();

  /** One job in progress: its user and the thread running it. */
  static final class Job {
    private final String userKey;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean ended;
    private boolean cancelled;

    private Job(String userKey, Thread thread) {
      this.userKey = userKey;
      this.thread = thread;
    }

    /** Interrupts the job's thread unless the job has ended; true when it did. */
    private boolean cancel() {
      lock.lock();
      try {
        if (ended) {
          return false;
        }
        cancelled = true;
        thread.interrupt();
        return true;
      } finally {
        lock.unlock();
      }
    }

    /** Ends the job and clears its thread's interrupt; true when it was cancelled first. */
    private boolean end() {
      lock.lock();
      try {
        ended = true;
        Thread.interrupted();
        return cancelled;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Registers a job of {@code userKey} running on the calling thread; end it with {@link #end} on that thread. */
  Job start(String userKey) {
    Job job = new Job(userKey, Thread.currentThread());
    byUser.compute(userKey, (key, jobs) -> {
      Set<Job> mine = jobs != null ? jobs : ConcurrentHashMap.newKeySet();
      mine.add(job);
      return mine;
    });
    return job;
  }

  /**
   * Ends {@code job}, clearing the calling thread's interrupt flag (call it on the job's own thread).
   *
   * @return whether the job was cancelled before it ended
   * @throws IllegalStateException when called from another thread
   */
  boolean end(Job job) {
    if (job.thread != Thread.currentThread()) {
      throw new IllegalStateException("a job is ended on its own thread, was " + Thread.currentThread());
    }
    boolean cancelled = job.end();
    byUser.computeIfPresent(job.userKey, (key, jobs) -> {
      jobs.remove(job);
      return jobs.isEmpty() ? null : jobs;
    });
    return cancelled;
  }

  /**
   * Runs {@code work} as a job of {@code userKey} on the calling thread. When the job was cancelled and
   * made no pictures, the outcome says so ({@link Failure.Cancelled}), whatever stopped it.
   */
  GenerateOutcome run(String userKey, Supplier<GenerateOutcome> work) {
    Job job = start(userKey);
    GenerateOutcome outcome;
    boolean cancelled;
    try {
      outcome = work.get();
    } finally {
      cancelled = end(job);
    }
    return cancelled && !(outcome instanceof GenerateOutcome.Generated)
        ? new GenerateOutcome.Failed(new Failure.Cancelled()) : outcome;
  }

  /** Interrupts {@code userKey}'s jobs in progress; returns how many were. */
  int cancel(String userKey) {
    int cancelled = 0;
    for (Job job : byUser.getOrDefault(userKey, Set.of())) {
      if (job.cancel()) {
        cancelled++;
      }
    }
    return cancelled;
  }

  /** How many jobs are in progress, everyone's. */
  int total() {
    return byUser.values().stream().mapToInt(Set::size).sum();
  }

  /** How many jobs {@code userKey} has in progress. */
  int count(String userKey) {
    return byUser.getOrDefault(userKey, Set.of()).size();
  }
}
