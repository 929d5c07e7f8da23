package io.rolemarket.imagebot.telegram;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
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
 * place behind one another and are dropped when they are no longer wanted by the time their turn comes
 * (the job ended meanwhile). After a burst, a cached answer thus leaves at once instead of behind a
 * hundred queued status deletions, and a picture is not held a second behind a status line about itself.
 * The hard check on actual send times holds both lanes to the global limit and every chat to its
 * spacing. Safe for concurrent use.
 */
final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int MAX_TRIES = 5;

  private final TelegramSettings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, Long> chatNext = new HashMap<>();
  private final Map<Long, Long> chatAnswerNext = new HashMap<>();
  private final Map<Long, Long> chatLastSent = new HashMap<>();
  private final java.util.ArrayDeque<Long> sentLastSecond = new java.util.ArrayDeque<>();
  /** The monotonic time the pacing is measured by. */
  private final Ticker ticker;
  private long globalNext;
  private long answerNext;

  /** A Bot API call that may be made more than once. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws TelegramApiException;
  }

  Outbox(TelegramSettings settings, Ticker ticker) {
    this.settings = settings;
    this.ticker = ticker;
    this.globalNext = ticker.read();
    this.answerNext = globalNext;
  }

  /** Sends an answer to {@code chatId}, ahead of queued status messages; retries after a 429. */
  <T> T send(long chatId, boolean group, Call<T> call) throws TelegramApiException, InterruptedException {
    T result = send(chatId, group, null, call);
    if (result == null) {
      throw new IllegalStateException("an answer is never dropped");
    }
    return result;
  }

  /**
   * Sends, edits or deletes a status message of {@code chatId} in its turn, unless it is no longer
   * {@code wanted} when that turn comes; retries after a 429.
   *
   * @return the call's result, or null when it was dropped unsent
   */
  <T> @Nullable T sendStatus(long chatId, boolean group, BooleanSupplier wanted, Call<T> call)
      throws TelegramApiException, InterruptedException {
    return send(chatId, group, wanted, call);
  }

  private <T> @Nullable T send(long chatId, boolean group, @Nullable BooleanSupplier wanted, Call<T> call)
      throws TelegramApiException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      sleepUntil(reserve(chatId, group, wanted == null));
      if (!admit(chatId, group, wanted)) {
        return null;
      }
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
   * than a second's worth of messages in the last second. A status message no longer {@code wanted} is
   * not admitted.
   *
   * @return whether the message may go now; false when it was dropped
   */
  private boolean admit(long chatId, boolean group, @Nullable BooleanSupplier wanted) throws InterruptedException {
    long interval = (group ? settings.groupInterval() : settings.perChatInterval()).toNanos();
    int perSecond = (int) Math.max(1, 1_000_000_000L / Math.max(1, settings.globalInterval().toNanos()));
    while (true) {
      if (wanted != null && !wanted.getAsBoolean()) {
        return false;
      }
      long wait;
      lock.lock();
      try {
        long now = ticker.read();
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
          return true;
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
      return chatNext.getOrDefault(chatId, 0L) <= ticker.read();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next slot for a message to {@code chatId}. An answer: after the answers already queued (to any
   * chat and to this one) and a second after this chat's last message actually sent, but not behind
   * queued status messages. A status message: after every status message already queued and after this
   * chat's queued answers. Answers push the status queue back behind them.
   */
  private long reserve(long chatId, boolean group, boolean answer) {
    long interval = (group ? settings.groupInterval() : settings.perChatInterval()).toNanos();
    long globalInterval = settings.globalInterval().toNanos();
    lock.lock();
    try {
      long now = ticker.read();
      long slot;
      if (answer) {
        long lastSent = chatLastSent.containsKey(chatId) ? chatLastSent.get(chatId) + interval : now;
        slot = Math.max(Math.max(now, lastSent), Math.max(answerNext, chatAnswerNext.getOrDefault(chatId, now)));
        answerNext = slot + globalInterval;
        globalNext = Math.max(globalNext, answerNext);
        chatAnswerNext.put(chatId, slot + interval);
        chatNext.merge(chatId, slot + interval, Math::max);
      } else {
        slot = Math.max(Math.max(now, globalNext), chatNext.getOrDefault(chatId, now));
        globalNext = slot + globalInterval;
        chatNext.put(chatId, slot + interval);
      }
      if (chatNext.size() > 10_000) {
        chatNext.values().removeIf(next -> next < now);
        chatAnswerNext.values().removeIf(next -> next < now);
      }
      return slot;
    } finally {
      lock.unlock();
    }
  }

  private long reserveGlobal() {
    lock.lock();
    try {
      long slot = Math.max(ticker.read(), globalNext);
      globalNext = slot + settings.globalInterval().toNanos();
      return slot;
    } finally {
      lock.unlock();
    }
  }

  private void pushBack(long chatId, long waitMillis) {
    lock.lock();
    try {
      long until = ticker.read() + Duration.ofMillis(waitMillis).toNanos();
      chatNext.merge(chatId, until, Math::max);
    } finally {
      lock.unlock();
    }
  }

  private void sleepUntil(long slotNanos) throws InterruptedException {
    long wait = slotNanos - ticker.read();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }
}
