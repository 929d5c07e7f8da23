package io.rolemarket.imagebot.telegram;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.command.ReviewTexts;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.Ruling;
import io.rolemarket.imagebot.core.review.SubmitOutcome;
import io.rolemarket.imagebot.core.review.VoteIds;
import io.rolemarket.imagebot.core.review.VoteOutcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageCaption;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ForceReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The review group ({@code TELEGRAM_REVIEW_CHAT_ID}): posts submitted designs with ✅ ❌ ✏️ buttons, turns
 * presses into votes, edits the post with the tally after each, and tells the requester the decision in
 * their private chat. A ✏️ press asks for the note as a reply. Vote buttons carry the design number
 * ({@link VoteIds}), so they keep working after a restart. Safe for concurrent use.
 */
final class ReviewRoom {
  private static final Logger log = LoggerFactory.getLogger(ReviewRoom.class);
  private static final int CAPTION_LIMIT = 1024;

  /** A ✏️ press waiting for its note: which design, from whom. */
  private record NoteWanted(long submissionId, UserRef reviewer) {}

  private final ImageBot bot;
  private final TelegramClient client;
  private final Outbox outbox;
  private final Delivery delivery;
  private final long chatId;
  private final Cache<Integer, NoteWanted> notesWanted = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofHours(24)).maximumSize(10_000).build();

  /** A room in {@code chatId}, or none (0): designs are then voted on with {@code /review} commands only. */
  ReviewRoom(ImageBot bot, TelegramClient client, Outbox outbox, Delivery delivery, long chatId) {
    this.bot = bot;
    this.client = client;
    this.outbox = outbox;
    this.delivery = delivery;
    this.chatId = chatId;
  }

  /** Whether {@code data} is one of our vote buttons. */
  static boolean isVote(String data) {
    return VoteIds.parse(data).isPresent();
  }

  /** Submits {@code requester}'s picture, posts it to the group, and returns what to tell the requester. */
  String submit(UserRef requester, long historyId, Lang lang) throws InterruptedException {
    SubmitOutcome outcome = bot.submitForReview(requester, historyId);
    if (outcome instanceof SubmitOutcome.Submitted submitted && chatId != 0) {
      post(requester, submitted.design());
    }
    return ReviewTexts.submitted(lang, outcome, BotTexts.text(lang, chatId != 0 ? "review.whereGroup"
        : "review.whereQueue"));
  }

  /** Sends a design's picture to {@code chat} with its review caption (buttons only on the group's post). */
  void show(UpdateHandler.Chat chat, long submissionId) throws InterruptedException {
    Optional<GenerationResult> picture = bot.designPicture(submissionId);
    Optional<Design> design = bot.design(submissionId);
    if (picture.isEmpty() || design.isEmpty()) {
      say(chat.id(), chat.group(), ReviewTexts.nothingToShow(chat.lang(), submissionId));
      return;
    }
    try {
      delivery.post(chat, picture.get(), caption(design.get()), null);
    } catch (TelegramApiException e) {
      log.warn("could not show design {} in chat {}: {}", submissionId, chat.id(), e.getMessage());
    }
  }

  /** A vote button pressed by {@code voter}. */
  void press(CallbackQuery query, UserRef voter) throws TelegramApiException, InterruptedException {
    VoteIds.Vote vote = VoteIds.parse(query.getData())
        .orElseThrow(() -> new IllegalArgumentException("not a vote button: " + query.getData()));
    long submissionId = vote.submissionId();
    Verdict verdict = vote.verdict();
    if (!bot.mayReview(voter)) {
      // Checked before anything is remembered: callback data is the client's to choose.
      answer(query, BotTexts.text(bot.teamLanguage(), "review.onlyReviewers"), true);
      return;
    }
    if (query.getMessage() != null && chatId != 0 && query.getMessage().getChatId() == chatId
        && bot.reviewPost(submissionId, Delivery.PLATFORM).isEmpty()) {
      // A press can beat the remembering of a post just made; a reviewer's press in the review group is on it.
      bot.rememberReviewPost(submissionId, Delivery.PLATFORM,
          query.getMessage().getChatId() + ":" + query.getMessage().getMessageId());
    }
    if (verdict == Verdict.CHANGES) {
      askForNote(query, voter, submissionId);
      return;
    }
    VoteOutcome outcome = bot.voteOnReview(voter, submissionId, verdict, "");
    answer(query, ReviewTexts.voted(bot.teamLanguage(), outcome), alert(outcome));
    afterVote(outcome);
  }

  /** Takes {@code message} as a ✏️ note when it replies to our question from the reviewer who pressed; says whether it did. */
  boolean takeNote(Message message, UserRef author) throws InterruptedException {
    Message question = message.getReplyToMessage();
    if (question == null || message.getChatId() != chatId) {
      return false;
    }
    NoteWanted wanted = notesWanted.getIfPresent(question.getMessageId());
    if (wanted == null || !wanted.reviewer().key().equals(author.key())) {
      return false;
    }
    notesWanted.invalidate(question.getMessageId());
    VoteOutcome outcome = bot.voteOnReview(author, wanted.submissionId(), Verdict.CHANGES, message.getText());
    say(chatId, true, ReviewTexts.voted(bot.teamLanguage(), outcome));
    afterVote(outcome);
    return true;
  }

  /** Edits the post after a counted vote; after a decision also tells the requester. */
  void afterVote(VoteOutcome outcome) throws InterruptedException {
    if (!(outcome instanceof VoteOutcome.Voted voted)) {
      return;
    }
    switch (voted.ruling()) {
      case Ruling.Counted counted -> edit(voted.design());
      case Ruling.Decides decides -> {
        edit(voted.design());
        tellRequester(voted.design());
      }
      case Ruling.NotAReviewer notAReviewer -> { }
      case Ruling.Unchanged unchanged -> { }
      case Ruling.TooLate tooLate -> { }
    }
  }

  private void askForNote(CallbackQuery query, UserRef voter, long submissionId)
      throws TelegramApiException, InterruptedException {
    if (!bot.reviewRules().mayVote(voter.key())) {
      answer(query, BotTexts.text(bot.teamLanguage(), "review.onlyReviewers"), true);
      return;
    }
    Optional<Design> design = bot.design(submissionId);
    if (design.isEmpty() || design.get().decided()) {
      answer(query, design.isEmpty() ? ReviewTexts.notInReview(bot.teamLanguage(), submissionId)
          : ReviewTexts.alreadyDecided(bot.teamLanguage(), submissionId), true);
      return;
    }
    answer(query, BotTexts.text(bot.teamLanguage(), "review.replyWithChanges"), false);
    long chat = query.getMessage() == null ? chatId : query.getMessage().getChatId();
    Message asked = outbox.send(chat, true, () -> client.execute(SendMessage.builder().chatId(chat)
        .text("✏️ " + voter.displayName() + ", reply to this message with the changes you want for design #"
            + submissionId + ".")
        .replyMarkup(ForceReplyKeyboard.builder().forceReply(true).selective(true).build()).build()));
    if (asked != null) {
      notesWanted.put(asked.getMessageId(), new NoteWanted(submissionId, voter));
    }
  }

  private void post(UserRef requester, Design design) throws InterruptedException {
    Optional<GenerationResult> picture = bot.resend(requester, design.entry().id());
    if (picture.isEmpty()) {
      return;
    }
    try {
      Message sent = delivery.post(new UpdateHandler.Chat(chatId, true, bot.teamLanguage()), picture.get(), caption(design),
          keyboard(design.id()));
      if (sent != null) {
        bot.rememberReviewPost(design.id(), Delivery.PLATFORM, sent.getChatId() + ":" + sent.getMessageId());
      }
    } catch (TelegramApiException e) {
      log.warn("could not post design {} to the review group: {}", design.id(), e.getMessage());
    }
  }

  private void edit(Design design) throws InterruptedException {
    Optional<String> ref = bot.reviewPost(design.id(), Delivery.PLATFORM);
    if (ref.isEmpty()) {
      return;
    }
    long postChat = Long.parseLong(ref.get().substring(0, ref.get().lastIndexOf(':')));
    int messageId = Integer.parseInt(ref.get().substring(ref.get().lastIndexOf(':') + 1));
    EditMessageCaption edit = EditMessageCaption.builder().chatId(postChat).messageId(messageId)
        .caption(caption(design)).replyMarkup(design.decided() ? null : keyboard(design.id())).build();
    try {
      outbox.send(postChat, true, () -> client.execute(edit));
    } catch (TelegramApiException e) {
      log.warn("could not edit the review post of design {}: {}", design.id(), e.getMessage());
    }
  }

  private void tellRequester(Design design) throws InterruptedException {
    String requester = design.submission().submitterKey();
    if (requester.startsWith(Delivery.PLATFORM + ":")) {
      say(Long.parseLong(requester.substring(Delivery.PLATFORM.length() + 1)), false,
          ReviewTexts.decided(bot.language(new UserRef(requester, requester), bot.teamLanguage()), design));
    }
  }

  private String caption(Design design) {
    String caption = ReviewTexts.post(bot.teamLanguage(), design);
    return caption.length() > CAPTION_LIMIT ? caption.substring(0, CAPTION_LIMIT - 1) + "…" : caption;
  }

  private InlineKeyboardMarkup keyboard(long submissionId) {
    return InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(Arrays.stream(Verdict.values())
        .map(verdict -> InlineKeyboardButton.builder().text(ReviewTexts.voteLabel(bot.teamLanguage(), verdict))
            .callbackData(VoteIds.id(verdict, submissionId)).build())
        .toList())).build();
  }

  private static boolean alert(VoteOutcome outcome) {
    return !(outcome instanceof VoteOutcome.Voted voted)
        || voted.ruling() instanceof Ruling.NotAReviewer || voted.ruling() instanceof Ruling.TooLate;
  }

  private void say(long chat, boolean group, String text) throws InterruptedException {
    try {
      outbox.send(chat, group, () -> client.execute(SendMessage.builder().chatId(chat).text(text).build()));
    } catch (TelegramApiException e) {
      log.warn("could not send a review message to chat {}: {}", chat, e.getMessage());
    }
  }

  private void answer(CallbackQuery query, String text, boolean alert) throws TelegramApiException, InterruptedException {
    outbox.call(() -> client.execute(AnswerCallbackQuery.builder()
        .callbackQueryId(query.getId()).text(text).showAlert(alert).build()));
  }
}
