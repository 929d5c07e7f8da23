package io.rolemarket.imagebot.core.conversation;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.TeamFigures;
import io.rolemarket.imagebot.core.ProviderStatus;
import io.rolemarket.imagebot.core.QuotaStatus;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.command.ActionButtons;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.score.Calibration;
import io.rolemarket.imagebot.core.store.SpendReport;
import java.math.BigDecimal;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.web.WebSignIn;
import java.util.List;

/**
 * What the core answers to a command, as data. Adapters render it with an exhaustive {@code switch}, so a
 * new kind of reply breaks the build where it is not handled; the words of every {@link Line} come from
 * the message catalog ({@code BotTexts.line}), the same on every platform.
 */
public sealed interface Reply {

  /** Accepted: the adapter starts this generation in the asker's chat, with its progress and delivery. */
  record Start(Command.Generate command) implements Reply {}

  /** A picture from the asker's history, sent again (free) with buttons acting on the request that made it. */
  record Resent(GenerationResult result, List<List<ActionButtons.Button>> rows) implements Reply {
    /** Copies the rows. */
    public Resent {
      rows = List.copyOf(rows);
    }
  }

  /** A review command: the platform's review room answers it (posts, pictures, votes). */
  record Review(Command.Review command) implements Reply {}

  /** {@code /help}: each platform words its own commands (typed on Telegram and the console, slash on Discord). */
  record Help(Catalog catalog) implements Reply {}

  /**
   * {@code /web}: a sign-in link to the web library, for the asker's eyes only; each platform sends it privately
   * (a direct message, an ephemeral answer) and never into a group ({@code BotTexts.webLink}).
   */
  record WebLink(WebSignIn.Link link) implements Reply {}

  /** {@code /history}: the asker's last pictures (none: each platform says how to make the first). */
  record History(List<HistoryEntry> entries) implements Reply {
    /** Copies the entries. */
    public History {
      entries = List.copyOf(entries);
    }
  }

  /**
   * {@code /spend} for an admin: where this month's money went, as a chart picture and as figures
   * ({@code BotTexts.spend}).
   *
   * @param report the month's spend broken down
   * @param monthlyBudgetUsd the team's monthly budget
   * @param chartPng the chart ({@code SpendChart}), a PNG
   */
  record SpendChart(SpendReport report, BigDecimal monthlyBudgetUsd, byte[] chartPng) implements Reply {
    /** Copies the picture. */
    public SpendChart {
      chartPng = chartPng.clone();
    }

    /** A copy of the picture's bytes. */
    @Override
    public byte[] chartPng() {
      return chartPng.clone();
    }
  }

  /**
   * {@code /calibrate} for an admin: the character's reviewed designs scored, as a histogram picture and as figures
   * ({@code CalibrationTexts.figures}).
   *
   * @param name the character's display name
   * @param calibration the scores and the proposed threshold
   * @param chart the chart ({@code CalibrationChart}), a PNG
   */
  record CalibrationChart(String name, Calibration calibration, Png chart) implements Reply {
    /** A copy of the chart's bytes. */
    public byte[] chartPng() {
      return chart.bytes();
    }
  }

  /** A picture's PNG bytes, kept as a copy and given out as one. */
  record Png(byte[] bytes) {
    /** Copies the bytes. */
    public Png {
      bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** Nothing to answer (a group message not meant for the bot). */
  record Nothing() implements Reply {}

  /** One message of words, the same on every platform. */
  sealed interface Line extends Reply {}

  /** The request was refused before anything started or was charged. */
  record Refused(Refusal reason) implements Line {}

  /** {@code /quota}. */
  record Quota(QuotaStatus status) implements Line {}

  /**
   * {@code /providers}.
   *
   * @param consistencyCheckOn whether pictures are scored against their characters' references
   */
  record Providers(List<ProviderStatus> providers, boolean consistencyCheckOn) implements Line {
    /** Copies the list. */
    public Providers {
      providers = List.copyOf(providers);
    }
  }

  /** {@code /characters}. */
  record Characters(Catalog catalog) implements Line {}

  /** {@code /themes}. */
  record Themes(Catalog catalog) implements Line {}

  /**
   * {@code /stats} for an admin: the month's spend, each provider's lane now, and the team's figures.
   *
   * @param consistencyCheckOn whether pictures are scored (the CLIP figure is measured)
   */
  record Stats(ImageBot.Spend spend, List<ProviderStatus> providers, TeamFigures figures, boolean consistencyCheckOn)
      implements Line {
    /** Copies the list. */
    public Stats {
      providers = List.copyOf(providers);
      java.util.Objects.requireNonNull(figures, "figures");
    }
  }

  /**
   * {@code /calibrate} that could not propose a threshold.
   *
   * @param name the character's display name
   * @param why why not
   * @param approved the approved designs scored (for {@link Uncalibrated#TOO_FEW})
   * @param rejected the rejected designs scored
   */
  record NotCalibrated(String name, Uncalibrated why, int approved, int rejected) implements Line {}

  /** Why {@code /calibrate} proposed no threshold. */
  enum Uncalibrated {
    /** No CLIP model is configured. */
    GATE_OFF,
    /** The character has no readable reference picture. */
    NO_REFERENCES,
    /** The character's references are still being embedded. */
    NOT_READY,
    /** Fewer than {@code Calibration.MIN_EACH} approved or rejected designs, or their scores are all equal. */
    TOO_FEW
  }

  /** An admin command ({@code command} without its slash) from someone who is not an admin. */
  record AdminsOnly(String command) implements Line {}

  /** {@code /cancel}: how many of the asker's pictures in progress are being stopped (0: none). */
  record Cancelling(int running) implements Line {}

  /** An operator command done ({@code /pause}, {@code /resume}, {@code /drain}, {@code /provider off|on}). */
  record Operated(ImageBot.Operated done) implements Line {}

  /** {@code /grant} done: {@code userKey} has {@code images} more today. */
  record Granted(String userKey, int images) implements Line {}

  /** {@code /role} done: {@code userKey} is now {@code role}. */
  record RoleSet(String userKey, Role role) implements Line {}

  /** {@code /resend} of a number that is not the asker's or whose pictures are gone. */
  record NothingToResend(long historyId) implements Line {}

  /** A command the bot does not have. */
  record UnknownCommand(String name) implements Line {}

  /** The user's language is now {@code lang}; the confirmation is in it. */
  record LanguageSet(io.rolemarket.imagebot.core.i18n.Lang lang) implements Line {}

  /** {@code /web} while the web library is off. */
  record WebOff() implements Line {}

  /** {@code /web revoke <user>} done: {@code revoked} links and sessions of {@code userKey} ended. */
  record WebRevoked(String userKey, int revoked) implements Line {}

  /** A command it has, written wrongly; {@code message} says how to write it. */
  record Invalid(String message) implements Line {}
}
