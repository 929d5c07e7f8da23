package io.rolemarket.imagebot.telegram;

import java.util.Optional;
import java.util.function.BiConsumer;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * One status message per chat showing every running job of that chat, one line each, edited as
 * progress arrives. Edits are coalesced: at most one per {@code privateEditInterval} (or the longer
 * group interval), carrying the newest lines at the moment they go out, so a busy group never earns a
 * {@code retry_after}. The message first appears 600 ms after a job starts, so quick answers come without
 * one; work expected within about two seconds shows none unless it runs a second over, and nothing is shown
 * or changed in the moments before a job's expected answer (it would hold the answer back a second). It is
 * deleted when the chat's last job ends. Status messages use the outbox's status lane: one
 * whose jobs all ended before its turn came is dropped unsent. Safe for concurrent use.
 */
final class StatusBoard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusBoard.class);
  /** A job that ends sooner (a cache hit) shows no status at all, and its answer is not held behind one. */
  private static final Duration FIRST_SHOW = Duration.ofMillis(600);
  /** Work expected to be answered within this shows no status line unless it runs a second over. */
  static final Duration QUICK = Duration.ofSeconds(2);
  /** How far past its expected end a job must run before its status shows (or changes) again. */
  private static final Duration OVERRUN = Duration.ofSeconds(1);
  /**
   * No status message appears or changes this close to a job's expected end: Telegram spaces a chat's messages
   * a second apart, so a status line sent then would hold the answer back.
   */
  private static final Duration ANSWER_SOON = Duration.ofMillis(1500);

  private final TelegramClient client;
  private final Outbox outbox;
  private final TelegramSettings settings;
  private final Ticker ticker;
  private final BiConsumer<Long, Integer> shown;
  private final Map<Long, Board> boards = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("telegram-status").daemon(true).factory());

  /** One chat's status message. Guarded by its own monitor (held only briefly, never across I/O). */
  private static final class Board {
    final long chatId;
    final boolean group;
    final Map<String, String> lines = new LinkedHashMap<>();
    /** Per job: until when it wants no status shown, and when its answer is expected (0: unknown). Ticker time. */
    final Map<String, long[]> timing = new LinkedHashMap<>();
    Integer messageId;
    String shown = "";
    long lastEditNanos;
    boolean flushScheduled;
    boolean sending;

    Board(long chatId, boolean group) {
      this.chatId = chatId;
      this.group = group;
    }

    String text() {
      return String.join("\n", lines.values());
    }
  }

  StatusBoard(TelegramClient client, Outbox outbox, TelegramSettings settings, Ticker ticker) {
    this(client, outbox, settings, ticker, (chatId, messageId) -> { });
  }

  /** A board that tells {@code shown} each status message it creates (chat id, message id). */
  StatusBoard(TelegramClient client, Outbox outbox, TelegramSettings settings, Ticker ticker,
      BiConsumer<Long, Integer> shown) {
    this.shown = shown;
    this.client = client;
    this.ticker = ticker;
    this.outbox = outbox;
    this.settings = settings;
  }

  /** Sets job {@code jobKey}'s line in the chat's status message. */
  void update(long chatId, boolean group, String jobKey, String line) {
    Board board = boards.computeIfAbsent(chatId, id -> new Board(id, group));
    synchronized (board) {
      board.lines.put(jobKey, line);
      board.timing.computeIfAbsent(jobKey, key -> new long[] {ticker.read() + FIRST_SHOW.toNanos(), 0});
    }
    schedule(board);
  }

  /**
   * Job {@code jobKey} should be answered in about {@code expected} from now: within {@link #QUICK} its line is
   * not shown unless it runs a second over, and no status goes out in the last moments before its answer.
   */
  void expect(long chatId, String jobKey, Duration expected) {
    Board board = boards.get(chatId);
    if (board == null) {
      return;
    }
    synchronized (board) {
      long[] timing = board.timing.get(jobKey);
      if (timing == null) {
        return;
      }
      long now = ticker.read();
      timing[1] = now + expected.toNanos();
      if (expected.compareTo(QUICK) <= 0) {
        timing[0] = Math.max(timing[0], timing[1] + OVERRUN.toNanos());
      }
    }
  }

  /**
   * Whether a status in this chat would help now: some job there is past its quiet start and not about to be
   * answered (for optional calls like chat actions).
   */
  boolean wanted(long chatId) {
    Board board = boards.get(chatId);
    if (board == null) {
      return false;
    }
    synchronized (board) {
      return !board.lines.isEmpty() && quietFor(board, ticker.read()) == 0;
    }
  }

  /**
   * How long until some job of the board wants its status shown or changed: zero when one does now. Guarded by
   * the board's monitor.
   */
  private static long quietFor(Board board, long now) {
    long soonest = Long.MAX_VALUE;
    for (String jobKey : board.lines.keySet()) {
      long[] timing = board.timing.get(jobKey);
      if (timing == null) {
        return 0;
      }
      long at = Math.max(now, timing[0]);
      if (timing[1] != 0 && at - (timing[1] - ANSWER_SOON.toNanos()) >= 0 && at - (timing[1] + OVERRUN.toNanos()) < 0) {
        at = timing[1] + OVERRUN.toNanos();
      }
      soonest = Math.min(soonest, at - now);
    }
    return soonest == Long.MAX_VALUE ? 0 : soonest;
  }

  /** The chat's status message now, if one is shown. */
  Optional<Integer> messageId(long chatId) {
    Board board = boards.get(chatId);
    if (board == null) {
      return Optional.empty();
    }
    synchronized (board) {
      return Optional.ofNullable(board.messageId);
    }
  }

  /** Removes a job's line; deletes the message when it was the last. */
  void finish(long chatId, String jobKey) {
    Board board = boards.get(chatId);
    if (board == null) {
      return;
    }
    synchronized (board) {
      board.lines.remove(jobKey);
      board.timing.remove(jobKey);
    }
    schedule(board);
  }

  private void schedule(Board board) {
    long delayNanos;
    synchronized (board) {
      if (board.flushScheduled) {
        return;
      }
      board.flushScheduled = true;
      Duration interval = board.group ? settings.groupEditInterval() : settings.privateEditInterval();
      long now = ticker.read();
      long spacing = board.messageId == null ? 0 : Math.max(0, board.lastEditNanos + interval.toNanos() - now);
      delayNanos = board.lines.isEmpty() ? spacing : Math.max(spacing, quietFor(board, now));
    }
    timer.schedule(() -> Thread.ofVirtual().start(() -> flush(board)), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void flush(Board board) {
    String text;
    Integer messageId;
    synchronized (board) {
      board.flushScheduled = false;
      if (board.sending) {
        board.flushScheduled = true;
        timer.schedule(() -> Thread.ofVirtual().start(() -> flush(board)), 200, TimeUnit.MILLISECONDS);
        return;
      }
      text = board.text();
      messageId = board.messageId;
      if (text.equals(board.shown)) {
        return;
      }
      if (!text.isEmpty() && quietFor(board, ticker.read()) > 0) {
        board.flushScheduled = false;
        schedule(board);
        return;
      }
      board.sending = true;
    }
    try {
      if (text.isEmpty()) {
        BooleanSupplier stillEmpty = () -> {
          synchronized (board) {
            return board.lines.isEmpty();
          }
        };
        if (messageId != null && outbox.sendStatus(board.chatId, board.group, stillEmpty, () -> client.execute(
            new DeleteMessage(Long.toString(board.chatId), messageId))) == null) {
          return;
        }
        synchronized (board) {
          board.messageId = null;
          board.shown = "";
          if (board.lines.isEmpty()) {
            boards.remove(board.chatId, board);
          }
        }
        return;
      }
      BooleanSupplier stillRunning = () -> {
        synchronized (board) {
          return !board.lines.isEmpty() && quietFor(board, ticker.read()) == 0;
        }
      };
      AtomicReference<String> sentText = new AtomicReference<>(text);
      Supplier<String> newest = () -> {
        synchronized (board) {
          String now = board.text();
          sentText.set(now.isEmpty() ? text : now);
          return sentText.get();
        }
      };
      if (messageId == null) {
        Message sent = outbox.sendStatus(board.chatId, board.group, stillRunning, () -> client.execute(
            SendMessage.builder().chatId(board.chatId).text(newest.get()).build()));
        if (sent == null) {
          return;
        }
        synchronized (board) {
          board.messageId = sent.getMessageId();
          board.shown = sentText.get();
          board.lastEditNanos = ticker.read();
        }
        shown.accept(board.chatId, sent.getMessageId());
      } else {
        if (outbox.sendStatus(board.chatId, board.group, stillRunning, () -> client.execute(EditMessageText.builder()
            .chatId(board.chatId).messageId(messageId).text(newest.get()).build())) == null) {
          return;
        }
        synchronized (board) {
          board.shown = sentText.get();
          board.lastEditNanos = ticker.read();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("could not update the status message in chat {}: {}", board.chatId, e.getMessage());
    } finally {
      synchronized (board) {
        board.sending = false;
      }
      boolean changed;
      synchronized (board) {
        changed = !board.text().equals(board.shown);
        if (!changed && board.lines.isEmpty() && board.messageId == null) {
          boards.remove(board.chatId, board);
        }
      }
      if (changed) {
        schedule(board);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
