package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.ReviewTexts;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.Ruling;
import io.rolemarket.imagebot.core.review.SubmitOutcome;
import io.rolemarket.imagebot.core.review.VoteIds;
import io.rolemarket.imagebot.core.review.VoteOutcome;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review channel ({@code DISCORD_REVIEW_CHANNEL_ID}): posts submitted designs with ✅ ❌ ✏️ buttons, turns
 * presses into votes, edits the post with the tally after each, and tells the requester the decision in a
 * direct message. ✏️ opens a modal for the note. Vote buttons carry the design number ({@link VoteIds}), so
 * they keep working after a restart. Also answers {@code /review pending|approved|show|submit}, only to the
 * asker. Safe for concurrent use.
 */
final class ReviewChannel {
  static final String PLATFORM = "discord";
  static final String NOT_SET_UP = Texts.of(Lang.EN).get("discord.reviewNotSetUp");
  private static final Logger log = LoggerFactory.getLogger(ReviewChannel.class);
  private static final String NOTE_FIELD = "note";
  /** How many designs {@code /review pending} and {@code approved} list, as on the other platforms. */
  private static final int LISTED = 20;
  private final ImageBot bot;
  private final Delivery delivery;
  private final long channelId;

  /** A channel {@code channelId}, or none (0): 📤 then says review is not set up on Discord. */
  ReviewChannel(ImageBot bot, Delivery delivery, long channelId) {
    this.bot = bot;
    this.delivery = delivery;
    this.channelId = channelId;
  }

  /** Whether {@code customId} is one of our vote buttons. */
  static boolean isVote(String customId) {
    return VoteIds.parse(customId).isPresent();
  }

  /** Whether {@code customId} is our ✏️ note modal. */
  static boolean isNote(String customId) {
    return VoteIds.parseNote(customId).isPresent();
  }

  /** The three vote buttons of design {@code submissionId}: a plain function. */
  static ActionRow buttons(Lang lang, long submissionId) {
    return ActionRow.of(Arrays.stream(Verdict.values()).map(verdict -> {
      String id = VoteIds.id(verdict, submissionId);
      String label = ReviewTexts.voteLabel(lang, verdict);
      return switch (verdict) {
        case APPROVE -> Button.success(id, label);
        case REJECT -> Button.danger(id, label);
        case CHANGES -> Button.secondary(id, label);
      };
    }).toList());
  }

  /** The ✏️ modal asking for the note on design {@code submissionId}: a plain function. */
  static Modal noteModal(Lang lang, long submissionId) {
    Texts texts = Texts.of(lang);
    return Modal.create(VoteIds.noteId(submissionId), texts.get("discord.noteTitle", String.valueOf(submissionId)))
        .addComponents(Label.of(texts.get("discord.noteLabel"), TextInput.create(NOTE_FIELD, TextInputStyle.PARAGRAPH)
            .setRequiredRange(1, 1000).build()))
        .build();
  }

  /** Submits {@code requester}'s picture {@code historyId}, posts it to the channel; returns what to tell them. */
  String submit(JDA jda, UserRef requester, long historyId, Lang lang) {
    if (channelId == 0) {
      return Texts.of(lang).get("discord.reviewNotSetUp");
    }
    SubmitOutcome outcome = bot.submitForReview(requester, historyId);
    if (outcome instanceof SubmitOutcome.Submitted submitted && !post(jda, requester, submitted.design())) {
      return ReviewTexts.submitted(lang, outcome, BotTexts.text(lang, "review.whereQueue")) + " "
          + BotTexts.text(lang, "review.notPosted");
    }
    return ReviewTexts.submitted(lang, outcome, Texts.of(lang).get("review.whereChannel", "<#" + channelId + ">"));
  }

  /** A vote button pressed: ✅ and ❌ vote at once, ✏️ opens the note modal. */
  void press(ButtonInteractionEvent event, UserRef voter) {
    VoteIds.Vote vote = VoteIds.parse(event.getComponentId())
        .orElseThrow(() -> new IllegalArgumentException("not a vote button: " + event.getComponentId()));
    long submissionId = vote.submissionId();
    if (bot.reviewPost(submissionId, PLATFORM).isEmpty() && event.getChannelIdLong() == channelId
        && bot.mayReview(voter)) {
      // A press can beat the remembering of a post just made; the pressed message is the post, when a
      // reviewer pressed it in the review channel (nothing else may become a design's post).
      bot.rememberReviewPost(submissionId, PLATFORM, event.getChannelIdLong() + ":" + event.getMessageIdLong());
    }
    Verdict verdict = vote.verdict();
    if (verdict == Verdict.CHANGES) {
      Optional<String> refusal = refusal(voter, submissionId);
      if (refusal.isPresent()) {
        event.reply(refusal.get()).setEphemeral(true).queue();
      } else {
        event.replyModal(noteModal(bot.teamLanguage(), submissionId)).queue();
      }
      return;
    }
    VoteOutcome outcome = bot.voteOnReview(voter, submissionId, verdict, "");
    event.reply(ReviewTexts.voted(bot.teamLanguage(), outcome)).setEphemeral(true).queue();
    afterVote(event.getJDA(), outcome);
  }

  /** The ✏️ modal submitted: a change request with its note. */
  void note(ModalInteractionEvent event, UserRef voter) {
    OptionalLong submissionId = VoteIds.parseNote(event.getModalId());
    if (submissionId.isEmpty()) {
      throw new IllegalArgumentException("not a note modal: " + event.getModalId());
    }
    ModalMapping field = event.getValue(NOTE_FIELD);
    String text = field == null ? "" : field.getAsString();
    VoteOutcome outcome = bot.voteOnReview(voter, submissionId.getAsLong(), Verdict.CHANGES, text);
    event.reply(ReviewTexts.voted(bot.teamLanguage(), outcome)).setEphemeral(true).queue();
    afterVote(event.getJDA(), outcome);
  }

  /** Edits the post after a counted vote; after a decision also removes the buttons and tells the requester. */
  void afterVote(JDA jda, VoteOutcome outcome) {
    if (!(outcome instanceof VoteOutcome.Voted voted)) {
      return;
    }
    switch (voted.ruling()) {
      case Ruling.Counted counted -> edit(jda, voted.design());
      case Ruling.Decides decides -> {
        edit(jda, voted.design());
        tellRequester(jda, voted.design());
      }
      case Ruling.NotAReviewer notAReviewer -> { }
      case Ruling.Unchanged unchanged -> { }
      case Ruling.TooLate tooLate -> { }
    }
  }

  /**
   * Answers {@code /review} only to the asker, in the words the other platforms use: the designs waiting,
   * the approved ones, one design's picture with its review caption, or a submission as 📤 makes it.
   * Reviewers vote with the buttons on the post, not with a command.
   */
  void answer(SlashCommandInteractionEvent event, Asker asker, Command.Review command) {
    Lang lang = asker.lang();
    switch (command) {
      case Command.ReviewPending pending -> privately(event, ReviewTexts.pending(lang, bot.pendingReviews(LISTED)));
      case Command.ReviewApproved approved -> privately(event,
          ReviewTexts.approved(lang, bot.approvedDesigns(approved.character(), approved.theme(), LISTED)));
      case Command.ReviewShow show -> show(event, show.submissionId(), lang);
      case Command.ReviewSubmit submit -> {
        try {
          event.deferReply(true).complete();
        } catch (RuntimeException e) {
          log.warn("could not acknowledge /review submit: {}", e.getMessage());
          return;
        }
        event.getHook().sendMessage(Delivery.clip(submit(event.getJDA(), asker.user(), submit.historyId(), lang)))
            .setEphemeral(true).queue(ok -> { }, error -> log.warn("could not answer /review submit: {}",
                error.getMessage()));
      }
      case Command.ReviewVote vote -> privately(event, BotTexts.text(lang, "discord.voteByButtons"));
    }
  }

  /** A design's picture with its review caption, only to the asker; no buttons (votes are on the post). */
  private void show(SlashCommandInteractionEvent event, long submissionId, Lang lang) {
    Optional<GenerationResult> picture = bot.designPicture(submissionId);
    Optional<Design> design = bot.design(submissionId);
    if (picture.isEmpty() || design.isEmpty()) {
      privately(event, ReviewTexts.nothingToShow(lang, submissionId));
      return;
    }
    event.deferReply(true).queue();
    event.getHook().sendMessage(designMessage(design.get(), picture.get(),
            delivery.uploadLimit(event.getMessageChannel()), List.of()))
        .setEphemeral(true).queue(ok -> { }, error -> log.warn("could not show design {}: {}", submissionId,
            error.getMessage()));
  }

  private static void privately(SlashCommandInteractionEvent event, String text) {
    event.reply(Delivery.clip(text)).setEphemeral(true).queue();
  }

  /** A design's post: its review caption and first picture (a grid for several) under {@code uploadLimit}. */
  private MessageCreateData designMessage(Design design, GenerationResult picture, long uploadLimit,
      List<ActionRow> rows) {
    return Delivery.render(ReviewTexts.post(bot.teamLanguage(), design), delivery.files(picture, uploadLimit).get(0), rows);
  }

  /** Why {@code voter} may not ask for changes on the design now, if they may not. */
  private Optional<String> refusal(UserRef voter, long submissionId) {
    if (!bot.reviewRules().mayVote(voter.key())) {
      return Optional.of(BotTexts.text(bot.teamLanguage(), "review.onlyReviewers"));
    }
    Optional<Design> design = bot.design(submissionId);
    if (design.isEmpty()) {
      return Optional.of(ReviewTexts.notInReview(bot.teamLanguage(), submissionId));
    }
    if (design.get().decided()) {
      return Optional.of(ReviewTexts.alreadyDecided(bot.teamLanguage(), submissionId));
    }
    return Optional.empty();
  }

  /** Posts {@code design} in the review channel with its vote buttons; false when that could not be done. */
  private boolean post(JDA jda, UserRef requester, Design design) {
    Optional<GenerationResult> picture = bot.resend(requester, design.entry().id());
    MessageChannel channel = jda.getChannelById(MessageChannel.class, channelId);
    if (picture.isEmpty() || channel == null) {
      log.warn("could not post design {}: {}", design.id(), picture.isEmpty() ? "its picture is gone"
          : "the bot cannot see DISCORD_REVIEW_CHANNEL_ID");
      return false;
    }
    try {
      Message sent = channel.sendMessage(designMessage(design, picture.get(), delivery.uploadLimit(channel),
          List.of(buttons(bot.teamLanguage(), design.id())))).complete();
      bot.rememberReviewPost(design.id(), PLATFORM, channelId + ":" + sent.getIdLong());
      return true;
    } catch (RuntimeException e) {
      log.warn("could not post design {} to the review channel: {}", design.id(), e.getMessage());
      return false;
    }
  }

  private void edit(JDA jda, Design design) {
    Optional<String> ref = bot.reviewPost(design.id(), PLATFORM);
    if (ref.isEmpty()) {
      return;
    }
    long postChannel = Long.parseLong(ref.get().substring(0, ref.get().indexOf(':')));
    long messageId = Long.parseLong(ref.get().substring(ref.get().indexOf(':') + 1));
    MessageChannel channel = jda.getChannelById(MessageChannel.class, postChannel);
    if (channel == null) {
      log.warn("could not edit the review post of design {}: its channel is not visible", design.id());
      return;
    }
    MessageEditBuilder edit = new MessageEditBuilder().setContent(Delivery.clip(ReviewTexts.post(bot.teamLanguage(), design)))
        .setComponents(design.decided() ? List.of() : List.of(buttons(bot.teamLanguage(), design.id())));
    try {
      channel.editMessageById(messageId, edit.build()).complete();
    } catch (RuntimeException e) {
      log.warn("could not edit the review post of design {}: {}", design.id(), e.getMessage());
    }
  }

  private void tellRequester(JDA jda, Design design) {
    String requester = design.submission().submitterKey();
    if (!requester.startsWith(PLATFORM + ":")) {
      return;
    }
    long userId = Long.parseLong(requester.substring(PLATFORM.length() + 1));
    String text = Delivery.clip(ReviewTexts.decided(bot.language(new UserRef(design.submission().submitterKey(),
        design.submission().submitterKey()), bot.teamLanguage()), design));
    try {
      jda.openPrivateChannelById(userId).flatMap(direct -> direct.sendMessage(text)).complete();
    } catch (RuntimeException e) {
      log.warn("could not tell the requester of design {} directly ({}); mentioning them in the channel",
          design.id(), e.getMessage());
      MessageChannel channel = jda.getChannelById(MessageChannel.class, channelId);
      if (channel != null) {
        channel.sendMessage("<@" + userId + "> " + text).queue(ok -> { }, error -> { });
      }
    }
  }
}
