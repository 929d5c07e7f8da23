package io.rolemarket.imagebot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.store.UpdateInbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * Telegram's webhook on a process that does not handle updates (an edge that is not the leader): verifies each
 * call's secret, stores the update in the shared {@link UpdateInbox} and answers 200 once it is stored (500 when
 * the store fails, so Telegram sends it again). Whichever process runs a {@link TelegramAdapter} in webhook mode on
 * the same database handles it. Talks to no Bot API and needs no bot.
 *
 * <pre>{@code
 * try (TelegramIngress ingress = TelegramIngress.open(store, settings.webhook(), clock)) {
 *   ... // runs until closed
 * }
 * }</pre>
 *
 * <p>Safe for concurrent use.
 */
public final class TelegramIngress implements AutoCloseable {
  private final WebhookReceiver receiver;

  private TelegramIngress(WebhookReceiver receiver) {
    this.receiver = receiver;
  }

  /**
   * Listens on {@code hook}'s address and port and stores what Telegram posts in {@code inbox}.
   *
   * @param clock the time stamped on each stored update
   * @throws IOException when the port cannot be listened on ({@code TELEGRAM_WEBHOOK_PORT}, {@code
   *     TELEGRAM_WEBHOOK_BIND})
   */
  public static TelegramIngress open(UpdateInbox inbox, TelegramSettings.Webhook hook, Clock clock)
      throws IOException {
    return new TelegramIngress(new WebhookReceiver(hook, new ObjectMapper(), inbox, clock, () -> { }));
  }

  /** The address it listens on. */
  public InetSocketAddress address() {
    return receiver.address();
  }

  /** The local port (useful when configured as 0). */
  public int port() {
    return receiver.port();
  }

  /** Stops listening; calls in progress are answered first. */
  @Override
  public void close() {
    receiver.close();
  }
}
