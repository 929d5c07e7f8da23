package io.rolemarket.imagebot.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunningJobsTest {
  private final RunningJobs jobs = new RunningJobs();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void cancel_interruptsTheUsersWaitingJob_andEndReportsIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean endedCancelled = new AtomicBoolean();
    Thread worker = Thread.ofVirtual().start(() -> {
      RunningJobs.Job job = jobs.start("discord:1");
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      endedCancelled.set(jobs.end(job));
    });
    started.await();

    assertEquals(0, jobs.cancel("discord:2"), "another user's cancel");
    assertEquals(1, jobs.cancel("discord:1"));
    worker.join();

    assertTrue(interrupted.get());
    assertTrue(endedCancelled.get());
    assertEquals(0, jobs.count("discord:1"));
  }

  @Test
  void end_clearsTheInterruptOfACancelledJob() {
    RunningJobs.Job job = jobs.start("discord:1");
    assertEquals(1, jobs.cancel("discord:1"));
    assertTrue(Thread.currentThread().isInterrupted());

    assertTrue(jobs.end(job));
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void cancel_afterEnd_interruptsNothing() {
    RunningJobs.Job job = jobs.start("discord:1");
    assertFalse(jobs.end(job));

    assertEquals(0, jobs.cancel("discord:1"));
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void cancel_stopsEveryJobOfTheUser() {
    RunningJobs.Job first = jobs.start("discord:1");
    RunningJobs.Job second = jobs.start("discord:1");
    assertEquals(2, jobs.count("discord:1"));

    assertEquals(2, jobs.cancel("discord:1"));
    assertTrue(jobs.end(first));
    assertTrue(jobs.end(second));
    assertEquals(0, jobs.count("discord:1"));
  }

  @Test
  void end_onAnotherThread_isRefused() throws Exception {
    RunningJobs.Job job = jobs.start("discord:1");
    AtomicBoolean refused = new AtomicBoolean();
    Thread.ofVirtual().start(() -> refused.set(assertThrows(IllegalStateException.class,
        () -> jobs.end(job)) != null)).join();
    assertTrue(refused.get());
    jobs.end(job);
  }
}
