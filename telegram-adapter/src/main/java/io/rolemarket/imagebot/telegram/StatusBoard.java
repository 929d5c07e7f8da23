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
 * one, and is deleted when the chat's last job ends. Status messages use the outbox's status lane: one
 * whose jobs all ended before its turn came is dropped unsent. Safe for concurrent use.
 */
final class StatusBoard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusBoard.class);
  /** A job that ends sooner (a cache hit) shows no status at all, and its answer is not held behind one. */
  private static final Duration FIRST_SHOW = Duration.ofMillis(600);

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
    }
    schedule(board);
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
      delayNanos = board.messageId == null
          ? FIRST_SHOW.toNanos()
          : Math.max(0, board.lastEditNanos + interval.toNanos() - ticker.read());
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
          return !board.lines.isEmpty();
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
