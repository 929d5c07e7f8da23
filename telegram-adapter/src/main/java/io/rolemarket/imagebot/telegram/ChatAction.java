package io.rolemarket.imagebot.telegram;

import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Shows "sending photo…" in a chat while a generation runs: the action lasts about 5 s in Telegram, so
 * it is sent again every 4.5 s, and skipped when the chat's send slot is taken (it is optional). Confined
 * to its virtual thread; {@link #close} stops it.
 */
final class ChatAction implements AutoCloseable {
  private final Thread thread;

  ChatAction(TelegramClient client, Outbox outbox, long chatId) {
    this.thread = Thread.ofVirtual().name("chat-action-" + chatId).start(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          if (outbox.idle(chatId)) {
            outbox.call(() -> client.execute(SendChatAction.builder()
                .chatId(chatId).action(ActionType.UPLOAD_PHOTO.toString()).build()));
          }
          Thread.sleep(4500);
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
