package io.rolemarket.imagebot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.store.UpdateInbox;
import io.rolemarket.imagebot.core.store.UpdateInbox.Inboxed;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Hands the updates webhook receivers stored in the {@link UpdateInbox} to the adapter's handling, on one
 * thread: takes what waits (oldest first, claimed for {@link #LEASE} so another consumer skips it), passes the
 * batch on and marks each update done. Woken at once by a receiver of this process ({@link #wake}) and every
 * {@link #POLL} for those of other processes. A consumer that dies between take and done leaves its claim to
 * run out; the next consumer then takes those updates again (the handling drops what it saw already). Safe
 * for concurrent use.
 */
final class InboxConsumer implements AutoCloseable {
  /** How long a taken batch is claimed: far longer than handing it on takes (store writes, no Bot API call). */
  static final Duration LEASE = Duration.ofSeconds(30);
  /** How often the inbox is looked at for what other processes stored. */
  static final Duration POLL = Duration.ofMillis(250);
  private static final int BATCH = 50;
  private static final Logger log = LoggerFactory.getLogger(InboxConsumer.class);

  private final UpdateInbox inbox;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Consumer<List<Update>> handling;
  private final Semaphore wakeUps = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts consuming. {@code handling} gets each batch in order; when it throws, the batch is not marked done and
   * is taken again once its claim runs out.
   */
  InboxConsumer(UpdateInbox inbox, ObjectMapper mapper, Clock clock, Consumer<List<Update>> handling) {
    this.inbox = inbox;
    this.mapper = mapper;
    this.clock = clock;
    this.handling = handling;
    this.thread = Thread.ofPlatform().name("telegram-inbox").daemon(true).start(this::run);
  }

  /** Looks at the inbox now: something was stored. */
  void wake() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  private void run() {
    while (!closed) {
      boolean more;
      try {
        more = drainOnce();
      } catch (RuntimeException e) {
        log.warn("could not take or hand on updates from the inbox; trying again: {}", e.getMessage());
        more = false;
      }
      if (!more) {
        try {
          wakeUps.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
          wakeUps.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Takes, hands on and marks done one batch; returns whether it was full (more may wait). */
  private boolean drainOnce() {
    List<Inboxed> taken = inbox.take(WebhookReceiver.PLATFORM, BATCH, clock.instant(), LEASE);
    if (taken.isEmpty()) {
      return false;
    }
    List<Update> updates = new ArrayList<>();
    for (Inboxed stored : taken) {
      try {
        updates.add(mapper.readValue(stored.payload(), Update.class));
      } catch (IOException e) {
        log.error("update {} in the inbox cannot be read; dropped: {}", stored.eventId(), e.getMessage());
      }
    }
    handling.accept(updates);
    for (Inboxed stored : taken) {
      inbox.done(stored.platform(), stored.eventId(), clock.instant());
    }
    return taken.size() == BATCH;
  }

  /** Stops after handing on the batch in hand, if any. */
  @Override
  public void close() {
    closed = true;
    wake();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }
}
