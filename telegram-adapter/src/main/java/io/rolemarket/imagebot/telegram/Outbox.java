package io.rolemarket.imagebot.telegram;

import com.github.benmanes.caffeine.cache.Ticker;
import io.rolemarket.imagebot.core.BotMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Every message the bot sends goes through here, so the bot stays inside Telegram's limits: at most one
 * message a second per chat, 20 a minute per group, 30 a second in all.
 *
 * <p>Design: nothing is booked ahead. Each chat has its own queue of waiting messages, answers people wait
 * for ({@link #send}) ahead of status lines ({@link #sendStatus}), each in arrival order; a message goes
 * when it heads its chat's queue, its chat's last message went an interval ago, and the global pace (one
 * message per global interval) has a slot free. So one chat's backlog only ever waits on that chat's own
 * spacing and never pushes another chat's answers back, and a flood in one chat leaves the others alone.
 * A status line yields the global slot to any answer that could go, and is dropped unsent when it is no
 * longer wanted by its turn (the job ended meanwhile).
 *
 * <p>A 429 is honoured exactly: the chat sends nothing until {@code retry_after} has passed (a few 429s
 * in different chats within a second are taken as a global limit, and then nobody sends until it has
 * passed), and the message is sent again from its factory (a fresh upload stream each time), as often as
 * it takes: an answer is never dropped for a 429. A network failure is retried a few times with backoff.
 * What ends a send is a refusal that will not change, such as a chat that blocked the bot or is gone
 * ({@link #unreachable}). Safe for concurrent use; callers are virtual threads and wait here.
 */
final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final int NETWORK_TRIES = 5;
  /** This many chats refused with a 429 within one second: the limit is global, not theirs. */
  private static final int GLOBAL_429_CHATS = 3;

  private final TelegramSettings settings;
  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Long, ChatQueue> chats = new HashMap<>();
  private final ArrayDeque<Long> sentLastSecond = new ArrayDeque<>();
  private final ArrayDeque<long[]> recent429s = new ArrayDeque<>();
  private long globalBlockedUntil;
  private long globalNext;
  private long callNext;
  private int answersWaiting;
  private long sequence;
  private final BotMetrics metrics;

  /** A Bot API call that may be made more than once. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws TelegramApiException;
  }

  /** One message to send: answers first, then by arrival. Guarded by {@link #lock}. */
  private static final class Ticket {
    final long chatId;
    final boolean answer;
    final long seq;
    /** On the wire now. */
    boolean sending;
    /** An answer counted in {@link #answersWaiting}. */
    boolean counted;

    Ticket(long chatId, boolean answer, long seq) {
      this.chatId = chatId;
      this.answer = answer;
      this.seq = seq;
    }
  }

  private static final Comparator<Ticket> TURN =
      Comparator.comparing((Ticket ticket) -> !ticket.answer).thenComparingLong(ticket -> ticket.seq);

  /** One chat's waiting messages and pacing. Guarded by {@link #lock}. */
  private static final class ChatQueue {
    final TreeSet<Ticket> waiting = new TreeSet<>(TURN);
    boolean sending;
    boolean sentBefore;
    boolean group;
    long lastSent;
    long blockedUntil;
  }

  Outbox(TelegramSettings settings, Ticker ticker) {
    this(settings, ticker, BotMetrics.none());
  }

  /** An outbox that counts Telegram's 429s and the waits they ask for on {@code metrics}. */
  Outbox(TelegramSettings settings, Ticker ticker, BotMetrics metrics) {
    this.metrics = metrics;
    this.settings = settings;
    this.ticker = ticker;
    long now = ticker.read();
    this.globalBlockedUntil = now;
    this.globalNext = now;
    this.callNext = now;
  }

  /** Sends an answer to {@code chatId}, ahead of its queued status messages; waits out every 429. */
  <T> T send(long chatId, boolean group, Call<T> call) throws TelegramApiException, InterruptedException {
    T result = send(chatId, group, null, call);
    if (result == null) {
      throw new IllegalStateException("an answer is never dropped");
    }
    return result;
  }

  /**
   * Sends, edits or deletes a status message of {@code chatId} in its turn, unless it is no longer
   * {@code wanted} when that turn comes; waits out every 429.
   *
   * @return the call's result, or null when it was dropped unsent
   */
  <T> @Nullable T sendStatus(long chatId, boolean group, BooleanSupplier wanted, Call<T> call)
      throws TelegramApiException, InterruptedException {
    return send(chatId, group, wanted, call);
  }

  /** Whether Telegram refused for good: the bot was blocked or removed, or the chat is gone. */
  static boolean unreachable(TelegramApiException e) {
    if (!(e instanceof TelegramApiRequestException request) || request.getErrorCode() == null) {
      return false;
    }
    String description = request.getApiResponse() == null ? "" : request.getApiResponse().toLowerCase();
    return request.getErrorCode() == 403
        || (request.getErrorCode() == 400 && (description.contains("chat not found")
            || description.contains("user not found") || description.contains("chat_write_forbidden")));
  }

  private <T> @Nullable T send(long chatId, boolean group, @Nullable BooleanSupplier wanted, Call<T> call)
      throws TelegramApiException, InterruptedException {
    Ticket ticket = enqueue(chatId, wanted == null);
    try {
      for (int networkFailures = 0; ; ) {
        if (!awaitTurn(ticket, group, wanted)) {
          return null;
        }
        try {
          return call.run();
        } catch (TelegramApiRequestException e) {
          if (e.getErrorCode() == null || e.getErrorCode() != 429) {
            throw e;
          }
          Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
          Duration wait = Duration.ofSeconds(Math.max(1, retryAfter == null ? 1 : retryAfter));
          metrics.platformRateLimited("telegram", wait);
          requeue(ticket, wait);
        } catch (TelegramApiException e) {
          if (++networkFailures >= NETWORK_TRIES) {
            throw e;
          }
          long backoff = (500L << networkFailures) + ThreadLocalRandom.current().nextLong(250);
          log.warn("sending to chat {} failed ({}); trying again in {} ms", chatId, e.getMessage(), backoff);
          requeue(ticket, null);
          Thread.sleep(backoff);
        }
      }
    } finally {
      leave(ticket);
    }
  }

  private Ticket enqueue(long chatId, boolean answer) {
    lock.lock();
    try {
      Ticket ticket = new Ticket(chatId, answer, sequence++);
      chats.computeIfAbsent(chatId, id -> new ChatQueue()).waiting.add(ticket);
      count(ticket, true);
      return ticket;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code ticket} may go: it heads its chat's queue and nothing of its chat is on the wire,
   * its chat and everyone are past any 429 wait, its chat's last message went an interval ago, the global
   * pace has its next slot free (one message per global interval, so sends are spread over the second, never
   * bunched), and fewer than a second's worth went out in the last second. A status line also lets any answer
   * that could go now go first. Marks the ticket as sending.
   *
   * @return false when a status line is no longer wanted (it leaves the queue)
   */
  private boolean awaitTurn(Ticket ticket, boolean group, @Nullable BooleanSupplier wanted)
      throws InterruptedException {
    int perSecond = (int) Math.max(1, SECOND / Math.max(1, settings.globalInterval().toNanos()));
    while (true) {
      if (wanted != null && !wanted.getAsBoolean()) {
        return false;
      }
      lock.lock();
      try {
        ChatQueue chat = chats.get(ticket.chatId);
        long now = ticker.read();
        while (!sentLastSecond.isEmpty() && now - sentLastSecond.peekFirst() >= SECOND) {
          sentLastSecond.pollFirst();
        }
        long wait;
        if (chat.sending || chat.waiting.first() != ticket) {
          wait = SECOND;
        } else {
          // Status lines take at most half of a second's budget, so answers coming soon find room.
          int budget = ticket.answer ? perSecond : Math.max(1, perSecond / 2);
          long budgetWait = sentLastSecond.size() < budget ? 0
              : sentAt(sentLastSecond.size() - budget) + SECOND - now;
          // The pace's grid spreads a busy second's sends; in a quiet one (under half its budget used) an answer
          // goes at once rather than wait out the grid for nothing. Status lines always keep to the grid.
          long paceWait = ticket.answer && sentLastSecond.size() < perSecond / 2 ? 0 : globalNext - now;
          wait = Math.max(Math.max(chatWait(chat, group, now), globalBlockedUntil - now),
              Math.max(paceWait, budgetWait));
          if (wait <= 0 && !ticket.answer && answerReady(now)) {
            wait = settings.globalInterval().toNanos();
          }
          if (wait <= 0) {
            chat.sending = true;
            ticket.sending = true;
            chat.sentBefore = true;
            chat.lastSent = now;
            chat.group = group;
            sentLastSecond.addLast(now);
            // Keep to the pace's grid: a sender that woke a little late does not push every later slot back
            // (the one-second window above still holds the global limit).
            long interval = settings.globalInterval().toNanos();
            globalNext = Math.max(globalNext, now - interval) + interval;
            count(ticket, false);
            return true;
          }
        }
        // A status line re-checks whether it is still wanted at least every 200 ms.
        changed.awaitNanos(wanted == null ? wait : Math.min(wait, TimeUnit.MILLISECONDS.toNanos(200)));
      } finally {
        lock.unlock();
      }
    }
  }

  /** When the {@code index}-th oldest send of the last second went (0: the oldest). Guarded by {@link #lock}. */
  private long sentAt(int index) {
    Iterator<Long> sends = sentLastSecond.iterator();
    for (int i = 0; i < index; i++) {
      sends.next();
    }
    return sends.next();
  }

  /** How long {@code chat}'s next message must still wait for its own spacing and 429s (zero or less: none). */
  private long chatWait(ChatQueue chat, boolean group, long now) {
    long interval = (group ? settings.groupInterval() : settings.perChatInterval()).toNanos();
    long spacing = chat.sentBefore ? chat.lastSent + interval - now : 0;
    return Math.max(spacing, chat.blockedUntil - now);
  }

  /** Whether some chat has an answer at its head that its own spacing and 429s would let go now. */
  private boolean answerReady(long now) {
    if (answersWaiting == 0) {
      return false;
    }
    for (ChatQueue chat : chats.values()) {
      if (!chat.sending && !chat.waiting.isEmpty() && chat.waiting.first().answer
          && chatWait(chat, chat.group, now) <= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The message is back in its chat's queue after a failed send; after a 429 ({@code retryAfter} given)
   * the chat, or everyone for a global limit, waits exactly what Telegram asked.
   */
  private void requeue(Ticket ticket, @Nullable Duration retryAfter) {
    lock.lock();
    try {
      ChatQueue chat = chats.get(ticket.chatId);
      chat.sending = false;
      ticket.sending = false;
      count(ticket, true);
      if (retryAfter != null) {
        long now = ticker.read();
        long until = now + retryAfter.toNanos();
        chat.blockedUntil = Math.max(chat.blockedUntil, until);
        while (!recent429s.isEmpty() && now - recent429s.peekFirst()[0] >= SECOND) {
          recent429s.pollFirst();
        }
        recent429s.addLast(new long[] {now, ticket.chatId});
        boolean global = recent429s.stream().mapToLong(entry -> entry[1]).distinct().count() >= GLOBAL_429_CHATS;
        if (global) {
          globalBlockedUntil = Math.max(globalBlockedUntil, until);
        }
        log.warn("Telegram asked to slow down (429){}; waiting {} s",
            global ? " for every chat" : " for chat " + ticket.chatId, retryAfter.toSeconds());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The message's send is over, sent or not: it leaves its chat's queue. */
  private void leave(Ticket ticket) {
    lock.lock();
    try {
      ChatQueue chat = chats.get(ticket.chatId);
      chat.waiting.remove(ticket);
      count(ticket, false);
      long now = ticker.read();
      if (ticket.sending) {
        ticket.sending = false;
        chat.sending = false;
        // The chat's spacing counts from the answer, not the start: a message that spent long on the way
        // (a loaded network) still reaches Telegram a full interval before the chat's next one.
        chat.lastSent = Math.max(chat.lastSent, now);
      }
      if (chat.waiting.isEmpty() && !chat.sending && now - chat.lastSent > 5 * SECOND && now - chat.blockedUntil > 0) {
        chats.remove(ticket.chatId);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Counts an answer as waiting for the global budget, or stops counting it. */
  private void count(Ticket ticket, boolean waiting) {
    if (ticket.answer && ticket.counted != waiting) {
      ticket.counted = waiting;
      answersWaiting += waiting ? 1 : -1;
    }
  }

  /**
   * Makes a call that is not a message (answering a button, a chat action): paced on its own, so it never
   * takes a message's slot (Telegram's limits count messages), and held by a global 429 like everything.
   */
  <T> T call(Call<T> call) throws TelegramApiException, InterruptedException {
    long slot;
    lock.lock();
    try {
      slot = Math.max(Math.max(ticker.read(), callNext), globalBlockedUntil);
      callNext = slot + settings.globalInterval().toNanos();
    } finally {
      lock.unlock();
    }
    long wait = slot - ticker.read();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
    return call.run();
  }

  /**
   * Makes an optional call (a chat action) only if the per-second budget has room to spare: no answer is
   * waiting, the global pace has its slot free and less than half of the last second's budget went out. It takes
   * a slot of the budget like a message, so answers see it, but never waits for one.
   *
   * @return whether the call was made
   */
  boolean optional(Call<?> call) throws TelegramApiException {
    lock.lock();
    try {
      long now = ticker.read();
      while (!sentLastSecond.isEmpty() && now - sentLastSecond.peekFirst() >= SECOND) {
        sentLastSecond.pollFirst();
      }
      int perSecond = (int) Math.max(1, SECOND / Math.max(1, settings.globalInterval().toNanos()));
      if (answersWaiting > 0 || globalNext - now > 0 || globalBlockedUntil - now > 0
          || sentLastSecond.size() >= perSecond / 2) {
        return false;
      }
      sentLastSecond.addLast(now);
      long interval = settings.globalInterval().toNanos();
      globalNext = Math.max(globalNext, now - interval) + interval;
    } finally {
      lock.unlock();
    }
    call.run();
    return true;
  }

  /** Whether {@code chatId} could get a message now without waiting (for optional calls like chat actions). */
  boolean idle(long chatId) {
    lock.lock();
    try {
      ChatQueue chat = chats.get(chatId);
      long now = ticker.read();
      return chat == null || (chat.waiting.isEmpty() && !chat.sending
          && (!chat.sentBefore || now - chat.lastSent >= settings.perChatInterval().toNanos())
          && now - chat.blockedUntil >= 0);
    } finally {
      lock.unlock();
    }
  }
}
