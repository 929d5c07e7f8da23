package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.command.CommandParser;
import net.dv8tion.jda.api.JDA;
import java.util.Set;
import java.util.EnumSet;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.RequestIds;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.command.ActionButtons;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.command.CalibrationTexts;
import io.rolemarket.imagebot.core.command.SpendTexts;
import io.rolemarket.imagebot.core.conversation.Conversation;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProgressListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.utils.FileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers interactions: slash commands, autocomplete, button presses and modals (review votes and notes go
 * to {@link ReviewChannel}). Input is translated by
 * {@link SlashInput}; bad input and refusals are answered at once and only to the asker; a generation, or
 * a provider's action pressed under a result (Midjourney's U1–U4, V1–V4: only the asker may press them,
 * as every result button), is deferred first (well inside Discord's 3 s), then runs on its own virtual
 * thread, editing the deferred reply as its state changes. {@code /cancel} interrupts the asker's
 * generations and actions in progress (the core refunds them; their deferred replies say so), and
 * {@code /resend} delivers a picture from the asker's history again like a result, free. Never throws to
 * JDA. Safe for concurrent use.
 */
final class InteractionListener extends ListenerAdapter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InteractionListener.class);

  private final ImageBot bot;
  private final Conversation conversation;
  private final DiscordSettings settings;
  private final Delivery delivery;
  private final ExecutorService generations = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer;
  private final ReviewChannel reviews;

  InteractionListener(ImageBot bot, DiscordSettings settings, Delivery delivery, ScheduledExecutorService timer) {
    this.bot = bot;
    this.conversation = new Conversation(bot);
    this.settings = settings;
    this.delivery = delivery;
    this.timer = timer;
    this.reviews = new ReviewChannel(bot, delivery, settings.reviewChannelId());
  }

  /**
   * Whether to leave this interaction alone: it was handled already (the gateway delivered it again), or
   * its user is flooding the bot (told in one short private line, which Discord needs as the answer).
   */
  private boolean repeated(IReplyCallback interaction) {
    // JDA runs each event on a virtual thread of its own (Connection): the thread works for this request only.
    RequestIds.setForThisThread(requestId(interaction));
    if (!bot.firstDelivery("discord", interaction.getId())) {
      log.info("interaction {} came again; it was handled the first time", interaction.getId());
      return true;
    }
    return switch (bot.admitCommand(Asker.userOf(interaction.getUser()))) {
      case ADMIT -> false;
      case WARN, DROP -> {
        interaction.reply(BotTexts.text(langOf(interaction), "flooding")).setEphemeral(true)
            .queue(ok -> { }, error -> { });
        yield true;
      }
    };
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    if (repeated(event)) {
      return;
    }
    try {
      Map<String, String> options = new LinkedHashMap<>();
      for (OptionMapping option : event.getOptions()) {
        options.put(option.getName(), option.getAsString());
      }
      Asker asker = Asker.of(event, langOf(event), bot.teamLanguage());
      Lang lang = asker.lang();
      log.info("{} from {}", describe(event), asker.user().key());
      Command command = new SlashInput(event.getFullCommandName(), options, lang).command();
      if (command instanceof Command.Spend || command instanceof Command.Calibrate) {
        deferThenChart(event, asker, command);
        return;
      }
      // Every answer but a started generation (and a chart) is private, and a local read well inside Discord's 3 s.
      switch (conversation.answer(asker.user(), PLATFORM, chatRef(asker), command)) {
        case Reply.Start start -> deferThenGenerate(event, asker, start.command());
        case Reply.Resent resent -> event.deferReply().queue(ok -> later(event, () -> resend(asker, resent)),
            error -> log.warn("could not acknowledge /resend: {}", error.getMessage()));
        case Reply.Line line -> privately(event, BotTexts.line(lang, line));
        case Reply.SpendChart spend -> event.replyFiles(chartFile(spend))
            .setContent(clip(SpendTexts.figures(lang, spend))).setEphemeral(true).queue();
        case Reply.CalibrationChart calibration -> event.replyFiles(chartFile(calibration))
            .setContent(clip(CalibrationTexts.figures(lang, calibration))).setEphemeral(true).queue();
        case Reply.Help help -> privately(event, DiscordHelp.text(lang, help.catalog()));
        case Reply.History history -> privately(event, history.entries().isEmpty()
            ? BotTexts.text(lang, "discord.noHistory") : BotTexts.history(lang, history.entries()));
        case Reply.Review review -> reviews.answer(event, asker, review.command());
        case Reply.WebLink web -> event.reply(clip(BotTexts.webLink(lang, web))).setEphemeral(true)
            .setSuppressEmbeds(true).queue();
        case Reply.Nothing nothing -> privately(event, DiscordHelp.text(lang, bot.catalog()));
      }
    } catch (RuntimeException e) {
      log.error("/{} failed", event.getName(), e);
      if (!event.isAcknowledged()) {
        event.reply(BotTexts.text(langOf(event), "somethingWentWrong")).setEphemeral(true).queue();
      }
    }
  }

  /**
   * The language to answer the user of {@code interaction} in: their {@code /lang} choice, else their Discord
   * client's locale ({@code zh-TW} and {@code zh-CN} get Hong Kong Chinese).
   */
  private Lang langOf(Interaction interaction) {
    return bot.language(Asker.userOf(interaction.getUser()), Lang.fromTag(interaction.getUserLocale().getLocale()));
  }

  /**
   * Acknowledges {@code /spend} and {@code /calibrate} first, privately, and answers once the chart is drawn: drawing
   * it (and scoring the designs to calibrate) can take seconds, and Discord waits only three.
   */
  private void deferThenChart(SlashCommandInteractionEvent event, Asker asker, Command command) {
    event.deferReply(true).queue(ok -> later(event, () -> {
      try {
        switch (conversation.answer(asker.user(), PLATFORM, chatRef(asker), command)) {
          case Reply.SpendChart spend -> asker.hook().sendFiles(chartFile(spend))
              .setContent(clip(SpendTexts.figures(asker.lang(), spend))).setEphemeral(true).complete();
          case Reply.CalibrationChart calibration -> asker.hook().sendFiles(chartFile(calibration))
              .setContent(clip(CalibrationTexts.figures(asker.lang(), calibration))).setEphemeral(true).complete();
          case Reply.Line line -> asker.hook().sendMessage(clip(BotTexts.line(asker.lang(), line)))
              .setEphemeral(true).complete();
          default -> asker.hook().sendMessage(BotTexts.text(asker.lang(), "somethingWentWrong"))
              .setEphemeral(true).complete();
        }
      } catch (RuntimeException e) {
        log.error("/{} failed", event.getName(), e);
      }
    }), error -> log.warn("could not acknowledge /{}: {}", event.getName(), error.getMessage()));
  }

  private static FileUpload chartFile(Reply.CalibrationChart calibration) {
    return FileUpload.fromData(calibration.chartPng(), "calibration-" + calibration.calibration().character() + ".png");
  }

  private static FileUpload chartFile(Reply.SpendChart spend) {
    return FileUpload.fromData(spend.chartPng(), "spend-" + spend.report().month() + ".png");
  }

  private static void privately(SlashCommandInteractionEvent event, String text) {
    event.reply(clip(text)).setEphemeral(true).queue();
  }

  @Override
  public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
    try {
      var focused = event.getFocusedOption();
      event.replyChoices(Suggestions.of(bot.catalog(), focused.getName(), focused.getValue(), langOf(event)).stream()
          .map(choice -> new net.dv8tion.jda.api.interactions.commands.Command.Choice(choice.label(), choice.value()))
          .toList()).queue();
    } catch (RuntimeException e) {
      log.error("autocomplete for /{} failed", event.getName(), e);
    }
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    if (repeated(event)) {
      return;
    }
    try {
      if (ReviewChannel.isVote(event.getComponentId())) {
        reviews.press(event, Asker.userOf(event.getUser()));
        return;
      }
      Asker asker = Asker.of(event, langOf(event), bot.teamLanguage());
      log.info("{} from {}", describe(event), asker.user().key());
      switch (bot.press(asker.user(), event.getComponentId())) {
        case ActionButtons.Pressed.Expired expired ->
            event.reply(BotTexts.text(asker.lang(), "button.expired")).setEphemeral(true).queue();
        case ActionButtons.Pressed.NotYours notYours ->
            event.reply(BotTexts.text(asker.lang(), "button.notYours")).setEphemeral(true).queue();
        case ActionButtons.Pressed.Regenerate again -> deferThenGenerate(event, asker, again.command());
        case ActionButtons.Pressed.Vary varied -> deferThenGenerate(event, asker, varied.command());
        case ActionButtons.Pressed.Review review -> event.deferReply(true).queue(
            ok -> later(event, () -> submit(event, asker, review.origin().historyId())),
            error -> log.warn("could not acknowledge a review button: {}", error.getMessage()));
        case ActionButtons.Pressed.ProviderAction act -> deferThenAct(event, asker, act.origin(), act.action());
      }
    } catch (RuntimeException e) {
      log.error("button {} failed", event.getComponentId(), e);
      if (!event.isAcknowledged()) {
        event.reply(BotTexts.text(langOf(event), "somethingWentWrong")).setEphemeral(true).queue();
      }
    }
  }

  @Override
  public void onModalInteraction(ModalInteractionEvent event) {
    if (repeated(event)) {
      return;
    }
    try {
      if (ReviewChannel.isNote(event.getModalId())) {
        reviews.note(event, Asker.userOf(event.getUser()));
      } else {
        event.reply(BotTexts.text(langOf(event), "formExpired")).setEphemeral(true).queue();
      }
    } catch (RuntimeException e) {
      log.error("modal {} failed", event.getModalId(), e);
      if (!event.isAcknowledged()) {
        event.reply(BotTexts.text(langOf(event), "somethingWentWrong")).setEphemeral(true).queue();
      }
    }
  }

  /** Sends the result behind a 📤 press to review and tells the presser, privately, where it went. */
  private void submit(ButtonInteractionEvent event, Asker asker, long historyId) {
    try {
      asker.hook().sendMessage(clip(reviews.submit(event.getJDA(), asker.user(), historyId, asker.lang())))
          .setEphemeral(true).queue(ok -> { }, error -> log.warn("could not answer a review button: {}",
              error.getMessage()));
    } catch (RuntimeException e) {
      log.error("sending design {} to review failed", historyId, e);
    }
  }

  /** Runs {@code work} on a thread of its own as the interaction's request ({@code dc-<interaction id>}). */
  private void later(Interaction interaction, Runnable work) {
    generations.execute(RequestIds.as(requestId(interaction), work));
  }

  private static String describe(GenericInteractionCreateEvent event) {
    return switch (event) {
      case SlashCommandInteractionEvent slash -> "/" + slash.getFullCommandName();
      case ButtonInteractionEvent button -> "button " + button.getComponentId();
      default -> event.getType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String requestId(Interaction interaction) {
    return "dc-" + interaction.getId();
  }

  /**
   * Acknowledges first: nothing is generated (or charged) for an interaction Discord did not take. The
   * generation runs in one of the asker's slots, kept until its pictures are delivered; an asker with every
   * slot taken is told so at once and nothing starts.
   */
  private void deferThenGenerate(IReplyCallback event, Asker asker, Command.Generate command) {
    Optional<ImageBot.Ticket> admitted = bot.admit(asker.user(), PLATFORM, chatRef(asker), command);
    if (admitted.isEmpty()) {
      event.reply(BotTexts.refusal(asker.lang(), bot.tooMany().reason())).setEphemeral(true).queue();
      return;
    }
    ImageBot.Ticket ticket = admitted.get();
    event.deferReply().queue(ok -> later(event, () -> {
      try (ticket) {
        run(asker, command, ticket.label(), ticket::generate, ticket::delivered);
      }
    }), error -> {
      ticket.close();
      log.warn("could not acknowledge a request: {}", error.getMessage());
    });
  }

  /**
   * Acknowledges first, then runs the provider's {@code action} (such as U2) on the result behind
   * {@code origin}: a job of its own that the core charges, or refunds when it fails.
   */
  private void deferThenAct(ButtonInteractionEvent event, Asker asker, ActionButtons.Origin origin, String action) {
    Command.Generate before = origin.command();
    event.deferReply().queue(ok -> later(event, () -> run(asker, before,
            before.character() + " " + before.theme() + " " + action,
            listener -> bot.act(asker.user(), origin.providerId(), origin.remoteJobId(), action, before.character(),
                before.theme(), listener), () -> { })),
        error -> log.warn("could not acknowledge {}: {}", action, error.getMessage()));
  }

  /**
   * Delivers a picture from the asker's history like a result, with buttons acting on the request that made
   * it (and U/V rows when the core offers actions on it). Nothing is charged.
   */
  private void resend(Asker asker, Reply.Resent resent) {
    try {
      delivery.result(asker, resent.result(), Buttons.rows(resent.rows(), asker.channelLang()), false);
    } catch (RuntimeException e) {
      log.error("resending history entry {} failed", resent.result().historyId(), e);
    }
  }

  /**
   * Runs {@code work}, showing its progress in the deferred reply, and delivers its outcome: the pictures
   * with buttons acting on {@code command} (and U/V rows when the core offers actions on the result), or
   * one private line for a refusal or failure (the core has refunded it). The core runs it as the asker's
   * job, so {@code /cancel} can stop it; a cancelled job's deferred reply ends with a "cancelled" line instead
   * (pictures made before the cancel arrived are still delivered: they are charged).
   */
  private void run(Asker asker, Command.Generate command, String label,
      Function<ProgressListener, GenerateOutcome> work, Runnable delivered) {
    StatusLine status = new StatusLine(line -> delivery.hookUsable(asker)
        ? asker.hook().editOriginal(Delivery.edit("⏳ " + label + " — " + line)).submit() : null,
        settings.editInterval(), timer, System::nanoTime);
    boolean statusShowing = false;
    try {
      GenerateOutcome outcome;
      try {
        outcome = work.apply(event -> status.show(BotTexts.progress(asker.channelLang(), event)));
      } finally {
        statusShowing = status.finish(LAST_EDIT_WAIT);
      }
      switch (outcome) {
        case GenerateOutcome.Generated generated -> deliverOrRefund(asker, generated.result(),
            rows(asker, command, generated.result()), statusShowing, delivered);
        case GenerateOutcome.Failed failed when failed.reason() instanceof Failure.Cancelled ->
            delivery.replaceReply(asker, cancelled(asker.channelLang(), label));
        case GenerateOutcome.Refused refused -> delivery.privately(asker, BotTexts.refusal(asker.lang(),
            refused.reason()),
            statusShowing);
        case GenerateOutcome.Failed failed -> delivery.privately(asker, BotTexts.failure(asker.lang(),
            failed.reason()),
            statusShowing);
      }
    } catch (RuntimeException e) {
      log.error("generation for channel {} failed to deliver", asker.channelId(), e);
      try {
        delivery.privately(asker, BotTexts.text(asker.lang(), "couldNotSend"), statusShowing);
      } catch (RuntimeException again) {
        log.error("could not tell the asker either", again);
      }
    }
  }

  /**
   * Delivers a paid result. JDA waits out Discord's rate limits itself; what it gives up on is tried again a
   * few times with backoff (a Discord outage), except a refusal that will not change (the channel is gone,
   * the bot may not post there, the user takes no direct messages): then nobody can see the pictures, and
   * the user gets the quota back.
   */
  private void deliverOrRefund(Asker asker, GenerationResult result, List<ActionRow> rows, boolean statusShowing,
      Runnable delivered) {
    for (int attempt = 1; ; attempt++) {
      try {
        delivery.result(asker, result, rows, statusShowing, delivered);
        return;
      } catch (ErrorResponseException e) {
        if (UNREACHABLE.contains(e.getErrorResponse())) {
          log.warn("channel {} cannot be reached ({}); refunding its pictures", asker.channelId(), e.getMeaning());
          bot.undeliverable(result);
          return;
        }
        if (attempt >= DELIVERY_TRIES) {
          throw e;
        }
        log.warn("delivering to channel {} failed ({}); trying again", asker.channelId(), e.getMeaning());
        try {
          Thread.sleep(1000L << (attempt - 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Answers what the last run owed and never answered (it stopped mid-work), in the channel with a mention,
   * since the interactions are gone: the picture that was made and charged, or one line saying nothing was
   * charged with 🔁 to try again. Runs on its own threads.
   */
  void answerLeftovers(JDA jda) {
    for (ImageBot.Unanswered left : bot.owedAfterRestart(PLATFORM)) {
      generations.execute(RequestIds.as("dc-owed-" + left.owed().id(), () -> answerLeftover(jda, left)));
    }
  }

  private void answerLeftover(JDA jda, ImageBot.Unanswered left) {
    var owed = left.owed();
    try {
      long userId = Long.parseLong(owed.userKey().substring(owed.userKey().indexOf(':') + 1));
      long channelId = owed.chatRef().startsWith("dm:") ? 0 : Long.parseLong(owed.chatRef());
      Command parsed = new CommandParser("").parse(owed.command());
      if (!(parsed instanceof Command.Generate command)) {
        log.warn("request {} left by the last run cannot be read back: {}", owed.id(), owed.command());
      } else {
        UserRef user = new UserRef(owed.userKey(), owed.userKey());
        // A server channel reads the team's language; a direct message the user's own.
        Lang lang = channelId == 0 ? bot.language(user, bot.teamLanguage()) : bot.teamLanguage();
        if (left.made().isPresent()) {
          GenerationResult made = left.made().get();
          delivery.later(jda, channelId, userId, BotTexts.caption(lang, made), made,
              Buttons.rows(bot.actionRows(user, PLATFORM, owed.chatRef(), command, made), lang));
        } else {
          delivery.later(jda, channelId, userId, BotTexts.restartedUnfinished(lang, owed.label()), null,
              Buttons.rows(bot.retryRows(user, PLATFORM, owed.chatRef(), command), lang));
        }
      }
    } catch (RuntimeException e) {
      log.warn("could not answer request {} left by the last run: {}", owed.id(), e.getMessage());
    }
    bot.answered(owed.id());
  }

  private static final String PLATFORM = "discord";

  /** Discord's answers that mean a channel will never take our message. */
  private static final Set<ErrorResponse> UNREACHABLE = EnumSet.of(ErrorResponse.UNKNOWN_CHANNEL,
      ErrorResponse.UNKNOWN_USER, ErrorResponse.MISSING_ACCESS, ErrorResponse.MISSING_PERMISSIONS,
      ErrorResponse.CANNOT_SEND_TO_USER);
  private static final int DELIVERY_TRIES = 4;
  /** How long an answer waits for the status edit in flight (JDA may be waiting out a rate limit). */
  private static final Duration LAST_EDIT_WAIT = Duration.ofSeconds(10);

  /** Buttons for {@code result}, acting on {@code command}; U1–U4 and V1–V4 rows when its provider offers them. */
  private List<ActionRow> rows(Asker asker, Command.Generate command, GenerationResult result) {
    return Buttons.rows(bot.actionRows(asker.user(), PLATFORM, chatRef(asker), command, result), asker.channelLang());
  }

  /** Where {@code asker} is, as the core keeps it: {@code dm:<user id>} or the channel id. */
  private static String chatRef(Asker asker) {
    return asker.direct() ? "dm:" + asker.userId() : Long.toString(asker.channelId());
  }

  /** The last line of a cancelled job's deferred reply, worded as the core words a cancellation. */
  static String cancelled(Lang lang, String label) {
    return "⏹ " + label + " — " + BotTexts.failure(lang, new Failure.Cancelled());
  }

  private static String clip(String text) {
    return text.length() > 2000 ? text.substring(0, 1999) + "…" : text;
  }

  /** Lets running generations finish, at most {@code wait}. */
  void drain(Duration wait) {
    generations.shutdown();
    try {
      if (!generations.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        generations.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      generations.shutdownNow();
    }
  }

  @Override
  public void close() {
    drain(Duration.ofMinutes(2));
  }
}
