package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.work.Worker;
import io.rolemarket.imagebot.data.Leadership;
import io.rolemarket.imagebot.data.SqlStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process among the bot's processes on one PostgreSQL database ({@code IMAGEBOT_ROLE}): every process settles
 * what stopped ones left in flight (every few seconds); a worker ({@code worker}, {@code all}) runs queued requests;
 * an edge ({@code edge}, {@code all}) serves the platforms only while it leads, and stands by until then. A process
 * that finds itself cut off (its leadership connection lost, or taken for dead by the others) stops at once with
 * exit code 3, for its supervisor to start it again. Closing it stops the worker (finishing what it runs, for a while)
 * and gives the lead up.
 */
final class Cluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Cluster.class);
  /** How often a standby asks for the lead and a leader checks its connection. */
  private static final Duration LEAD_EVERY = Duration.ofSeconds(1);
  /** How often a worker with nothing to do looks at the queue, and an edge at the requests it waits for. */
  static final Duration POLL = Duration.ofMillis(200);
  /** The exit code of a process that was cut off from the others. */
  static final int CUT_OFF = 3;

  private final AppConfig.Postgres settings;
  private final ScheduledExecutorService reaper;
  private final @Nullable Worker worker;
  private final @Nullable Leadership leadership;

  private Cluster(AppConfig.Postgres settings, ImageBot bot, SqlStore store) {
    this.settings = settings;
    store.announce(settings.role().name().toLowerCase(java.util.Locale.ROOT));
    store.onLost(() -> cutOff("the other processes took this one for dead"));
    this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("reaper").factory());
    long every = SqlStore.LEASE.toMillis() / 2;
    reaper.scheduleWithFixedDelay(() -> {
      try {
        int settled = bot.reapOrphans();
        if (settled > 0) {
          log.warn("settled {} thing(s) a stopped process left in flight", settled);
        }
        if (settings.role().works()) {
          bot.adoptOrphanedJobs();
        }
      } catch (RuntimeException e) {
        log.warn("could not settle what stopped processes left: {}", e.getMessage());
      }
    }, every, every, TimeUnit.MILLISECONDS);
    this.worker = settings.role().works() ? bot.startWorker(settings.workers(), POLL) : null;
    Worker working = worker;
    store.onChange(() -> {
      bot.workChanged();
      if (working != null) {
        working.wake();
      }
    });
    this.leadership = settings.role().edge() ? Leadership.campaign(settings.url(), settings.password(), LEAD_EVERY,
        () -> cutOff("the connection that holds the lead is lost")) : null;
  }

  /** Starts this process's part: settling, working, asking for the lead, as {@code settings.role()} says. */
  static Cluster start(AppConfig.Postgres settings, ImageBot bot, SqlStore store) {
    return new Cluster(settings, bot, store);
  }

  /** What this process does. */
  AppConfig.ProcessRole role() {
    return settings.role();
  }

  /** Waits until this process leads the edge, saying so on {@code out} when it has to wait. */
  void awaitLead(PrintStream out) throws InterruptedException {
    if (leadership == null) {
      throw new IllegalStateException("a worker does not lead");
    }
    if (!leadership.awaitLead(LEAD_EVERY.multipliedBy(2))) {
      out.println("Standing by: another process leads the platforms; this one takes over when it stops.");
      leadership.awaitLead();
    }
    out.println("Leading: this process serves the platforms.");
  }

  private static void cutOff(String why) {
    log.error("{}: stopping (exit code {}) so that no two processes do the same work", why, CUT_OFF);
    System.err.println("stopping: " + why);
    Runtime.getRuntime().halt(CUT_OFF);
  }

  @Override
  public void close() {
    reaper.shutdownNow();
    if (worker != null) {
      worker.close(Duration.ofSeconds(30));
    }
    if (leadership != null) {
      leadership.close();
    }
  }
}
