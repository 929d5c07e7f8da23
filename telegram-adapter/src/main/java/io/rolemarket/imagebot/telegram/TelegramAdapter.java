package io.rolemarket.imagebot.telegram;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.RequestIds;
import io.rolemarket.imagebot.core.store.EventLog;
import io.rolemarket.imagebot.core.store.FileRefs;
import io.rolemarket.imagebot.core.store.UpdateInbox;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.DefaultGetUpdatesGenerator;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeDefault;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The bot on Telegram: long polling through telegrambots (or a verified webhook), every update handled on a virtual thread (in
 * order within a chat), every answer sent inside Telegram's rate limits.
 *
 * <pre>{@code
 * try (TelegramAdapter telegram = TelegramAdapter.start(bot, store, store, settings, http)) {
 *   ... // runs until closed
 * }
 * }</pre>
 *
 * <p>In webhook mode each update is stored in the {@link UpdateInbox} before Telegram gets its 200, and handled from
 * there, each once. {@link #start(ImageBot, FileRefs, UpdateInbox, TelegramSettings, OkHttpClient) start} receives
 * and handles (one process does both). Several processes on one database: each edge runs a {@link TelegramIngress}
 * (receives only), and the one that handles runs {@link #startHandling} (handles only, listens on no port) or
 * {@code start} (both); it takes what every receiver stored.
 *
 * <p>{@link #close} stops polling, confirms the last update's offset to Telegram, lets running
 * generations finish (each refunds what it does not deliver) and stops the helpers. Safe for concurrent use.
 */
public final class TelegramAdapter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TelegramAdapter.class);

  private static final String PLATFORM = "telegram";
  private final @Nullable TelegramBotsLongPollingApplication polling;
  private final @Nullable ScheduledExecutorService pollThread;
  private final @Nullable WebhookReceiver webhook;
  private final @Nullable InboxConsumer consumer;
  private volatile boolean closed;
  private final ChatLanes lanes;
  private final UpdateHandler handler;
  private final StatusBoard status;
  private final String username;
  private final OkHttpTelegramClient client;
  private final AtomicInteger lastUpdateId;

  private TelegramAdapter(@Nullable TelegramBotsLongPollingApplication polling,
      @Nullable ScheduledExecutorService pollThread, @Nullable WebhookReceiver webhook,
      @Nullable InboxConsumer consumer, ChatLanes lanes, UpdateHandler handler, StatusBoard status, String username,
      OkHttpTelegramClient client, AtomicInteger lastUpdateId) {
    this.polling = polling;
    this.pollThread = pollThread;
    this.webhook = webhook;
    this.consumer = consumer;
    this.lanes = lanes;
    this.handler = handler;
    this.status = status;
    this.username = username;
    this.client = client;
    this.lastUpdateId = lastUpdateId;
  }

  /** One mapper for every adapter of the process (it is thread-safe), so {@link #warmUp} primes the one they use. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Updates as Telegram sends them (a command, a button press under a picture), for {@link #warmUp}. */
  private static final String SAMPLE_UPDATES = "[{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1,"
      + "\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"A\",\"language_code\":\"en\"},"
      + "\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"/generate lulu halloween\","
      + "\"entities\":[{\"type\":\"bot_command\",\"offset\":0,\"length\":9}]}},"
      + "{\"update_id\":2,\"callback_query\":{\"id\":\"c\",\"from\":{\"id\":1,\"is_bot\":false,"
      + "\"first_name\":\"A\"},\"chat_instance\":\"ci\",\"data\":\"x\",\"message\":{\"message_id\":2,"
      + "\"date\":1,\"chat\":{\"id\":1,\"type\":\"private\"},\"photo\":[{\"file_id\":\"f\","
      + "\"file_unique_id\":\"u\",\"width\":1,\"height\":1}]}}}]";

  /**
   * Loads and links what serving Telegram needs, without calling it: Jackson's readers and writers for Telegram's
   * types (on the mapper every adapter uses) and the requests the adapter sends first. A standby edge calls it while
   * it waits, so that taking the lead does not pay for it while updates wait: on a busy machine that took seconds.
   * Returns false (after a debug line) when something could not be warmed up; nothing depends on it.
   */
  public static boolean warmUp() {
    try {
      for (Update update : MAPPER.readValue(SAMPLE_UPDATES, Update[].class)) {
        MAPPER.readValue(MAPPER.writeValueAsString(update), Update.class);
      }
      MAPPER.writeValueAsString(new GetMe());
      MAPPER.writeValueAsString(commandMenu(Lang.EN));
      MAPPER.writeValueAsString(new DefaultGetUpdatesGenerator(List.of("message", "callback_query")).apply(0));
      return true;
    } catch (IOException | RuntimeException e) {
      log.debug("warming up for Telegram: {}", e.getMessage());
      return false;
    }
  }

  /**
   * The command menu in {@code lang}: English for every client without a list of its own, Chinese for clients
   * set to Chinese ({@code language_code} {@code zh}, which covers every Chinese variant).
   */
  static SetMyCommands commandMenu(Lang lang) {
    Texts texts = Texts.of(lang);
    var menu = SetMyCommands.builder().scope(new BotCommandScopeDefault());
    for (String command : MENU) {
      menu.command(new BotCommand(command, texts.get("menu." + command)));
    }
    if (lang != Lang.EN) {
      menu.languageCode(lang.locale().getLanguage());
    }
    return menu.build();
  }

  /** The commands the menu shows, in order. */
  private static final List<String> MENU = List.of("generate", "cancel", "quota", "history", "providers", "review",
      "characters", "themes", "web", "lang", "help");

  /**
   * Connects to the Bot API at {@code settings.apiUrl()}, registers the command list in every language and starts
   * polling. For webhook mode, which stores updates before answering, use the overload with an {@link UpdateInbox}.
   *
   * @param refs where Telegram's {@code file_id}s are remembered
   * @param http the shared HTTP client (a longer read timeout is derived for long polling)
   * @throws TelegramApiException when the Bot API refuses the token or cannot be reached
   * @throws IllegalArgumentException when {@code settings} ask for webhook mode
   */
  public static TelegramAdapter start(ImageBot bot, FileRefs refs, TelegramSettings settings, OkHttpClient http)
      throws TelegramApiException {
    if (settings.webhook() != null) {
      throw new IllegalArgumentException("webhook mode stores each update in an UpdateInbox before answering "
          + "Telegram: start the adapter with one");
    }
    return start(bot, refs, null, settings, http);
  }

  /**
   * Connects to the Bot API at {@code settings.apiUrl()}, registers the command list in every language and starts
   * polling, or in webhook mode sets the webhook, listens for Telegram's calls, stores each update in {@code inbox}
   * before answering, and handles what waits in {@code inbox} (what this process stored, and what the {@link
   * TelegramIngress} of other processes on the same database stored), each update once.
   *
   * @param refs where Telegram's {@code file_id}s are remembered
   * @param inbox where webhook updates wait until handled (unused when polling)
   * @param http the shared HTTP client (a longer read timeout is derived for long polling)
   * @throws TelegramApiException when the Bot API refuses the token or cannot be reached, or the webhook port
   *     cannot be listened on
   */
  public static TelegramAdapter start(ImageBot bot, FileRefs refs, @Nullable UpdateInbox inbox,
      TelegramSettings settings, OkHttpClient http) throws TelegramApiException {
    return start(bot, refs, inbox, settings, http, true);
  }

  /**
   * Webhook mode without a receiver: connects to the Bot API, sets the webhook and handles what the {@link
   * TelegramIngress} receivers (of this process and others on the same database) store in {@code inbox}, each
   * update once; listens on no port. For the process that handles updates when every edge runs a receiver.
   *
   * @throws TelegramApiException when the Bot API refuses the token or cannot be reached
   * @throws IllegalArgumentException when {@code settings} are not in webhook mode
   */
  public static TelegramAdapter startHandling(ImageBot bot, FileRefs refs, UpdateInbox inbox,
      TelegramSettings settings, OkHttpClient http) throws TelegramApiException {
    if (settings.webhook() == null) {
      throw new IllegalArgumentException("only webhook mode handles updates from the inbox: set the webhook");
    }
    return start(bot, refs, inbox, settings, http, false);
  }

  private static TelegramAdapter start(ImageBot bot, FileRefs refs, @Nullable UpdateInbox inbox,
      TelegramSettings settings, OkHttpClient http, boolean listen) throws TelegramApiException {
    if (settings.webhook() != null && inbox == null) {
      throw new IllegalArgumentException("webhook mode needs an UpdateInbox");
    }
    TelegramUrl url = telegramUrl(settings.apiUrl());
    OkHttpClient pollingHttp = http.newBuilder().readTimeout(Duration.ofSeconds(75))
        .writeTimeout(Duration.ofSeconds(60)).build();
    ObjectMapper mapper = MAPPER;
    OkHttpTelegramClient client = new OkHttpTelegramClient(mapper, pollingHttp, settings.token(), url);
    User me = client.execute(new GetMe());
    for (Lang lang : Lang.values()) {
      client.execute(commandMenu(lang));
    }

    Outbox outbox = new Outbox(settings, bot.ticker(), bot.metrics());
    bot.addAdminInbox(new AdminMessages(client, outbox));
    AtomicReference<UpdateHandler> handlerRef = new AtomicReference<>();
    StatusBoard status = new StatusBoard(client, outbox, settings, bot.ticker(), (chatId, messageId) -> {
      UpdateHandler shownTo = handlerRef.get();
      if (shownTo != null) {
        shownTo.statusShown(chatId, messageId);
      }
    });
    Delivery delivery = new Delivery(client, outbox, refs, bot.metrics());
    ReviewRoom reviews = new ReviewRoom(bot, client, outbox, delivery, settings.reviewChatId());
    UpdateHandler handler = new UpdateHandler(bot, client, outbox, status, delivery, reviews, me.getUserName());
    handlerRef.set(handler);
    handler.answerLeftovers();
    ChatLanes lanes = new ChatLanes();
    AtomicInteger lastUpdateId = new AtomicInteger();
    // Handles an update seen for the first time (callers check that, durably, before).
    // Handles an update seen for the first time (callers check that, durably, before), then marks it handled; a
    // /generate is marked handled by the same transaction that owes its answer.
    Consumer<Update> dispatch = update -> {
      lastUpdateId.accumulateAndGet(update.getUpdateId(), Math::max);
      String eventId = Integer.toString(update.getUpdateId());
      try {
        Long chatId = UpdateHandler.chatOf(update);
        if (chatId == null) {
          log.debug("update {} has no chat the bot answers in (a channel post, an inline query...); ignored",
              update.getUpdateId());
          handled(bot, eventId);
          return;
        }
        User from = UpdateHandler.senderOf(update);
        String requestId = "tg-" + update.getUpdateId();
        if (from != null) {
          switch (bot.admitCommand(UpdateHandler.user(from))) {
            case ADMIT -> { }
            case WARN -> {
              lanes.submit(chatId, RequestIds.as(requestId, () -> handledAfter(bot, eventId,
                  () -> handler.tooFast(update), () -> false)));
              return;
            }
            case DROP -> {
              handled(bot, eventId);
              return;
            }
          }
        }
        lanes.submit(chatId, RequestIds.as(requestId, () -> handledAfter(bot, eventId, () -> handler.handle(update),
            () -> handler.markedOnAdmission(eventId))));
      } catch (RuntimeException e) {
        log.error("could not queue update {}", update.getUpdateId(), e);
      }
    };
    // What a process that stopped took from Telegram (telling Telegram it had them) and never handled: handled now,
    // before any new update.
    List<EventLog.Received> left = bot.unhandledEvents(PLATFORM);
    if (!left.isEmpty()) {
      log.warn("handling {} update(s) a stopped process took and never handled", left.size());
    }
    for (EventLog.Received event : left) {
      try {
        dispatch.accept(mapper.readValue(event.payload(), Update.class));
      } catch (IOException e) {
        log.warn("update {} left by a stopped process cannot be read back: {}", event.eventId(), e.getMessage());
        handled(bot, event.eventId());
      }
    }
    // Throws only when the store cannot say which updates are new; then none of the batch was handled.
    Consumer<List<Update>> handleBatch = updates -> {
      // One store write for the whole batch, before any of its work starts.
      Set<Integer> fresh = firstTime(bot, mapper, updates);
      // remove(): an update the batch carries twice is handled once.
      updates.stream().filter(update -> fresh.remove(update.getUpdateId())).forEach(dispatch);
    };
    if (settings.webhook() != null && inbox != null) {
      InboxConsumer consumer = new InboxConsumer(inbox, mapper, bot.clock(), handleBatch);
      WebhookReceiver receiver = null;
      if (listen) {
        try {
          receiver = new WebhookReceiver(settings.webhook(), mapper, inbox, bot.clock(), consumer::wake);
        } catch (IOException e) {
          consumer.close();
          throw new TelegramApiException("cannot listen on TELEGRAM_WEBHOOK_PORT " + settings.webhook().port(), e);
        }
      }
      try {
        client.execute(SetWebhook.builder().url(settings.webhook().publicUrl())
            .secretToken(settings.webhook().secret()).allowedUpdates(List.of("message", "callback_query")).build());
      } catch (TelegramApiException | RuntimeException e) {
        if (receiver != null) {
          receiver.close();
        }
        consumer.close();
        throw e;
      }
      if (receiver != null) {
        log.info("Telegram: webhook for @{} on port {}", me.getUserName(), receiver.port());
      } else {
        log.info("Telegram: webhook for @{}, handling what the receivers store", me.getUserName());
      }
      return new TelegramAdapter(null, null, receiver, consumer, lanes, handler, status, me.getUserName(), client,
          lastUpdateId);
    }
    ScheduledExecutorService pollThread = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("telegram-poll").daemon(true).factory());
    TelegramBotsLongPollingApplication polling =
        new TelegramBotsLongPollingApplication(() -> mapper, () -> pollingHttp, () -> pollThread);
    polling.registerBot(settings.token(), () -> url,
        new DefaultGetUpdatesGenerator(List.of("message", "callback_query")), updates -> {
          try {
            handleBatch.accept(updates);
          } catch (RuntimeException e) {
            // thrown out of the consumer, it would end polling silently
            log.error("could not handle a batch of {} updates", updates.size(), e);
          }
        });
    log.info("Telegram: polling as @{}", me.getUserName());
    return new TelegramAdapter(polling, pollThread, null, null, lanes, handler, status, me.getUserName(), client,
        lastUpdateId);
  }

  /** The address the webhook receiver listens on, or null when polling or handling only. */
  public java.net.@org.jspecify.annotations.Nullable InetSocketAddress webhookAddress() {
    return webhook == null ? null : webhook.address();
  }

  /**
   * The ids of {@code updates} handled for the first time; repeats (also after a restart) are logged and left out.
   * Each new update is stored with its JSON until it is handled, so one this process cannot handle (it stops first)
   * is handled by the next process serving Telegram.
   */
  private static Set<Integer> firstTime(ImageBot bot, ObjectMapper mapper, List<Update> updates) {
    List<EventLog.Received> received = new ArrayList<>();
    for (Update update : updates) {
      String payload;
      try {
        payload = mapper.writeValueAsString(update);
      } catch (IOException e) {
        throw new IllegalStateException("update " + update.getUpdateId() + " cannot be written as JSON", e);
      }
      received.add(new EventLog.Received(Integer.toString(update.getUpdateId()), payload));
    }
    Set<String> fresh = bot.receiveEvents(PLATFORM, received);
    Set<Integer> ids = new HashSet<>();
    for (Update update : updates) {
      if (fresh.contains(Integer.toString(update.getUpdateId()))) {
        ids.add(update.getUpdateId());
      } else {
        log.info("update {} came again; it was handled the first time", update.getUpdateId());
      }
    }
    return ids;
  }

  /**
   * Runs {@code handling}, then marks update {@code eventId} handled, unless the handling marked it already (a
   * {@code /generate} owing its answer) or was interrupted (stopping).
   */
  private static void handledAfter(ImageBot bot, String eventId, Runnable handling,
      java.util.function.BooleanSupplier marked) {
    handling.run();
    if (!marked.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      handled(bot, eventId);
    }
  }

  /** Marks update {@code eventId} handled; a failure is logged (the update would be handled again after a stop). */
  private static void handled(ImageBot bot, String eventId) {
    try {
      bot.eventHandled(PLATFORM, eventId);
    } catch (RuntimeException e) {
      log.warn("could not mark update {} handled: {}", eventId, e.getMessage());
    }
  }

  /** The local port of the webhook receiver, or -1 when polling or handling only. */
  public int webhookPort() {
    return webhook == null ? -1 : webhook.port();
  }

  /** Whether updates are coming in: polling runs (or the webhook receiver listens) and the adapter is open. */
  public boolean connected() {
    return !closed && (polling == null || polling.isRunning());
  }

  /** The bot's Telegram username, without the {@code @}. */
  public String username() {
    return username;
  }

  /** Parses {@code TELEGRAM_API_URL} into the library's URL parts. */
  static TelegramUrl telegramUrl(String apiUrl) {
    HttpUrl parsed = HttpUrl.parse(apiUrl);
    if (parsed == null) {
      throw new IllegalArgumentException("TELEGRAM_API_URL is not a URL: " + apiUrl);
    }
    return new TelegramUrl(parsed.scheme(), parsed.host(), parsed.port(), false);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (webhook != null) {
      webhook.close();
    }
    if (consumer != null) {
      consumer.close();
    }
    if (polling != null) {
      try {
        polling.close();
      } catch (Exception e) {
        log.warn("stopping Telegram polling: {}", e.getMessage());
      }
      pollThread.shutdownNow();
      confirmOffset();
    }
    lanes.close();
    handler.close();
    status.close();
  }

  /** Tells Telegram the last update was received, so a restart neither repeats nor skips updates. */
  private void confirmOffset() {
    int last = lastUpdateId.get();
    if (last > 0) {
      try {
        client.execute(GetUpdates.builder().offset(last + 1).limit(1).timeout(0).build());
      } catch (TelegramApiException e) {
        log.warn("could not confirm the last Telegram update: {}", e.getMessage());
      }
    }
  }
}
