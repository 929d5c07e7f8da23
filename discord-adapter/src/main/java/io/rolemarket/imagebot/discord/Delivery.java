package io.rolemarket.imagebot.discord;

import net.dv8tion.jda.api.utils.messages.MessageEditData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.EnumSet;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends answers to an asker: as follow-ups of the interaction while its token is fresh, and as normal
 * channel messages mentioning the asker once it is not (a long queue, a slow provider) or when the
 * follow-up fails, so delivery never depends on the 15-minute token. Blocks until Discord has the
 * message; throws when the channel refuses it too. Pictures that need rendering for Discord (grids, JPEGs
 * within the upload limit) are rendered on platform threads, as many at once as there are cores: see
 * {@link #files}. Safe for concurrent use.
 */
final class Delivery {
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final int MAX_CONTENT = 2000;
  private static final int MAX_ROWS = 5;
  private static final Pattern LEADING_MENTION = Pattern.compile("<@(\\d{1,20})> ");

  private final DiscordSettings settings;
  private final Clock clock;
  private final Semaphore renders;

  Delivery(DiscordSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.renders = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
  }

  /** Whether the asker's interaction token may still be used. */
  boolean hookUsable(Asker asker) {
    return clock.instant().isBefore(asker.created().plus(settings.hookLifetime()));
  }

  /**
   * Sends {@code result}'s pictures with its caption and the button {@code rows} (under the first message), in
   * the language of whoever sees them ({@link Asker#channelLang}).
   * When {@code statusShowing} (the deferred reply shows a status line), the pictures are messages of their
   * own and the status line is removed once they are out; else the first one takes the "thinking…" reply's
   * place, as Discord does with a first follow-up.
   *
   * @throws IllegalArgumentException for more than Discord's five rows
   */
  void result(Asker asker, GenerationResult result, List<ActionRow> rows, boolean statusShowing) {
    result(asker, result, rows, statusShowing, () -> { });
  }

  /**
   * {@link #result(Asker, GenerationResult, List, boolean)}, running {@code delivered} once Discord has taken the
   * last message, before the "thinking…" reply is removed: an answer owed across a crash is settled there, and each
   * call before it would widen the moment in which a killed process leaves a sent answer owed.
   */
  void result(Asker asker, GenerationResult result, List<ActionRow> rows, boolean statusShowing, Runnable delivered) {
    if (rows.size() > MAX_ROWS) {
      throw new IllegalArgumentException("a message takes at most " + MAX_ROWS + " button rows, was " + rows.size());
    }
    List<List<ResultFiles.Attachment>> messages = files(result, uploadLimit(asker.serverUploadLimit()));
    for (int i = 0; i < messages.size(); i++) {
      boolean first = i == 0;
      send(asker, first ? BotTexts.caption(asker.channelLang(), result) : "", messages.get(i),
          first ? rows : List.of());
    }
    delivered.run();
    if (statusShowing) {
      removeReply(asker);
    }
    log.info("delivered history entry {} ({} in {} message(s)) to {}", result.historyId(), pictures(result),
        messages.size(), asker.user().key());
  }

  private static String pictures(GenerationResult result) {
    int count = result.images().size();
    return count == 1 ? "1 picture" : count + " pictures";
  }

  /**
   * Tells the asker {@code text}: only to them while the token lasts, else in the channel with a mention.
   * Discord takes the first follow-up of a deferred reply as the reply itself, public like it, whatever its
   * flags; so a reply still "thinking…" is first resolved by an edit, then the private line follows as a
   * message of its own, then the public reply is removed, each step waiting for the one before.
   */
  void privately(Asker asker, String text, boolean statusShowing) {
    if (hookUsable(asker)) {
      try {
        if (!statusShowing) {
          asker.hook().editOriginal(edit("…")).complete();
        }
        asker.hook().sendMessage(clip(text)).setEphemeral(true).complete();
        removeReply(asker);
        return;
      } catch (RuntimeException e) {
        log.warn("could not answer through the interaction ({}); posting in the channel", e.getMessage());
      }
    }
    toChannel(asker, render(mention(asker, text), List.of(), List.of()));
  }

  /** Deletes the deferred reply (a status line the answer made stale); a failure only leaves it showing. */
  private void removeReply(Asker asker) {
    if (!hookUsable(asker)) {
      return;
    }
    try {
      asker.hook().deleteOriginal().complete();
    } catch (RuntimeException e) {
      log.warn("could not remove the interaction's status line ({})", e.getMessage());
    }
  }

  /**
   * Replaces the deferred reply's text with {@code line}, for everyone who saw it; once the token is spent, or
   * when the edit fails, posts the line in the channel mentioning the asker.
   */
  void replaceReply(Asker asker, String line) {
    if (hookUsable(asker)) {
      try {
        asker.hook().editOriginal(edit(line)).complete();
        return;
      } catch (RuntimeException e) {
        log.warn("could not edit the interaction's reply ({}); posting in the channel", e.getMessage());
      }
    }
    toChannel(asker, render(mention(asker, line), List.of(), List.of()));
  }

  /** An edit of a message's text to {@code text}, pinging nobody. */
  static MessageEditData edit(String text) {
    return new MessageEditBuilder().setContent(clip(text)).setAllowedMentions(EnumSet.noneOf(Message.MentionType.class))
        .build();
  }

  /**
   * The message for {@code content}, {@code files} and {@code rows}: a plain function, no connection needed.
   * It pings nobody (user text may say {@code @everyone}) except the user a leading {@code <@id>} names, when
   * the bot mentions the asker on purpose.
   */
  static MessageCreateData render(String content, List<ResultFiles.Attachment> files, List<ActionRow> rows) {
    MessageCreateBuilder message = new MessageCreateBuilder().setContent(clip(content))
        .setAllowedMentions(EnumSet.noneOf(Message.MentionType.class));
    Matcher mention = LEADING_MENTION.matcher(content);
    if (mention.lookingAt()) {
      message.mentionUsers(Long.parseLong(mention.group(1)));
    }
    message.setFiles(files.stream().map(file -> FileUpload.fromData(file.bytes(), file.name())).toList());
    message.setComponents(rows);
    return message.build();
  }

  /** Sends through the interaction while its token lasts; else, or when that fails, in the channel. */
  private void send(Asker asker, String content, List<ResultFiles.Attachment> files, List<ActionRow> rows) {
    if (hookUsable(asker)) {
      try {
        asker.hook().sendMessage(render(content, files, rows)).complete();
        return;
      } catch (RuntimeException e) {
        log.warn("could not follow up on the interaction ({}); posting in the channel", e.getMessage());
      }
    }
    toChannel(asker, render(mention(asker, content), files, rows));
  }

  /**
   * Posts {@code line} and {@code result}'s pictures (when given) with {@code rows} in a channel, with no
   * interaction to answer through (after a restart): mentioning {@code userId}; {@code channelId} 0 means the
   * user's direct messages.
   */
  void later(JDA jda, long channelId, long userId, String line, @Nullable GenerationResult result,
      List<ActionRow> rows) {
    MessageChannel cached = channelId == 0 ? null : jda.getChannelById(MessageChannel.class, channelId);
    List<List<ResultFiles.Attachment>> messages = result == null ? List.of(List.of())
        : files(result, uploadLimit(cached == null ? 0 : uploadLimit(cached)));
    for (int i = 0; i < messages.size(); i++) {
      boolean first = i == 0;
      MessageCreateData message = render(first ? "<@" + userId + "> " + line : "", messages.get(i),
          first ? rows : List.of());
      if (cached != null) {
        cached.sendMessage(message).complete();
      } else {
        jda.openPrivateChannelById(userId).flatMap(channel -> channel.sendMessage(message)).complete();
      }
    }
  }

  private void toChannel(Asker asker, MessageCreateData message) {
    JDA jda = asker.hook().getJDA();
    MessageChannel cached = jda.getChannelById(MessageChannel.class, asker.channelId());
    RestAction<Message> action;
    if (cached != null) {
      action = cached.sendMessage(message);
    } else if (asker.direct()) {
      action = jda.openPrivateChannelById(asker.userId()).flatMap(channel -> channel.sendMessage(message));
    } else {
      log.warn("channel {} is not cached; answering through the interaction's channel", asker.channelId());
      action = asker.hook().getInteraction().getMessageChannel().sendMessage(message);
    }
    action.complete();
  }

  private static String mention(Asker asker, String text) {
    return "<@" + asker.userId() + "> " + text;
  }

  /**
   * {@code result}'s files for Discord, message by message ({@link ResultFiles#messages}). Rendering a grid or
   * re-encoding a JPEG is CPU work, 0.1 s or more a result; a virtual thread doing it keeps its carrier until
   * done, so a hundred results rendered at once held every carrier for seconds and the next interactions,
   * whose listeners need a carrier for a moment, were acknowledged after 7 s instead of well inside
   * Discord's 3 s (DiscordBurstBench). So each render runs on a platform thread of its own, which the
   * operating system time-slices with the carriers, and a semaphore lets as many run at once as there are
   * cores; the caller waits unmounted. A picture sent as it is needs no render. Blocks until rendered; an
   * interrupt does not stop it (the pictures are paid for) but is kept for the caller.
   */
  List<List<ResultFiles.Attachment>> files(GenerationResult result, long uploadLimit) {
    if (!ResultFiles.rendersPictures(result, uploadLimit)) {
      return ResultFiles.messages(result, uploadLimit);
    }
    renders.acquireUninterruptibly();
    try {
      FutureTask<List<List<ResultFiles.Attachment>>> render =
          new FutureTask<>(() -> ResultFiles.messages(result, uploadLimit));
      Thread.ofPlatform().name("discord-render").daemon(true).start(render);
      return awaitThroughInterrupts(render);
    } finally {
      renders.release();
    }
  }

  /** {@code task}'s result, waiting through interrupts (kept for the caller to see); its failure rethrown. */
  private static <T> T awaitThroughInterrupts(Future<T> task) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case RuntimeException failure -> throw failure;
        case Error failure -> throw failure;
        default -> throw new IllegalStateException("rendering pictures failed", e.getCause());
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The most bytes one message to {@code channel} may upload: its server's limit, if the bot sees the server. */
  long uploadLimit(MessageChannel channel) {
    return uploadLimit(channel instanceof GuildChannel inServer && !inServer.getGuild().isDetached()
        ? inServer.getGuild().getMaxFileSize() : 0);
  }

  /** The server's upload limit when known ({@code serverLimit} above 0, boosts raise it), else the setting's. */
  private long uploadLimit(long serverLimit) {
    return serverLimit > 0 ? serverLimit : settings.uploadLimit();
  }

  /** {@code text} cut to Discord's 2000 characters. */
  static String clip(String text) {
    return text.length() > MAX_CONTENT ? text.substring(0, MAX_CONTENT - 1) + "…" : text;
  }
}
