package io.rolemarket.imagebot.core.command;

import io.rolemarket.imagebot.core.ProviderStatus;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.QuotaStatus;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.Failure;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
import io.rolemarket.imagebot.core.generate.Reason;
import io.rolemarket.imagebot.core.generate.Refusal;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.score.Score;
import io.rolemarket.imagebot.core.provider.CostSource;
import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The bot's sentences, shared by every adapter so the bot says the same thing everywhere; the words come from the
 * message catalog ({@link Texts}) in the asker's {@link Lang}, and each method without a language speaks English.
 * Stateless.
 */
public final class BotTexts {
  private static final Texts EN = Texts.of(Lang.EN);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter WHEN_ZH = DateTimeFormatter.ofPattern("M月d日 HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** Button labels. */
  public static final String REGENERATE = EN.get("button.regenerate");
  public static final String VARIATIONS = EN.get("button.variations");
  public static final String SEND_TO_REVIEW = EN.get("button.sendToReview");
  public static final String TRY_AGAIN = EN.get("button.tryAgain");
  /** The answer to a press of a button that is not ours or whose time is over. */
  public static final String BUTTON_EXPIRED = EN.get("button.expired");
  /** The answer to a press by someone other than the asker. */
  public static final String NOT_YOUR_BUTTON = EN.get("button.notYours");

  private BotTexts() {}

  /** A fixed sentence of the catalog, such as {@code button.regenerate}, in {@code lang}. */
  public static String text(Lang lang, String key) {
    return Texts.of(lang).get(key);
  }

  /**
   * A button's label in {@code lang}: the core's rows carry English labels ({@link #REGENERATE}…); a label that
   * is no sentence of the catalog (a provider's {@code U1}) is shown as it is.
   */
  public static String label(Lang lang, String label) {
    for (String key : List.of("button.regenerate", "button.variations", "button.sendToReview", "button.tryAgain")) {
      if (EN.get(key).equals(label)) {
        return Texts.of(lang).get(key);
      }
    }
    return label;
  }

  /** The answer to {@code /help}. */
  public static String help(Catalog catalog) {
    return help(Lang.EN, catalog);
  }

  /** The answer to {@code /help} in {@code lang}. */
  public static String help(Lang lang, Catalog catalog) {
    return Texts.of(lang).get("help",
        String.join(", ", catalog.characters().stream().map(CharacterDef::id).toList()),
        String.join(", ", catalog.themes().stream().map(ThemeDef::id).toList()));
  }

  /** The answer to {@code /cancel}. */
  public static String cancelling(Lang lang, int running) {
    return running == 0 ? Texts.of(lang).get("cancel.none") : Texts.of(lang).get("cancel.stopping", running);
  }

  /** The answer to an unknown command. */
  public static String unknownCommand(Lang lang, String name) {
    return Texts.of(lang).get("unknownCommand", name);
  }

  /** A role's name in {@code lang}: {@code user}, {@code pro}, {@code admin}. */
  public static String role(Lang lang, Role role) {
    return Texts.of(lang).get("role." + role.label());
  }

  /** The answer to {@code /quota}. */
  public static String quota(QuotaStatus status) {
    return quota(Lang.EN, status);
  }

  /** The answer to {@code /quota} in {@code lang}. */
  public static String quota(Lang lang, QuotaStatus status) {
    Texts texts = Texts.of(lang);
    // Chinese sentences follow each other without a space.
    String spent = (lang == Lang.EN ? " " : "") + texts.get("quota.spent", usd(status.spentThisMonthUsd()));
    String role = role(lang, status.role());
    if (status.limits().unlimited()) {
      return texts.get("quota.unlimited", role, count(status.used().today()), count(status.used().thisMonth()))
          + spent;
    }
    return texts.get("quota.limited", role, count(status.used().today()), count(status.limits().daily()),
        count(status.used().thisMonth()), count(status.limits().monthly()), count(status.remainingToday())) + spent;
  }

  /** The answer to {@code /history}. */
  public static String history(List<HistoryEntry> entries) {
    return history(Lang.EN, entries);
  }

  /** The answer to {@code /history} in {@code lang}. */
  public static String history(Lang lang, List<HistoryEntry> entries) {
    Texts texts = Texts.of(lang);
    if (entries.isEmpty()) {
      return texts.get("history.none");
    }
    DateTimeFormatter when = lang == Lang.EN ? WHEN : WHEN_ZH;
    StringBuilder out = new StringBuilder(texts.get("history.title"));
    for (HistoryEntry entry : entries) {
      out.append("\n#").append(entry.id()).append("  ").append(when.format(entry.at())).append("  ")
          .append(entry.character()).append(" ").append(entry.theme()).append("  ")
          .append(texts.get("history.images", entry.images().size())).append(", ")
          .append(entry.providerId()).append(", ").append(entry.fromCache() ? texts.get("history.fromCache")
              : cost(lang, entry.costUsd(), entry.costSource()))
          .append(entry.similarity() == null ? "" : ", CLIP " + similarity(entry.similarity()));
    }
    return out.toString();
  }

  /** The answer to {@code /resend} when there is nothing to send. */
  public static String nothingToResend(Lang lang, long historyId) {
    return Texts.of(lang).get("nothingToResend", count(historyId));
  }

  /** The answer to {@code /providers}. */
  public static String providers(List<ProviderStatus> providers) {
    return providers(Lang.EN, providers);
  }

  /** The answer to {@code /providers} in {@code lang}. */
  public static String providers(Lang lang, List<ProviderStatus> providers) {
    Texts texts = Texts.of(lang);
    StringBuilder out = new StringBuilder(texts.get("providers.title"));
    for (ProviderStatus status : providers) {
      var info = status.info();
      out.append("\n").append(status.available() ? "✅ " : "⛔ ").append(info.id()).append(" — ")
          .append(info.displayName()).append(", ")
          .append(info.costPerImageUsd().signum() == 0 && info.costPerCallUsd().signum() > 0
              ? texts.get("providers.perJob", usd(info.costPerCallUsd()), count(info.maxImagesPerCall()))
              : texts.get("providers.perImage", usd(info.costPerImageUsd()))).append(", ~")
          .append(info.typicalLatency().toSeconds()).append(" s")
          .append(status.premium() ? " " + texts.get("providers.qualityTier") : "")
          .append(info.requiresReferenceImage() ? ", " + texts.get("providers.needsReference")
              : info.supportsReferenceImage() ? ", " + texts.get("providers.usesReference") : "")
          .append(", ").append(texts.get(switch (info.chineseWords()) {
            case UNDERSTOOD -> "providers.chinese";
            case PARTLY_UNDERSTOOD -> "providers.chinesePartly";
            case NOT_UNDERSTOOD -> "providers.englishOnly";
          }))
          .append(status.switchedOff() ? " — " + texts.get("providers.switchedOff", info.id()) : "")
          .append(circuit(lang, status.circuit()))
          .append(status.lastProblem().map(problem -> " — " + texts.get("providers.lastProblem",
              failure(lang, problem))).orElse(""));
    }
    return out.toString();
  }

  /** A breaker that is not closed, in a few words: when the provider is tried again. */
  static String circuit(Lang lang, io.rolemarket.imagebot.core.route.Circuit circuit) {
    return switch (circuit.state()) {
      case CLOSED -> "";
      case HALF_OPEN -> " — " + Texts.of(lang).get("circuit.halfOpen");
      case OPEN -> " — " + Texts.of(lang).get("circuit.open",
          count(Math.max(1, (circuit.retryIn().toMillis() + 999) / 1000)));
    };
  }

  /** The answer to {@code /stats} for an admin. */
  public static String stats(Reply.Stats stats) {
    return stats(Lang.EN, stats);
  }

  /** The answer to {@code /stats} for an admin, in {@code lang}. */
  public static String stats(Lang lang, Reply.Stats stats) {
    return stats(lang, stats.spend(), stats.providers()) + "\n"
        + StatsTexts.figures(lang, stats.figures(), stats.consistencyCheckOn());
  }

  /** The first lines of {@code /stats}: the month's spend against the budget, and each provider's lane now. */
  static String stats(Lang lang, io.rolemarket.imagebot.core.ImageBot.Spend spend, List<ProviderStatus> providers) {
    Texts texts = Texts.of(lang);
    StringBuilder out = new StringBuilder(texts.get("stats.spent", usd(spend.thisMonthUsd()),
        usd(spend.monthlyBudgetUsd()), count(providers.stream().filter(ProviderStatus::available).count()),
        count(providers.size())));
    for (ProviderStatus status : providers) {
      out.append("\n").append(texts.get("stats.lane", status.info().id(), status.callsAtOnce()));
      status.lastProblem().ifPresent(problem -> out.append("\n⚠ ").append(status.info().id()).append(": ")
          .append(failure(lang, problem)));
    }
    return out.toString();
  }

  /** The words of a one-message reply, the same on every platform. */
  public static String line(Reply.Line line) {
    return line(Lang.EN, line);
  }

  /** The words of a one-message reply in {@code lang}, the same on every platform. */
  public static String line(Lang lang, Reply.Line line) {
    Texts texts = Texts.of(lang);
    return switch (line) {
      case Reply.Refused refused -> refusal(lang, refused.reason());
      case Reply.Quota quota -> quota(lang, quota.status());
      case Reply.Providers providers -> providers(lang, providers.providers())
          + (providers.consistencyCheckOn() ? "" : "\n" + texts.get("stats.consistencyOff"));
      case Reply.Characters characters -> characters(lang, characters.catalog());
      case Reply.Themes themes -> themes(lang, themes.catalog());
      case Reply.Operated operated -> operated(lang, operated.done());
      case Reply.Stats stats -> stats(lang, stats);
      case Reply.NotCalibrated not -> CalibrationTexts.notCalibrated(lang, not);
      case Reply.AdminsOnly admins -> adminsOnly(lang, admins.command());
      case Reply.Cancelling cancelling -> cancelling(lang, cancelling.running());
      case Reply.Granted granted -> texts.get("granted", granted.userKey(), granted.images());
      case Reply.RoleSet set -> texts.get("role.set", set.userKey(), set.role().label(), role(lang, set.role()));
      case Reply.NothingToResend nothing -> nothingToResend(lang, nothing.historyId());
      case Reply.UnknownCommand unknown -> unknownCommand(lang, unknown.name());
      case Reply.LanguageSet set -> Texts.of(set.lang()).get("lang.set");
      case Reply.Invalid invalid -> invalid.message();
      case Reply.WebOff off -> texts.get("web.off");
      case Reply.WebRevoked revoked -> texts.get("web.revoked", revoked.userKey(), revoked.revoked());
    };
  }

  /** {@code /web}'s private answer: the sign-in link and how long it works. */
  public static String webLink(Lang lang, Reply.WebLink web) {
    return Texts.of(lang).get("web.link", web.link().validFor().toMinutes(), web.link().address().toString());
  }

  /** What a user is told after a restart stopped their request before it was made; 🔁 asks again. */
  public static String restartedUnfinished(String label) {
    return restartedUnfinished(Lang.EN, label);
  }

  /** The same in {@code lang}. */
  public static String restartedUnfinished(Lang lang, String label) {
    return Texts.of(lang).get("restarted.press", label);
  }

  /** The same, where there are no buttons: the command to type again. */
  public static String restartedUnfinished(String label, String command) {
    return restartedUnfinished(Lang.EN, label, command);
  }

  /** The same in {@code lang}, where there are no buttons. */
  public static String restartedUnfinished(Lang lang, String label, String command) {
    return Texts.of(lang).get("restarted.type", label, command);
  }

  /** The answer to an admin command from someone who is not an admin. */
  public static String adminsOnly(Lang lang, String command) {
    return Texts.of(lang).get("adminsOnly", command);
  }

  /** The answer to {@code /characters}. */
  public static String characters(Lang lang, Catalog catalog) {
    StringBuilder out = new StringBuilder(Texts.of(lang).get("characters.title"));
    for (CharacterDef character : catalog.characters()) {
      out.append("\n").append(character.id()).append(" — ").append(both(lang, character.name(),
          character.name(lang)));
    }
    return out.toString();
  }

  /** The answer to {@code /themes}. */
  public static String themes(Lang lang, Catalog catalog) {
    StringBuilder out = new StringBuilder(Texts.of(lang).get("themes.title"));
    for (ThemeDef theme : catalog.themes()) {
      out.append("\n").append(theme.id()).append(" — ").append(both(lang, theme.name(), theme.name(lang)));
    }
    return out.toString();
  }

  /** A one-line caption for delivered pictures. */
  public static String caption(GenerationResult result) {
    return caption(Lang.EN, result);
  }

  /** A one-line caption for delivered pictures, in {@code lang}. */
  public static String caption(Lang lang, GenerationResult result) {
    Texts texts = Texts.of(lang);
    StringBuilder out = new StringBuilder()
        .append(both(lang, result.character().name(), result.character().name(lang))).append(" · ")
        .append(both(lang, result.theme().name(), result.theme().name(lang))).append(" · ")
        .append(result.providerName()).append(" · ").append(seconds(result.elapsed()));
    if (result.fromCache()) {
      out.append(" · ").append(texts.get("caption.fromCache"));
    } else {
      out.append(" · ").append(cost(lang, result.costUsd(), result.costSource()));
    }
    result.bestScore().ifPresent(score -> out.append(consistency(lang, score, result.scoreShown())));
    if (result.missing() > 0) {
      out.append(" · ").append(texts.get("caption.missing", result.missing()));
    }
    return out.toString();
  }

  /**
   * A catalog name for {@code lang}: the English one in English; elsewhere the local one with the English after
   * it ({@code 萬聖節（Halloween）}), or the English one alone where the catalog has no local name.
   */
  static String both(Lang lang, String english, String local) {
    return lang == Lang.EN || local.equals(english) ? english : local + "（" + english + "）";
  }

  /**
   * A caption's consistency part for the best picture's {@code score}: {@code " · on-model 0.81"},
   * {@code " · ⚠️ off-model 0.68"}, {@code " · not scored yet"}, or nothing; without {@code numbers}, only the
   * off-model mark.
   */
  static String consistency(Score score, boolean numbers) {
    return consistency(Lang.EN, score, numbers);
  }

  static String consistency(Lang lang, Score score, boolean numbers) {
    Texts texts = Texts.of(lang);
    return switch (score) {
      case Score.Measured measured when measured.onModel() ->
          numbers ? " · " + texts.get("consistency.onModel", similarity(measured.similarity())) : "";
      case Score.Measured measured -> " · " + texts.get("consistency.offModel")
          + (numbers ? " " + similarity(measured.similarity()) : "");
      case Score.NotYet notYet -> numbers ? " · " + texts.get("consistency.notYet") : "";
      case Score.Unscored unscored -> numbers && unscored.why() == Score.Why.FAILED
          ? " · " + texts.get("consistency.failed") : "";
    };
  }

  /**
   * A similarity to two decimals, rounded down so a score just under a threshold never shows as it ({@code 0.74});
   * the small allowance absorbs the float rounding of embeddings, so 0.8 shows as 0.80.
   */
  public static String similarity(double value) {
    return String.format(Locale.ROOT, "%.2f", Math.floor(value * 100 + 1e-4) / 100);
  }

  /** One line describing a progress event. */
  public static String progress(ProgressEvent event) {
    return progress(Lang.EN, event);
  }

  /** One line describing a progress event, in {@code lang}. */
  public static String progress(Lang lang, ProgressEvent event) {
    Texts texts = Texts.of(lang);
    return switch (event) {
      case ProgressEvent.Paused paused -> texts.get("progress.paused");
      case ProgressEvent.Routed routed -> texts.get("progress.routed", String.join(" → ", routed.providerIds()));
      case ProgressEvent.Submitted submitted -> texts.get("progress.submitted", submitted.providerId());
      case ProgressEvent.Queued queued -> texts.get("progress.queued", count(queued.position()), queued.providerId(),
          count(Math.max(1, queued.estimatedWait().toSeconds())));
      case ProgressEvent.Started started -> texts.get("progress.started", started.displayName());
      case ProgressEvent.Working working -> working.percent() >= 0
          ? texts.get("progress.percent", working.providerId(), count(working.percent()))
          : texts.get("progress.note", working.providerId(), working.note());
      case ProgressEvent.Retrying retrying -> texts.get("progress.retrying", retrying.providerId(),
          failure(lang, retrying.failure()), seconds(retrying.delay()));
      case ProgressEvent.FellBack fellBack -> texts.get("progress.fellBack", fellBack.fromProviderId(),
          failure(lang, fellBack.failure()), fellBack.toProviderId());
      case ProgressEvent.Partial partial -> texts.get("progress.partial", count(partial.delivered()),
          count(partial.asked()));
      case ProgressEvent.Done done -> done.fromCache() ? texts.get("progress.doneFromCache")
          : texts.get("progress.done", done.providerId());
      case ProgressEvent.Failed failed -> reason(lang, failed.reason());
    };
  }

  /** A provider's failure in a few words, for progress lines and admins (never a secret's value). */
  public static String failure(ProviderFailure failure) {
    return failure(Lang.EN, failure);
  }

  /** A provider's failure in a few words, in {@code lang}. */
  public static String failure(Lang lang, ProviderFailure failure) {
    Texts texts = Texts.of(lang);
    return switch (failure) {
      case ProviderFailure.RateLimited limited -> texts.get("failure.rateLimited");
      case ProviderFailure.RegionUnavailable region -> texts.get("failure.region");
      case ProviderFailure.ContentRejected rejected -> texts.get("failure.contentRejected");
      case ProviderFailure.Transient transientFailure -> transientFailure.retryHint() != null
          ? texts.get("failure.loading", count(transientFailure.retryHint().toSeconds()))
          : texts.get("failure.transient", transientFailure.message());
      case ProviderFailure.OutOfCredit credit -> texts.get("failure.outOfCredit", credit.setting());
      case ProviderFailure.Permanent permanent -> permanent.setting().isEmpty() ? texts.get("failure.misconfigured")
          : texts.get("failure.misconfiguredCheck", permanent.setting());
    };
  }

  /** The line for a request that ended without pictures: why, and that nothing was charged. */
  public static String reason(Reason reason) {
    return reason(Lang.EN, reason);
  }

  /** The same in {@code lang}. */
  public static String reason(Lang lang, Reason reason) {
    return switch (reason) {
      case Refusal refusal -> refusal(lang, refusal);
      case Failure failure -> failure(lang, failure);
    };
  }

  /** The line for a refused request. */
  public static String refusal(Refusal refusal) {
    return refusal(Lang.EN, refusal);
  }

  /** The line for a refused request, in {@code lang}. */
  public static String refusal(Lang lang, Refusal refusal) {
    Texts texts = Texts.of(lang);
    return switch (refusal) {
      case Refusal.UnknownName unknown -> unknownName(texts, unknown);
      case Refusal.UnknownProvider unknown -> texts.get("refusal.unknownProvider", unknown.given(),
          String.join(", ", unknown.configured()));
      case Refusal.ProOnly proOnly -> texts.get("refusal.proOnly");
      case Refusal.OverQuota over -> texts.get("refusal.overQuota", over.asked(),
          count(Math.min(over.leftToday(), over.leftThisMonth())), over.daily() ? "daily" : "monthly",
          humanize(lang, Duration.between(over.at(), over.resetsAt())), over.resetsAt().toString());
      case Refusal.TooManyRunning many -> texts.get("refusal.tooManyRunning", count(many.limit()));
      case Refusal.NoSuchAction none -> none.offered().isEmpty() || none.action().isBlank()
          ? (none.action().isBlank() ? texts.get("refusal.noSuchActionAtAll")
              : texts.get("refusal.noSuchAction", none.action()))
          : texts.get("refusal.noSuchActionTry", none.action(), String.join(", ", none.offered()));
      case Refusal.NoLongerInCatalog gone -> texts.get("refusal.noLongerInCatalog");
      case Refusal.NoProvider none -> none.providerId() != null
          ? texts.get("refusal.noSuchProvider", none.providerId()) : texts.get("refusal.noProvider");
      case Refusal.UnsupportedShape shape -> texts.get("refusal.unsupportedShape", shape.shape().label());
      case Refusal.BudgetUsedUp budget -> texts.get("refusal.budgetUsedUp", budget.everyProvider() ? "every" : "some",
          usd(budget.leftUsd()), day(lang, budget.resetsAt()));
      case Refusal.SpendCapReached cap -> texts.get("refusal.spendCap", usd(cap.capUsd()), role(lang, cap.role()),
          usd(cap.leftUsd()), day(lang, cap.resetsAt()));
    };
  }

  /** The direct message to an admin who asked for {@code /drain}, once nothing is running any more. */
  public static String drained(Lang lang) {
    return Texts.of(lang).get("drained");
  }

  /** The answer to an admin's operator command. */
  public static String operated(Lang lang, io.rolemarket.imagebot.core.ImageBot.Operated done) {
    Texts texts = Texts.of(lang);
    return switch (done.operation()) {
      case PAUSE -> done.running() == 0 ? texts.get("operated.pause")
          : texts.get("operated.pauseRunning", done.running());
      case RESUME -> texts.get("operated.resume");
      case DRAIN -> done.running() == 0 ? texts.get("operated.drainIdle")
          : texts.get("operated.draining", done.running());
      case PROVIDER_OFF -> texts.get("operated.providerOff", done.providerId());
      case PROVIDER_ON -> texts.get("operated.providerOn", done.providerId());
    };
  }

  /** The direct message admins get as the month's spend passes a share of the budget. */
  public static String budgetWarning(Lang lang, io.rolemarket.imagebot.core.generate.Budget.Warning warning) {
    Texts texts = Texts.of(lang);
    String month = month(lang, warning.month());
    String spent = texts.get("amountOf", usd(warning.spentUsd()), usd(warning.monthlyUsd()));
    return warning.percent() >= 100
        ? texts.get("budget.usedUp", month, spent, day(lang, warning.resetsAt()))
        : texts.get("budget.passed", month, count(warning.percent()), spent);
  }

  /** "December 2026" in English, "2026年12月" in Chinese. */
  static String month(Lang lang, java.time.YearMonth month) {
    return lang == Lang.EN
        ? month.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear()
        : month.getYear() + "年" + month.getMonthValue() + "月";
  }

  /** "1 January" (or "1月1日"): the day of month and the month of {@code at} in UTC. */
  static String day(Lang lang, java.time.Instant at) {
    java.time.ZonedDateTime utc = at.atZone(java.time.ZoneOffset.UTC);
    return lang == Lang.EN ? utc.getDayOfMonth() + " " + utc.getMonth().getDisplayName(
        java.time.format.TextStyle.FULL, Locale.ENGLISH) : utc.getMonthValue() + "月" + utc.getDayOfMonth() + "日";
  }

  /** The line for work that made no pictures. */
  public static String failure(Failure failure) {
    return failure(Lang.EN, failure);
  }

  /** The line for work that made no pictures, in {@code lang}. */
  public static String failure(Lang lang, Failure failure) {
    Texts texts = Texts.of(lang);
    return switch (failure) {
      case Failure.Cancelled cancelled -> texts.get("failed.cancelled");
      case Failure.ActionFailed action -> action.failure() == null
          ? texts.get("failed.actionEmpty", action.action())
          : texts.get("failed.action", action.action(), action.failure().message());
      case Failure.Crashed crashed -> texts.get("failed.crashed");
      case Failure.PastDeadline past -> {
        String what = !past.failures().isEmpty() ? texts.get("failed.lastTried", failure(lang,
            past.failures().getLast())) : past.waitingOn().isEmpty() ? texts.get("failed.noneAnswered")
            : texts.get("failed.didNotAnswer", past.waitingOn());
        long seconds = past.limit().toSeconds();
        yield seconds < 120 ? texts.get("failed.pastDeadlineSeconds", count(seconds), what)
            : texts.get("failed.pastDeadlineMinutes", count(Math.max(1, seconds / 60)), what);
      }
      case Failure.ProvidersFailed failed -> {
        List<ProviderFailure> failures = failed.failures();
        if (failures.isEmpty()) {
          yield texts.get("failed.noProvider");
        }
        if (failures.stream().allMatch(f -> f instanceof ProviderFailure.ContentRejected)) {
          yield texts.get("failed.contentRejected");
        }
        ProviderFailure last = failures.getLast();
        yield last instanceof ProviderFailure.Permanent ? texts.get("failed.permanent", failure(lang, last))
            : texts.get("failed.providers", failure(lang, last));
      }
    };
  }

  private static String unknownName(Texts texts, Refusal.UnknownName unknown) {
    String kind = unknown.kind() == Refusal.NameKind.CHARACTER ? "Character" : "Theme";
    String shown = unknown.given().length() > 40 ? unknown.given().substring(0, 40) + "…" : unknown.given();
    if (unknown.nearest().isEmpty()) {
      return texts.get("refusal.unknown" + kind, shown);
    }
    return texts.get("refusal.unknown" + kind + "Near", shown,
        String.join(texts.get("refusal.or"), unknown.nearest()));
  }

  /** A wait in words: {@code 12 min}, {@code 3 h 5 min}, {@code 4 days}. */
  static String humanize(Duration duration) {
    return humanize(Lang.EN, duration);
  }

  static String humanize(Lang lang, Duration duration) {
    Texts texts = Texts.of(lang);
    long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
    if (minutes < 60) {
      return texts.get("wait.minutes", count(minutes));
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return texts.get("wait.hours", count(hours), count(minutes % 60));
    }
    return texts.get("wait.days", count(hours / 24));
  }

  /** A number as typed, without grouping: ids, counts and seconds in a sentence. */
  static String count(long number) {
    return Long.toString(number);
  }

  /** Dollars with up to four decimals: {@code $0.0012}. */
  public static String usd(BigDecimal amount) {
    BigDecimal scaled = amount.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    return "$" + (scaled.scale() < 2 ? scaled.setScale(2, RoundingMode.HALF_UP) : scaled).toPlainString();
  }

  /**
   * A job's cost with where it came from: {@code $0.042 reported} or {@code $0.0012 declared}; a free one (the
   * offline Sketch) is just {@code $0.00}.
   */
  public static String cost(BigDecimal amount, CostSource source) {
    return cost(Lang.EN, amount, source);
  }

  /** A job's cost with where it came from, in {@code lang}. */
  public static String cost(Lang lang, BigDecimal amount, CostSource source) {
    return amount.signum() == 0 ? usd(amount) : usd(amount) + " " + Texts.of(lang).get("cost." + source.label());
  }

  /** Seconds with one decimal: {@code 2.4 s}. */
  public static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
