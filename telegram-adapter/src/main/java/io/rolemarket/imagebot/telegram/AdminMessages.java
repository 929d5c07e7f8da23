package io.rolemarket.imagebot.telegram;

import io.rolemarket.imagebot.core.ImageBot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Direct messages to admins on Telegram ({@code telegram:<id>}: a user's private chat with the bot has the user's
 * id), such as the budget warnings. Each is sent on its own virtual thread through the {@link Outbox}'s budget, so
 * the caller (a job being billed) never waits; a user who never started the bot cannot be written to, which is
 * logged.
 */
final class AdminMessages implements ImageBot.AdminInbox {
  private static final Logger log = LoggerFactory.getLogger(AdminMessages.class);
  private static final String PREFIX = "telegram:";

  private final TelegramClient client;
  private final Outbox outbox;

  AdminMessages(TelegramClient client, Outbox outbox) {
    this.client = client;
    this.outbox = outbox;
  }

  @Override
  public boolean reaches(String userKey) {
    return userKey.startsWith(PREFIX) && userKey.substring(PREFIX.length()).matches("[0-9]{1,19}");
  }

  @Override
  public void tell(String userKey, String text) {
    long chat = Long.parseLong(userKey.substring(PREFIX.length()));
    Thread.ofVirtual().name("admin-message").start(() -> {
      try {
        outbox.send(chat, false, () -> client.execute(SendMessage.builder().chatId(chat).text(text).build()));
      } catch (TelegramApiException e) {
        log.warn("could not send admin {} a direct message: {}", userKey, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
