package io.rolemarket.imagebot.telegram;

import java.util.function.BooleanSupplier;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Shows "sending photo…" in a chat while a generation runs, as long as a status would help there ({@code wanted}:
 * not in the first 600 ms, when a cache hit needs none and must not wait behind one, nor for work about to be
 * answered), every 4.5 s since the action lasts about 5 s in Telegram. Counted in the same per-second budget as
 * messages and sent only with budget to spare ({@link Outbox#optional}): it is skipped rather than ever holding
 * an answer back. Confined to its virtual thread; {@link #close} stops it.
 */
final class ChatAction implements AutoCloseable {
  private static final long FIRST_MILLIS = 600;
  private static final long EVERY_MILLIS = 4500;
  private static final long RETRY_MILLIS = 250;
  private final Thread thread;

  ChatAction(TelegramClient client, Outbox outbox, long chatId, BooleanSupplier wanted) {
    this.thread = Thread.ofVirtual().name("chat-action-" + chatId).start(() -> {
      try {
        Thread.sleep(FIRST_MILLIS);
        while (!Thread.currentThread().isInterrupted()) {
          boolean sent = wanted.getAsBoolean() && outbox.idle(chatId) && outbox.optional(() -> client.execute(
              SendChatAction.builder().chatId(chatId).action(ActionType.UPLOAD_PHOTO.toString()).build()));
          Thread.sleep(sent ? EVERY_MILLIS : RETRY_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // Optional: a failed chat action only means no "sending photo…" line.
      }
    });
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
