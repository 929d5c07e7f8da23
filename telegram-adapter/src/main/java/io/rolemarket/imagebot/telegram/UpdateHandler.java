package io.rolemarket.imagebot.telegram;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.RequestIds;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.command.ActionButtons;
import io.rolemarket.imagebot.core.conversation.Conversation;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.command.ReviewTexts;
import io.rolemarket.imagebot.core.command.CalibrationTexts;
import io.rolemarket.imagebot.core.command.SpendTexts;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProgressListener;
import io.rolemarket.imagebot.core.review.VoteOutcome;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Turns one Telegram update into core calls and answers: commands from messages, button presses from
 * callback queries. Generations run on their own virtual threads so the chat stays responsive. Never
 * throws: a failure is logged and the user gets one line. Safe for concurrent use.
 */
final class UpdateHandler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpdateHandler.class);

  private final ImageBot bot;
  private final TelegramClient client;
  private final Outbox outbox;
  private final CommandParser parser;
  private final Conversation conversation;
  private final StatusBoard status;
  private final Delivery delivery;
  private final ReviewRoom reviews;
  private final ExecutorService generations = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong jobs = new AtomicLong();
  /** The answers owed in each chat now, whose status message a restart must clear. */
  private final Map<Long, Set<Long>> owedInChat = new ConcurrentHashMap<>();
  private static final String PLATFORM = "telegram";
  /** The longest photo caption Telegram takes, in characters. */
  private static final int CAPTION_LIMIT = 1024;

  UpdateHandler(ImageBot bot, TelegramClient client, Outbox outbox, StatusBoard status, Delivery delivery,
      ReviewRoom reviews, String botUsername) {
    this.reviews = reviews;
    this.bot = bot;
    this.client = client;
    this.outbox = outbox;
    this.status = status;
    this.delivery = delivery;
    this.parser = new CommandParser(botUsername);
    this.conversation = new Conversation(bot);
  }

  /** Where an update came from, and the language to answer in there. */
  record Chat(long id, boolean group, Lang lang) {}

  /**
   * The language to answer {@code from} in: the team's in a group; in a private chat their {@code /lang} choice,
   * else what their Telegram app says ({@code language_code}).
   */
  private Lang langOf(@Nullable User from, boolean group) {
    if (group || from == null) {
      return bot.teamLanguage();
    }
    return bot.language(user(from), from.getLanguageCode() == null ? bot.teamLanguage()
        : Lang.fromTag(from.getLanguageCode()));
  }

  /** The chat an update belongs to, for ordering; null when it has none we handle. */
  static Long chatOf(Update update) {
    if (update.hasMessage()) {
      return update.getMessage().getChatId();
    }
    if (update.hasCallbackQuery() && update.getCallbackQuery().getMessage() != null) {
      return update.getCallbackQuery().getMessage().getChatId();
    }
    return null;
  }

  /** Who sent an update (a message's author, a button's presser), or null. */
  static @Nullable User senderOf(Update update) {
    if (update.hasMessage()) {
      return update.getMessage().getFrom();
    }
    return update.hasCallbackQuery() ? update.getCallbackQuery().getFrom() : null;
  }

  /** Tells the sender of a flood, once, that their commands are being dropped for a moment. */
  void tooFast(Update update) {
    Long chatId = chatOf(update);
    if (chatId != null) {
      boolean group = update.hasMessage() && !update.getMessage().getChat().isUserChat();
      Lang lang = langOf(senderOf(update), group);
      say(new Chat(chatId, group, lang), BotTexts.text(lang, "flooding"));
    }
  }

  /** Updates whose {@code /generate} was admitted: owing its answer marked the update handled in the same write. */
  private final Set<String> markedOnAdmission = ConcurrentHashMap.newKeySet();

  /** Whether handling update {@code eventId} owed an answer, which marked it handled already; asked once. */
  boolean markedOnAdmission(String eventId) {
    return markedOnAdmission.remove(eventId);
  }

  /** Handles one update. */
  void handle(Update update) {
    try {
      String eventId = Integer.toString(update.getUpdateId());
      if (update.hasCallbackQuery()) {
        press(update.getCallbackQuery(), eventId);
      } else if (update.hasMessage() && update.getMessage().hasText() && update.getMessage().getFrom() != null) {
        message(update.getMessage(), eventId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.error("update {} failed", update.getUpdateId(), e);
      Long chatId = chatOf(update);
      if (chatId != null) {
        Lang lang = langOf(senderOf(update), false);
        say(new Chat(chatId, false, lang), BotTexts.text(lang, "somethingWentWrong"));
      }
    }
  }

  private void message(Message message, String eventId) throws InterruptedException {
    boolean group = !message.getChat().isUserChat();
    Chat chat = new Chat(message.getChatId(), group, langOf(message.getFrom(), group));
    UserRef user = user(message.getFrom());
    String text = message.getText();
    if (text.startsWith("/")) {
      log.info("{} from {} in chat {}", text.split("\\s", 2)[0], user.key(), chat.id());
    }
    if (message.getReplyToMessage() != null && reviews.takeNote(message, user)) {
      return;
    }
    if (chat.group() && !text.startsWith("/")) {
      return;
    }
    Lang lang = chat.lang();
    switch (conversation.answer(user, PLATFORM, chatRef(chat), parser.parse(text, lang))) {
      case Reply.Line line -> say(chat, BotTexts.line(lang, line));
      case Reply.SpendChart spend -> chart(chat, spend.chartPng(), "spend-" + spend.report().month() + ".png",
          SpendTexts.figures(lang, spend), SpendTexts.headline(lang, spend));
      case Reply.CalibrationChart calibration -> chart(chat, calibration.chartPng(),
          "calibration-" + calibration.calibration().character() + ".png", CalibrationTexts.figures(lang, calibration),
          CalibrationTexts.headline(lang, calibration));
      case Reply.Help help -> say(chat, BotTexts.help(lang, help.catalog()));
      case Reply.History history -> say(chat, BotTexts.history(lang, history.entries()));
      case Reply.Start start -> start(chat, user, start.command(), eventId);
      case Reply.Resent resent -> {
        try {
          delivery.deliver(chat, resent.result(), Buttons.keyboard(resent.rows(), chat.lang()), () -> { });
        } catch (TelegramApiException e) {
          log.warn("could not resend to chat {}: {}", chat.id(), e.getMessage());
        }
      }
      case Reply.Review review -> review(chat, user, review.command());
      case Reply.WebLink web -> signInLink(chat, message.getFrom(), web);
      case Reply.Nothing nothing -> { }
    }
  }

  /**
   * Sends {@code /web}'s link to the asker's private chat with the bot (a user's id is that chat's id), never into a
   * group, without a link preview: Telegram's preview fetcher must not be the first to open it.
   */
  private void signInLink(Chat asked, User from, Reply.WebLink web) {
    Chat own = new Chat(from.getId(), false, langOf(from, false));
    try {
      outbox.send(own.id(), false, () -> client.execute(SendMessage.builder().chatId(own.id())
          .text(BotTexts.webLink(own.lang(), web))
          .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build()).build()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (TelegramApiException e) {
      log.warn("could not send a sign-in link to user {}: {}", from.getId(), e.getMessage());
    }
    if (asked.group()) {
      say(asked, BotTexts.text(asked.lang(), "web.linkSentPrivately"));
    }
  }

  private void press(CallbackQuery query, String eventId) throws TelegramApiException, InterruptedException {
    UserRef presser = user(query.getFrom());
    if (query.getData() != null && ReviewRoom.isVote(query.getData())) {
      reviews.press(query, presser);
      return;
    }
    Lang lang = langOf(query.getFrom(), false);
    switch (bot.press(presser, query.getData() == null ? "" : query.getData())) {
      case ActionButtons.Pressed.Expired expired -> answer(query, BotTexts.text(lang, "button.expired"), true);
      case ActionButtons.Pressed.NotYours notYours -> answer(query, BotTexts.text(lang, "button.notYours"), true);
      case ActionButtons.Pressed.Regenerate again -> {
        answer(query, BotTexts.text(lang, "ack.regenerating"), false);
        start(chatOf(again.origin().chatRef(), query.getFrom()), presser, again.command(), eventId);
      }
      case ActionButtons.Pressed.Vary varied -> {
        answer(query, BotTexts.text(lang, "ack.variations"), false);
        start(chatOf(varied.origin().chatRef(), query.getFrom()), presser, varied.command(), eventId);
      }
      case ActionButtons.Pressed.Review review -> {
        answer(query, BotTexts.text(lang, "ack.sendingToReview"), false);
        Chat chat = chatOf(review.origin().chatRef(), query.getFrom());
        say(chat, reviews.submit(presser, review.origin().historyId(), chat.lang()));
      }
      case ActionButtons.Pressed.ProviderAction act -> {
        String action = act.action();
        ActionButtons.Origin origin = act.origin();
        Command.Generate before = origin.command();
        answer(query, action + "…", false);
        generations.execute(RequestIds.carry(() -> run(chatOf(origin.chatRef(), query.getFrom()), presser, before,
            before.character() + " " + before.theme() + " " + action,
            listener -> bot.act(presser, origin.providerId(), origin.remoteJobId(), action, before.character(),
                before.theme(), listener), () -> { })));
      }
    }
  }

  /**
   * Starts a generation on its own thread in one of the user's slots, which it keeps until the picture is
   * delivered; a user with every slot taken is told so at once, and nothing starts. The answer is owed in the same
   * store transaction that marks update {@code eventId} handled.
   */
  private void start(Chat chat, UserRef user, Command.Generate command, String eventId) {
    Optional<ImageBot.Ticket> admitted = bot.admit(user, PLATFORM, chatRef(chat), command, eventId);
    if (admitted.isEmpty()) {
      say(chat, BotTexts.refusal(chat.lang(), bot.tooMany().reason()));
      return;
    }
    markedOnAdmission.add(eventId);
    ImageBot.Ticket ticket = admitted.get();
    long owed = ticket.owedId();
    owedInChat.computeIfAbsent(chat.id(), id -> ConcurrentHashMap.newKeySet()).add(owed);
    status.messageId(chat.id()).ifPresent(messageId -> bot.statusShown(owed, Integer.toString(messageId)));
    generations.execute(RequestIds.carry(() -> {
      try (ticket) {
        run(chat, user, command, ticket.label(), ticket::generate, ticket::delivered);
      } finally {
        owedInChat.computeIfPresent(chat.id(), (id, owedIds) -> {
          owedIds.remove(owed);
          return owedIds.isEmpty() ? null : owedIds;
        });
      }
    }));
  }

  /** A status message was shown in {@code chatId}: the answers owed there now clear it after a restart. */
  void statusShown(long chatId, int messageId) {
    for (long owed : owedInChat.getOrDefault(chatId, Set.of())) {
      bot.statusShown(owed, Integer.toString(messageId));
    }
  }

  /**
   * Answers what the last run owed and never answered (it stopped mid-work): a picture that was made and
   * charged is delivered now; otherwise the user gets one line saying what was refunded, with 🔁 to try
   * again. The frozen status message is deleted either way. Runs on its own thread.
   */
  void answerLeftovers() {
    for (ImageBot.Unanswered left : bot.owedAfterRestart(PLATFORM)) {
      generations.execute(RequestIds.as("tg-owed-" + left.owed().id(), () -> answerLeftover(left)));
    }
  }

  private void answerLeftover(ImageBot.Unanswered left) {
    var owed = left.owed();
    try {
      UserRef user = new UserRef(owed.userKey(), owed.userKey());
      Chat chat = chatOf(owed.chatRef(), bot.language(user, bot.teamLanguage()));
      if (!owed.statusRef().isEmpty()) {
        int messageId = Integer.parseInt(owed.statusRef());
        outbox.sendStatus(chat.id(), chat.group(), () -> true,
            () -> client.execute(new DeleteMessage(Long.toString(chat.id()), messageId)));
      }
      // The command was written by Command.Generate.toText(), which the parser reads back as it was.
      if (!(parser.parse(owed.command()) instanceof Command.Generate command)) {
        log.warn("request {} left by the last run cannot be read back: {}", owed.id(), owed.command());
      } else if (left.made().isPresent()) {
        delivery.deliver(chat, left.made().get(), keyboard(user, chat, command, left.made().get()),
            () -> bot.answered(owed.id()));
      } else {
        // 🔁 regenerates, which always asks the provider again (as a fresh request).
        outbox.send(chat.id(), chat.group(), () -> client.execute(SendMessage.builder().chatId(chat.id())
            .text(BotTexts.restartedUnfinished(chat.lang(), owed.label()))
            .replyMarkup(Buttons.keyboard(bot.retryRows(user, PLATFORM, owed.chatRef(), command), chat.lang()))
            .build()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      log.warn("could not answer request {} left by the last run: {}", owed.id(), e.getMessage());
    }
    bot.answered(owed.id());
  }

  /** How an owed answer names its chat: the id, with {@code :g} for a group. */
  private static String chatRef(Chat chat) {
    return chat.id() + (chat.group() ? ":g" : "");
  }

  /** The chat {@code chatRef} names, answered in the team's language if a group, else in {@code lang}. */
  private Chat chatOf(String chatRef, Lang lang) {
    boolean group = chatRef.endsWith(":g");
    return new Chat(Long.parseLong(group ? chatRef.substring(0, chatRef.length() - 2) : chatRef), group,
        group ? bot.teamLanguage() : lang);
  }

  private Chat chatOf(String chatRef, User presser) {
    return chatOf(chatRef, langOf(presser, false));
  }

  /**
   * Runs {@code work} with a status line and delivers its outcome; the result's buttons act on {@code command}.
   */
  private void run(Chat chat, UserRef user, Command.Generate command, String label,
      Function<ProgressListener, GenerateOutcome> work, Runnable delivered) {
    String jobKey = "job" + jobs.incrementAndGet();
    status.update(chat.id(), chat.group(), jobKey, "⏳ " + label + " — " + BotTexts.text(chat.lang(),
        "progress.starting"));
    ChatAction action = new ChatAction(client, outbox, chat.id(), () -> status.wanted(chat.id()));
    try {
      GenerateOutcome outcome = work.apply(event -> {
        switch (event) {
          case ProgressEvent.Started started -> status.expect(chat.id(), jobKey, started.expected());
          case ProgressEvent.Queued queued -> status.expect(chat.id(), jobKey,
              queued.estimatedWait().plus(queued.expected()));
          default -> { }
        }
        status.update(chat.id(), chat.group(), jobKey, "⏳ " + label + " — " + BotTexts.progress(chat.lang(), event));
      });
      action.close();
      switch (outcome) {
        case GenerateOutcome.Generated generated -> deliverOrRefund(chat, generated.result(),
            keyboard(user, chat, command, generated.result()), delivered);
        case GenerateOutcome.Refused refused -> {
          say(chat, BotTexts.refusal(chat.lang(), refused.reason()));
          delivered.run();
        }
        case GenerateOutcome.Failed failed -> {
          say(chat, BotTexts.failure(chat.lang(), failed.reason()));
          delivered.run();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.error("generation for chat {} failed to deliver", chat.id(), e);
      say(chat, BotTexts.text(chat.lang(), "couldNotSend"));
    } finally {
      action.close();
      status.finish(chat.id(), jobKey);
    }
  }

  /**
   * Delivers a paid result; when the chat refuses for good (the bot was blocked, the chat is gone) the user
   * gets the quota back, since nobody can see the pictures. A 429 or a network failure never gets here: the
   * outbox retries those until the picture is delivered.
   */
  private void deliverOrRefund(Chat chat, GenerationResult result, InlineKeyboardMarkup keyboard, Runnable delivered)
      throws TelegramApiException, InterruptedException {
    try {
      delivery.deliver(chat, result, keyboard, delivered);
      log.info("delivered history entry {} ({} picture(s)) to chat {}", result.historyId(), result.images().size(),
          chat.id());
    } catch (TelegramApiException e) {
      if (!Outbox.unreachable(e)) {
        throw e;
      }
      log.warn("chat {} cannot be reached ({}); refunding its pictures", chat.id(), e.getMessage());
      bot.undeliverable(result);
    }
  }

  private void review(Chat chat, UserRef user, Command.Review command) throws InterruptedException {
    switch (command) {
      case Command.ReviewSubmit submit -> say(chat, reviews.submit(user, submit.historyId(), chat.lang()));
      case Command.ReviewPending pending -> say(chat, ReviewTexts.pending(chat.lang(), bot.pendingReviews(20)));
      case Command.ReviewApproved approved -> say(chat, ReviewTexts.approved(chat.lang(),
          bot.approvedDesigns(approved.character(), approved.theme(), 20)));
      case Command.ReviewShow show -> reviews.show(chat, show.submissionId());
      case Command.ReviewVote vote -> {
        VoteOutcome outcome = bot.voteOnReview(user, vote.submissionId(), vote.verdict(), vote.note());
        say(chat, ReviewTexts.voted(chat.lang(), outcome));
        reviews.afterVote(outcome);
      }
    }
  }

  /** Buttons for {@code result}, acting on {@code command}; U1–U4 and V1–V4 rows when its provider offers them. */
  private InlineKeyboardMarkup keyboard(UserRef user, Chat chat, Command.Generate command, GenerationResult result) {
    return Buttons.keyboard(bot.actionRows(user, PLATFORM, chatRef(chat), command, result), chat.lang());
  }

  /**
   * A chart ({@code /spend}, {@code /calibrate}) as a photo with its figures as the caption, or, when they are longer
   * than a caption may be, with their first line ({@code headline}), the whole following as a message.
   */
  private void chart(Chat chat, byte[] png, String fileName, String figures, String headline) {
    boolean fits = figures.length() <= CAPTION_LIMIT;
    try {
      outbox.send(chat.id(), chat.group(), () -> client.execute(SendPhoto.builder().chatId(chat.id())
          .photo(new InputFile(new ByteArrayInputStream(png), fileName))
          .caption(fits ? figures : headline).build()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (TelegramApiException e) {
      log.warn("could not send the chart {} to chat {}: {}", fileName, chat.id(), e.getMessage());
    }
    if (!fits) {
      say(chat, figures);
    }
  }

  private void say(Chat chat, String text) {
    try {
      outbox.send(chat.id(), chat.group(), () -> client.execute(SendMessage.builder()
          .chatId(chat.id()).text(text.length() > 4000 ? text.substring(0, 4000) + "…" : text).build()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TelegramApiException e) {
      log.warn("could not send a message to chat {}: {}", chat.id(), e.getMessage());
    }
  }

  private void answer(CallbackQuery query, String text, boolean alert) throws TelegramApiException, InterruptedException {
    outbox.call(() -> client.execute(AnswerCallbackQuery.builder()
        .callbackQueryId(query.getId()).text(text).showAlert(alert).build()));
  }

  static UserRef user(User from) {
    String name = from.getUserName() != null ? from.getUserName() : from.getFirstName();
    return UserRef.of("telegram", Long.toString(from.getId()), name == null ? "someone" : name);
  }

  /** Lets running generations finish (they refund what they do not deliver). */
  @Override
  public void close() {
    generations.close();
  }
}
