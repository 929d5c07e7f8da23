package io.rolemarket.imagebot.telegram;

import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Shows "sending photo…" in a chat while a generation runs: first after 600 ms (a cache hit needs none
 * and must not wait behind one), then every 4.5 s since the action lasts about 5 s in Telegram; skipped
 * when the chat's send slot is taken (it is optional). Confined
 * to its virtual thread; {@link #close} stops it.
 */
final class ChatAction implements AutoCloseable {
  private final Thread thread;

  ChatAction(TelegramClient client, Outbox outbox, long chatId) {
    this.thread = Thread.ofVirtual().name("chat-action-" + chatId).start(() -> {
      try {
        Thread.sleep(600);
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
