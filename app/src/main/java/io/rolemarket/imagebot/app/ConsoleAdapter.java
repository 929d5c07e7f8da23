package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.RequestIds;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.conversation.Conversation;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.command.ReviewTexts;
import io.rolemarket.imagebot.core.command.CalibrationTexts;
import io.rolemarket.imagebot.core.command.SpendTexts;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.render.CalibrationChart;
import io.rolemarket.imagebot.core.render.SpendChart;
import io.rolemarket.imagebot.core.review.Ruling;
import io.rolemarket.imagebot.core.review.VoteOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Optional;
import java.time.format.DateTimeFormatter;

/**
 * The chat commands on a terminal: reads lines, answers each, writes pictures to the output directory
 * and says where. Used when no chat token is set. Ends at end of input. Confined to one thread.
 */
final class ConsoleAdapter {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final ImageBot bot;
  private final UserRef user;
  private final Path outDir;
  private final Path workDir;
  private final PrintStream out;
  /** The language of the terminal ({@code IMAGEBOT_LANG} or the system's), until {@code /lang} picks another. */
  private final Lang lang;
  private final CommandParser parser = new CommandParser(null);
  private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
  private final Conversation conversation;
  /** The console as the core knows it: one platform, one chat. */
  private static final String PLATFORM = "console";
  private static final String CHAT = "terminal";

  ConsoleAdapter(ImageBot bot, UserRef user, Path outDir, Path workDir, PrintStream out) {
    this(bot, user, outDir, workDir, out, bot.teamLanguage());
  }

  /** A console answering in {@code lang} until the user picks another with {@code /lang}. */
  ConsoleAdapter(ImageBot bot, UserRef user, Path outDir, Path workDir, PrintStream out, Lang lang) {
    this.lang = lang;
    this.bot = bot;
    this.user = user;
    this.outDir = outDir;
    this.workDir = workDir;
    this.out = out;
    this.conversation = new Conversation(bot);
    // An admin at the terminal (IMAGEBOT_ADMINS=console:<name>) reads the budget warnings there.
    bot.addAdminInbox(new ImageBot.AdminInbox() {
      @Override
      public boolean reaches(String userKey) {
        return userKey.equals(user.key());
      }

      @Override
      public void tell(String userKey, String text) {
        out.println("  " + text);
      }
    });
  }

  /** Answers every line of {@code in} until it ends; {@code interactive} shows a prompt. */
  void run(BufferedReader in, boolean interactive) throws IOException {
    answerLeftovers();
    while (true) {
      if (interactive) {
        out.print("> ");
        out.flush();
      }
      String line = in.readLine();
      if (line == null) {
        return;
      }
      if (line.isBlank()) {
        continue;
      }
      if (!interactive) {
        out.println("> " + line);
      }
      handle(line);
      out.flush();
    }
  }

  /** Answers one line. */
  void handle(String line) {
    RequestIds.as("con-" + requests.incrementAndGet(), () -> answer(line)).run();
  }

  private void answer(String line) {
    Lang lang = lang();
    switch (conversation.answer(user, PLATFORM, CHAT, parser.parse(line, lang))) {
      case Reply.Line answer -> out.println(BotTexts.line(lang, answer));
      case Reply.SpendChart spend -> chart(spend.chartPng(), "spend-" + spend.report().month(),
          SpendChart.WIDTH + "×" + SpendChart.HEIGHT, SpendTexts.figures(lang, spend));
      case Reply.CalibrationChart calibration -> chart(calibration.chartPng(),
          "calibration-" + calibration.calibration().character(),
          CalibrationChart.WIDTH + "×" + CalibrationChart.HEIGHT, CalibrationTexts.figures(lang, calibration));
      case Reply.Help help -> out.println(BotTexts.help(lang, help.catalog()));
      case Reply.History history -> out.println(BotTexts.history(lang, history.entries()));
      case Reply.Start start -> generate(start.command());
      case Reply.Resent resent -> deliver(resent.result());
      case Reply.Review review -> review(review.command());
      case Reply.WebLink web -> out.println(BotTexts.webLink(lang, web));
      case Reply.Nothing nothing -> { }
    }
  }

  private void review(Command.Review command) {
    switch (command) {
      case Command.ReviewSubmit submit ->
          out.println(ReviewTexts.submitted(lang(), bot.submitForReview(user, submit.historyId()),
              BotTexts.text(lang(), "review.whereQueue")));
      case Command.ReviewPending pending -> out.println(ReviewTexts.pending(lang(), bot.pendingReviews(20)));
      case Command.ReviewApproved approved ->
          out.println(ReviewTexts.approved(lang(), bot.approvedDesigns(approved.character(), approved.theme(), 20)));
      case Command.ReviewShow show -> bot.designPicture(show.submissionId()).ifPresentOrElse(result -> {
        deliver(result);
        bot.design(show.submissionId()).ifPresent(design -> out.println(ReviewTexts.post(lang(), design)));
      }, () -> out.println(ReviewTexts.nothingToShow(lang(), show.submissionId())));
      case Command.ReviewVote vote -> {
        VoteOutcome outcome = bot.voteOnReview(user, vote.submissionId(), vote.verdict(), vote.note());
        out.println(ReviewTexts.voted(lang(), outcome));
        if (outcome instanceof VoteOutcome.Voted voted && voted.ruling() instanceof Ruling.Decides) {
          String requester = voted.design().submission().submitterKey();
          out.println("  " + Texts.of(lang()).get("console.isTold", requester) + " " + ReviewTexts.decided(
              bot.language(new UserRef(requester, requester), bot.teamLanguage()), voted.design()));
        }
      }
    }
  }

  /**
   * Admits the request like a chat platform does (an answer owed in the store until the pictures are written, so
   * the request-to-delivered time is measured and a stop in between is answered at the next start), then runs it.
   */
  private void generate(Command.Generate command) {
    Optional<ImageBot.Ticket> admitted = bot.admit(user, PLATFORM, CHAT, command);
    if (admitted.isEmpty()) {
      out.println(BotTexts.refusal(lang(), bot.tooMany().reason()));
      return;
    }
    try (ImageBot.Ticket ticket = admitted.get()) {
      Lang lang = lang();
      GenerateOutcome outcome = ticket.generate(event -> out.println("  … " + BotTexts.progress(lang, event)));
      switch (outcome) {
        case GenerateOutcome.Generated generated -> deliver(generated.result());
        case GenerateOutcome.Refused refused -> out.println(BotTexts.refusal(lang, refused.reason()));
        case GenerateOutcome.Failed failed -> out.println(BotTexts.failure(lang, failed.reason()));
      }
    }
  }

  /** Answers what the last run owed the terminal and could not give: the pictures it made, or a line. */
  void answerLeftovers() {
    for (ImageBot.Unanswered left : bot.owedAfterRestart(PLATFORM)) {
      if (left.owed().userKey().equals(user.key())) {
        if (left.made().isPresent()) {
          deliver(left.made().get());
        } else {
          out.println("  " + BotTexts.restartedUnfinished(lang(), left.owed().label(), left.owed().command()));
        }
      }
      bot.answered(left.owed().id());
    }
  }

  /** Writes a chart ({@code /spend}, {@code /calibrate}) to the output directory, then prints its figures. */
  private void chart(byte[] png, String name, String size, String figures) {
    Path file = outDir.resolve(STAMP.format(bot.clock().instant()) + "-" + name + ".png");
    write(file, png);
    out.println("  " + Texts.of(lang()).get("console.wrote", shown(file), size));
    out.println(figures);
  }

  private void deliver(GenerationResult result) {
    String stamp = STAMP.format(bot.clock().instant());
    for (int i = 0; i < result.images().size(); i++) {
      GeneratedImage image = result.images().get(i);
      Path file = outDir.resolve(stamp + "-" + result.character().id() + "-" + result.theme().id() + "-"
          + result.historyId() + (result.images().size() > 1 ? "-" + (i + 1) : "") + "." + image.format().extension());
      write(file, image.bytes());
      out.println("  " + Texts.of(lang()).get("console.wrote", shown(file), image.width() + "×" + image.height()));
    }
    out.println("  " + BotTexts.caption(lang(), result)
        + (result.fromCache() ? " " + Texts.of(lang()).get("console.cacheHit") : ""));
  }

  /** The language to answer in now: the user's {@code /lang} choice, else the terminal's. */
  private Lang lang() {
    return bot.language(user, lang);
  }

  private void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(outDir);
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private String shown(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path base = workDir.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? "./" + base.relativize(absolute) : absolute.toString();
  }
}
