package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.ImageBot;
import net.dv8tion.jda.api.JDA;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct messages to admins on Discord ({@code discord:<id>}), such as the budget warnings: queued on JDA, which
 * keeps to Discord's rate limits, so the caller (a job being billed) never waits. A user who shares no server with
 * the bot or closed their direct messages cannot be written to, which is logged.
 */
final class AdminMessages implements ImageBot.AdminInbox {
  private static final Logger log = LoggerFactory.getLogger(AdminMessages.class);
  private static final String PREFIX = "discord:";

  private final JDA jda;

  AdminMessages(JDA jda) {
    this.jda = jda;
  }

  @Override
  public boolean reaches(String userKey) {
    return userKey.startsWith(PREFIX) && userKey.substring(PREFIX.length()).matches("[0-9]{1,19}");
  }

  @Override
  public void tell(String userKey, String text) {
    long userId = Long.parseLong(userKey.substring(PREFIX.length()));
    jda.openPrivateChannelById(userId).flatMap(direct -> direct.sendMessage(Delivery.clip(text))).queue(
        sent -> { },
        error -> log.warn("could not send admin {} a direct message: {}", userKey, error.getMessage()));
  }
}
