package io.rolemarket.imagebot.core.conversation;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.render.CalibrationChart;
import io.rolemarket.imagebot.core.render.SpendChart;
import io.rolemarket.imagebot.core.score.Calibration;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.store.SpendReport;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The conversation, written once for every chat: a typed command from a user in a chat comes in, a typed
 * {@link Reply} goes out. It decides (who may do what, what is refused, what starts); the adapters parse
 * their platform's events into commands and render the replies. Safe for concurrent use.
 */
public final class Conversation {
  /** How many history entries {@code /history} shows. */
  static final int HISTORY_SHOWN = 10;
  /** How many users, characters and themes {@code /spend} names. */
  static final int TOP_SPENDERS = 5;

  private final ImageBot bot;

  /** The conversation over {@code bot}'s use cases. */
  public Conversation(ImageBot bot) {
    this.bot = bot;
  }

  /**
   * The reply to {@code command} from {@code user} on {@code platform} in {@code chatRef} (written as the
   * adapter reads it back: buttons made for a reply act in that chat).
   */
  public Reply answer(UserRef user, String platform, String chatRef, Command command) {
    return switch (command) {
      case Command.Generate generate -> bot.check(generate.toRequest(user))
          .<Reply>map(Reply.Refused::new).orElseGet(() -> new Reply.Start(generate));
      case Command.Resend resend -> resend(user, platform, chatRef, resend.historyId());
      case Command.Review review -> new Reply.Review(review);
      case Command.Help help -> new Reply.Help(bot.catalog());
      case Command.History history -> new Reply.History(bot.history(user, HISTORY_SHOWN));
      case Command.Quota quota -> new Reply.Quota(bot.quota(user));
      case Command.Providers providers -> new Reply.Providers(bot.providers(), bot.consistencyCheckOn());
      case Command.Characters characters -> new Reply.Characters(bot.catalog());
      case Command.Themes themes -> new Reply.Themes(bot.catalog());
      case Command.Stats stats -> bot.role(user) == Role.ADMIN
          ? new Reply.Stats(bot.spend(), bot.providers(), bot.figures(), bot.consistencyCheckOn())
          : new Reply.AdminsOnly("stats");
      case Command.Spend spend -> bot.role(user) == Role.ADMIN ? spendChart() : new Reply.AdminsOnly("spend");
      case Command.Calibrate calibrate -> bot.role(user) == Role.ADMIN ? calibration(calibrate.character())
          : new Reply.AdminsOnly("calibrate");
      case Command.Cancel cancel -> new Reply.Cancelling(bot.cancel(user));
      case Command.Grant grant -> bot.grant(user, grant.userKey(), grant.images())
          ? new Reply.Granted(grant.userKey(), grant.images()) : new Reply.AdminsOnly("grant");
      case Command.SetRole setRole -> bot.setRole(user, setRole.userKey(), setRole.role())
          ? new Reply.RoleSet(setRole.userKey(), setRole.role()) : new Reply.AdminsOnly("role");
      case Command.Operate operate -> operate(user, operate);
      case Command.Web web -> bot.web().link(user.key()).<Reply>map(Reply.WebLink::new).orElseGet(Reply.WebOff::new);
      case Command.WebRevoke revoke -> bot.role(user) == Role.ADMIN
          ? new Reply.WebRevoked(revoke.userKey(), bot.web().revoke(revoke.userKey()))
          : new Reply.AdminsOnly("web revoke");
      case Command.Unknown unknown -> new Reply.UnknownCommand(unknown.name());
      case Command.SetLanguage set -> {
        bot.setLanguage(user, set.lang());
        yield new Reply.LanguageSet(set.lang());
      }
      case Command.Invalid invalid -> new Reply.Invalid(invalid.message());
      case Command.Ignored ignored -> new Reply.Nothing();
    };
  }

  private Reply spendChart() {
    SpendReport report = bot.spendReport(TOP_SPENDERS);
    BigDecimal budget = bot.spend().monthlyBudgetUsd();
    return new Reply.SpendChart(report, budget, SpendChart.png(report, budget));
  }

  private Reply calibration(String named) {
    Optional<CharacterDef> found = bot.catalog().character(named);
    if (found.isEmpty()) {
      return new Reply.Refused(new Refusal.UnknownName(Refusal.NameKind.CHARACTER, named,
          bot.catalog().nearestCharacters(named)));
    }
    CharacterDef character = found.get();
    Reply.Uncalibrated why = !bot.consistencyCheckOn() ? Reply.Uncalibrated.GATE_OFF
        : character.references().isEmpty() ? Reply.Uncalibrated.NO_REFERENCES
        : !bot.referencesReady(character.id()) ? Reply.Uncalibrated.NOT_READY : null;
    if (why != null) {
      return new Reply.NotCalibrated(character.name(), why, 0, 0);
    }
    Calibration calibration = bot.calibrate(character.id());
    if (calibration.proposed() == null) {
      return new Reply.NotCalibrated(character.name(), Reply.Uncalibrated.TOO_FEW, calibration.approved().size(),
          calibration.rejected().size());
    }
    return new Reply.CalibrationChart(character.name(), calibration,
        new Reply.Png(CalibrationChart.png(calibration, character.name())));
  }

  private Reply operate(UserRef user, Command.Operate operate) {
    String name = switch (operate.operation()) {
      case PROVIDER_OFF, PROVIDER_ON -> "provider";
      default -> operate.operation().name().toLowerCase(java.util.Locale.ROOT);
    };
    if (bot.role(user) != Role.ADMIN) {
      return new Reply.AdminsOnly(name);
    }
    try {
      return bot.operate(user, operate.operation(), operate.providerId()).<Reply>map(Reply.Operated::new)
          .orElseGet(() -> new Reply.AdminsOnly(name));
    } catch (IllegalArgumentException e) {
      return new Reply.Refused(new io.rolemarket.imagebot.core.generate.Refusal.UnknownProvider(operate.providerId(),
          bot.providers().stream().map(status -> status.info().id()).toList()));
    }
  }

  private Reply resend(UserRef user, String platform, String chatRef, long historyId) {
    Optional<GenerationResult> again = bot.resend(user, historyId);
    return again.<Reply>map(result -> new Reply.Resent(result, bot.resentRows(user, platform, chatRef, result)))
        .orElseGet(() -> new Reply.NothingToResend(historyId));
  }
}
