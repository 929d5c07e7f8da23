package io.rolemarket.imagebot.telegram;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Every message the bot sends goes through here, so the bot stays inside Telegram's limits: at most one
 * message a second per chat, 20 a minute per group, 30 a second in all. A caller is given the next free
 * slot for its chat and sleeps until then (callers are virtual threads). A 429 answer is honoured: the
 * chat waits {@code retry_after}, then the call is made again from its factory (a fresh
 * upload stream each time), so no message is lost.
 *
 * <p>Two lanes share the limits: answers people wait for ({@link #send}) go ahead of the status
 * messages ({@link #sendStatus}, edits and deletions of "queued…" and "drawing…" lines), which keep their
 * place behind one another. After a burst, a cached answer thus leaves at once instead of behind a
 * hundred queued status deletions; a chat's own messages still keep their order and its one-a-second
 * spacing. The hard check on actual send times holds both lanes to the global limit. Safe for concurrent
 * use.
 */
final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int MAX_TRIES = 5;

  private final TelegramSettings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, Long> chatNext = new HashMap<>();
  private final Map<Long, Long> chatLastSent = new HashMap<>();
  private final java.util.ArrayDeque<Long> sentLastSecond = new java.util.ArrayDeque<>();
  private long globalNext;
  private long answerNext;

  /** A Bot API call that may be made more than once. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws TelegramApiException;
  }

  Outbox(TelegramSettings settings) {
    this.settings = settings;
    this.globalNext = System.nanoTime();
    this.answerNext = globalNext;
  }

  /** Sends an answer to {@code chatId}, ahead of queued status messages; retries after a 429. */
  <T> T send(long chatId, boolean group, Call<T> call) throws TelegramApiException, InterruptedException {
    return send(chatId, group, true, call);
  }

  /** Sends, edits or deletes a status message of {@code chatId} in its turn; retries after a 429. */
  <T> T sendStatus(long chatId, boolean group, Call<T> call) throws TelegramApiException, InterruptedException {
    return send(chatId, group, false, call);
  }

  private <T> T send(long chatId, boolean group, boolean answer, Call<T> call)
      throws TelegramApiException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      sleepUntil(reserve(chatId, group, answer));
      admit(chatId, group);
      try {
        return call.run();
      } catch (TelegramApiRequestException e) {
        Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
        if (e.getErrorCode() == null || e.getErrorCode() != 429 || attempt >= MAX_TRIES) {
          throw e;
        }
        long waitMillis = Math.max(1, retryAfter == null ? 1 : retryAfter) * 1000L
            + ThreadLocalRandom.current().nextLong(250);
        log.warn("Telegram asked to slow down (429) for chat {}; waiting {} ms", chatId, waitMillis);
        pushBack(chatId, waitMillis);
      }
    }
  }

  /**
   * The hard check right before a send, on actual send times (a caller may wake late from its slot and
   * must not then bunch with the next): the chat's previous message at least an interval ago, fewer
   * than a second's worth of messages in the last second.
   */
  private void admit(long chatId, boolean group) throws InterruptedException {
    long interval = (group ? settings.groupInterval() : settings.perChatInterval()).toNanos();
    int perSecond = (int) Math.max(1, 1_000_000_000L / Math.max(1, settings.globalInterval().toNanos()));
    while (true) {
      long wait;
      lock.lock();
      try {
        long now = System.nanoTime();
        while (!sentLastSecond.isEmpty() && now - sentLastSecond.peekFirst() >= 1_000_000_000L) {
          sentLastSecond.pollFirst();
        }
        long chatWait = chatLastSent.containsKey(chatId) ? chatLastSent.get(chatId) + interval - now : 0;
        long globalWait = sentLastSecond.size() < perSecond ? 0 : sentLastSecond.peekFirst() + 1_000_000_000L - now;
        wait = Math.max(chatWait, globalWait);
        if (wait <= 0) {
          chatLastSent.put(chatId, now);
          sentLastSecond.addLast(now);
          if (chatLastSent.size() > 10_000) {
            chatLastSent.values().removeIf(sent -> now - sent > interval);
          }
          return;
        }
      } finally {
        lock.unlock();
      }
      Thread.sleep(Duration.ofNanos(wait));
    }
  }

  /** Makes a call that is not a message (answering a button, a chat action): global pacing only. */
  <T> T call(Call<T> call) throws TelegramApiException, InterruptedException {
    sleepUntil(reserveGlobal());
    return call.run();
  }

  /** Whether {@code chatId} could get a message now without waiting (for optional calls like chat actions). */
  boolean idle(long chatId) {
    lock.lock();
    try {
      return chatNext.getOrDefault(chatId, 0L) <= System.nanoTime();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next slot for a message to {@code chatId}: after the chat's previous one, and after the answers
   * already queued; a status message also after the status messages already queued. Answers push the
   * status queue back behind them.
   */
  private long reserve(long chatId, boolean group, boolean answer) {
    long interval = (group ? settings.groupInterval() : settings.perChatInterval()).toNanos();
    long globalInterval = settings.globalInterval().toNanos();
    lock.lock();
    try {
      long now = System.nanoTime();
      long chatSlot = Math.max(now, chatNext.getOrDefault(chatId, now));
      long slot;
      if (answer) {
        slot = Math.max(chatSlot, answerNext);
        answerNext = slot + globalInterval;
        globalNext = Math.max(globalNext, answerNext);
      } else {
        slot = Math.max(globalNext, chatSlot);
        globalNext = slot + globalInterval;
      }
      chatNext.put(chatId, slot + interval);
      if (chatNext.size() > 10_000) {
        chatNext.values().removeIf(next -> next < now);
      }
      return slot;
    } finally {
      lock.unlock();
    }
  }

  private long reserveGlobal() {
    lock.lock();
    try {
      long slot = Math.max(System.nanoTime(), globalNext);
      globalNext = slot + settings.globalInterval().toNanos();
      return slot;
    } finally {
      lock.unlock();
    }
  }

  private void pushBack(long chatId, long waitMillis) {
    lock.lock();
    try {
      long until = System.nanoTime() + Duration.ofMillis(waitMillis).toNanos();
      chatNext.merge(chatId, until, Math::max);
    } finally {
      lock.unlock();
    }
  }

  private static void sleepUntil(long slotNanos) throws InterruptedException {
    long wait = slotNanos - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }
}
