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

/** The bot's sentences, shared by every adapter so the bot says the same thing everywhere. Stateless. */
public final class BotTexts {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);

  /** Button labels. */
  public static final String REGENERATE = "🔁 Regenerate";
  public static final String VARIATIONS = "🎲 Variations";
  public static final String SEND_TO_REVIEW = "📤 Send to review";
  public static final String TRY_AGAIN = "🔁 Try again";
  /** The answer to a press of a button that is not ours or whose time is over. */
  public static final String BUTTON_EXPIRED = "This button has expired — send /generate again.";
  /** The answer to a press by someone other than the asker. */
  public static final String NOT_YOUR_BUTTON = "Only the person who asked can use these buttons.";
  /** The acknowledgements of 🔁, 🎲 and 📤 presses. */
  public static final String REGENERATING = "Regenerating…";
  public static final String MAKING_VARIATIONS = "Making variations…";
  public static final String SENDING_TO_REVIEW = "Sending to review…";
  /** The one warning to a user whose commands come faster than the flood gate lets through. */
  public static final String FLOODING = "You're sending commands faster than I can take them; I'm ignoring them "
      + "for a few seconds. Nothing was charged for them.";
  /** The answer when handling a command failed on the bot's side. */
  public static final String SOMETHING_WENT_WRONG = "Something went wrong on my side; please try again.";
  /** The answer when pictures were made (and charged) but could not be sent. */
  public static final String COULD_NOT_SEND = "I made the picture but could not send it; please try /history.";
  /** The answer to a form (such as a review note) the bot no longer knows. */
  public static final String FORM_EXPIRED = "This form has expired.";

  private BotTexts() {}

  /** The answer to {@code /help}. */
  public static String help(Catalog catalog) {
    return String.join("\n",
        "I draw the RoleMarket characters in any theme.",
        "",
        "/generate <character> <theme> [extra words] — make a picture",
        "    options: --n 1..4, --ar 1:1|3:4|4:3|9:16|16:9, --provider <name>, --tier quality|balanced|cheap|fast,",
        "             --seed <number>, --fresh (skip the cache)",
        "/cancel — stop your pictures in progress (nothing is charged for them)",
        "/quota — images left today, and what your pictures cost this month",
        "/history — your last pictures; /resend <number> sends one again",
        "/review submit <number>, /review pending, /review approved [character] [theme], /review show <design>",
        "    reviewers vote with /review approve|reject|changes <design> [note] (or the buttons)",
        "/providers — who draws, price and speed",
        "/characters, /themes — what I know",
        "/stats, /spend (where the money goes: a chart and the figures), /grant <user> <n>,",
        "    /role <user> user|pro|admin, /calibrate <character> (its consistency threshold) — for admins",
        "/pause, /resume, /drain (pause, then I say when nothing runs), /provider off|on <id> — admins, at run time",
        "",
        "Examples:",
        "  /generate lulu halloween",
        "  /generate lulu christmas building a snowman --n 4",
        "  /generate lulu spring-festival --ar 16:9",
        "",
        "Characters: " + String.join(", ", catalog.characters().stream().map(CharacterDef::id).toList())
            + ". Themes: " + String.join(", ", catalog.themes().stream().map(ThemeDef::id).toList()) + ".");
  }

  /** The answer to {@code /cancel}. */
  public static String cancelling(int running) {
    return running == 0 ? "Nothing of yours is in progress."
        : "Stopping " + (running == 1 ? "your picture" : "your " + running + " pictures") + " in progress…";
  }

  /** The answer to an unknown command. */
  public static String unknownCommand(String name) {
    return "I don't know /" + name + ". Try /help.";
  }

  /** The answer to {@code /quota}. */
  public static String quota(QuotaStatus status) {
    String spent = " Your pictures cost " + usd(status.spentThisMonthUsd()) + " this month.";
    if (status.limits().unlimited()) {
      return "You are an " + status.role().label() + ": no limit. Used today: " + status.used().today()
          + ", this month: " + status.used().thisMonth() + "." + spent;
    }
    return "Quota (" + status.role().label() + "): " + status.used().today() + " of " + status.limits().daily()
        + " images used today, " + status.used().thisMonth() + " of " + status.limits().monthly()
        + " this month. " + status.remainingToday() + " left today; the day resets at 00:00 UTC." + spent;
  }

  /** The answer to {@code /history}. */
  public static String history(List<HistoryEntry> entries) {
    if (entries.isEmpty()) {
      return "No pictures yet. Try /generate lulu halloween.";
    }
    StringBuilder out = new StringBuilder("Your last pictures:");
    for (HistoryEntry entry : entries) {
      out.append("\n#").append(entry.id()).append("  ").append(WHEN.format(entry.at())).append("  ")
          .append(entry.character()).append(" ").append(entry.theme()).append("  ")
          .append(entry.images().size()).append(entry.images().size() == 1 ? " image" : " images").append(", ")
          .append(entry.providerId()).append(entry.fromCache() ? ", from cache"
              : ", " + cost(entry.costUsd(), entry.costSource()))
          .append(entry.similarity() == null ? "" : ", CLIP " + similarity(entry.similarity()));
    }
    return out.toString();
  }

  /** The answer to {@code /resend} when there is nothing to send. */
  public static String nothingToResend(long historyId) {
    return "There is no picture #" + historyId + " in your /history (or it is no longer stored).";
  }

  /** The answer to {@code /providers}. */
  public static String providers(List<ProviderStatus> providers) {
    StringBuilder out = new StringBuilder("Providers, in the order I try them:");
    for (ProviderStatus status : providers) {
      var info = status.info();
      out.append("\n").append(status.available() ? "✅ " : "⛔ ").append(info.id()).append(" — ")
          .append(info.displayName()).append(", ")
          .append(info.costPerImageUsd().signum() == 0 && info.costPerCallUsd().signum() > 0
              ? usd(info.costPerCallUsd()) + "/job of up to " + info.maxImagesPerCall()
              : usd(info.costPerImageUsd()) + "/image").append(", ~")
          .append(info.typicalLatency().toSeconds()).append(" s")
          .append(status.premium() ? " (quality tier)" : "")
          .append(info.requiresReferenceImage() ? ", for characters with a reference picture"
              : info.supportsReferenceImage() ? ", uses reference pictures" : "")
          .append(status.switchedOff() ? " — switched off by an admin (/provider on " + info.id() + ")" : "")
          .append(circuit(status.circuit()))
          .append(status.lastProblem().map(problem -> " — last problem: " + failure(problem)).orElse(""));
    }
    return out.toString();
  }

  /** A breaker that is not closed, in a few words: when the provider is tried again. */
  static String circuit(io.rolemarket.imagebot.core.route.Circuit circuit) {
    return switch (circuit.state()) {
      case CLOSED -> "";
      case HALF_OPEN -> " — recovering: the next request tries it again";
      case OPEN -> " — paused after repeated failures, tried again in "
          + Math.max(1, (circuit.retryIn().toMillis() + 999) / 1000) + " s";
    };
  }

  /** The answer to {@code /stats} for an admin. */
  public static String stats(Reply.Stats stats) {
    return stats(stats.spend(), stats.providers()) + "\n"
        + StatsTexts.figures(stats.figures(), stats.consistencyCheckOn());
  }

  /** The first lines of {@code /stats}: the month's spend against the budget, and each provider's lane now. */
  static String stats(io.rolemarket.imagebot.core.ImageBot.Spend spend, List<ProviderStatus> providers) {
    StringBuilder out = new StringBuilder("Spent this month: " + usd(spend.thisMonthUsd()) + " of the "
        + usd(spend.monthlyBudgetUsd()) + " budget. Providers up: "
        + providers.stream().filter(ProviderStatus::available).count() + " of " + providers.size() + ".");
    for (ProviderStatus status : providers) {
      out.append("\n").append(status.info().id()).append(": ").append(status.callsAtOnce())
          .append(status.callsAtOnce() == 1 ? " call" : " calls").append(" at once (learned from its answers)");
      status.lastProblem().ifPresent(problem -> out.append("\n⚠ ").append(status.info().id()).append(": ")
          .append(failure(problem)));
    }
    return out.toString();
  }

  /** The words of a one-message reply, the same on every platform. */
  public static String line(Reply.Line line) {
    return switch (line) {
      case Reply.Refused refused -> refusal(refused.reason());
      case Reply.Quota quota -> quota(quota.status());
      case Reply.Providers providers -> providers(providers.providers())
          + (providers.consistencyCheckOn() ? "" : "\n" + StatsTexts.CONSISTENCY_OFF);
      case Reply.Characters characters -> characters(characters.catalog());
      case Reply.Themes themes -> themes(themes.catalog());
      case Reply.Operated operated -> operated(operated.done());
      case Reply.Stats stats -> stats(stats);
      case Reply.NotCalibrated not -> CalibrationTexts.notCalibrated(not);
      case Reply.AdminsOnly admins -> adminsOnly(admins.command());
      case Reply.Cancelling cancelling -> cancelling(cancelling.running());
      case Reply.Granted granted -> "Granted " + granted.userKey() + " " + granted.images()
          + (granted.images() == 1 ? " more image" : " more images") + " for today.";
      case Reply.RoleSet set -> set.userKey() + " is now " + (set.role() == Role.ADMIN ? "an " : "a ")
          + set.role().label() + ".";
      case Reply.NothingToResend nothing -> nothingToResend(nothing.historyId());
      case Reply.UnknownCommand unknown -> unknownCommand(unknown.name());
      case Reply.Invalid invalid -> invalid.message();
    };
  }

  /** What a user is told after a restart stopped their request before it was made; 🔁 asks again. */
  public static String restartedUnfinished(String label) {
    return "⚠️ I was restarted while making " + label + ", and it was not finished. Nothing was charged for it. "
        + "Press 🔁 to try again.";
  }

  /** The same, where there are no buttons: the command to type again. */
  public static String restartedUnfinished(String label, String command) {
    return "⚠️ I was restarted while making " + label + ", and it was not finished. Nothing was charged for it. "
        + "Type " + command + " to try again.";
  }

  /** The answer to an admin command from someone who is not an admin. */
  public static String adminsOnly(String command) {
    return "/" + command + " is for admins.";
  }

  /** The answer to {@code /characters}. */
  public static String characters(Catalog catalog) {
    StringBuilder out = new StringBuilder("Characters:");
    for (CharacterDef character : catalog.characters()) {
      out.append("\n").append(character.id()).append(" — ").append(character.name());
    }
    return out.toString();
  }

  /** The answer to {@code /themes}. */
  public static String themes(Catalog catalog) {
    StringBuilder out = new StringBuilder("Themes:");
    for (ThemeDef theme : catalog.themes()) {
      out.append("\n").append(theme.id()).append(" — ").append(theme.name());
    }
    return out.toString();
  }

  /** A one-line caption for delivered pictures. */
  public static String caption(GenerationResult result) {
    StringBuilder out = new StringBuilder()
        .append(result.character().name()).append(" · ").append(result.theme().name()).append(" · ")
        .append(result.providerName()).append(" · ").append(seconds(result.elapsed()));
    if (result.fromCache()) {
      out.append(" · from cache (free)");
    } else {
      out.append(" · ").append(cost(result.costUsd(), result.costSource()));
    }
    result.bestScore().ifPresent(score -> out.append(consistency(score, result.scoreShown())));
    if (result.missing() > 0) {
      out.append(" · ").append(result.missing()).append(result.missing() == 1 ? " image" : " images")
          .append(" could not be made and were not charged");
    }
    return out.toString();
  }

  /**
   * A caption's consistency part for the best picture's {@code score}: {@code " · on-model 0.81"},
   * {@code " · ⚠️ off-model 0.68"}, {@code " · not scored yet"}, or nothing; without {@code numbers}, only the
   * off-model mark.
   */
  static String consistency(Score score, boolean numbers) {
    return switch (score) {
      case Score.Measured measured when measured.onModel() ->
          numbers ? " · on-model " + similarity(measured.similarity()) : "";
      case Score.Measured measured -> " · ⚠️ off-model" + (numbers ? " " + similarity(measured.similarity()) : "");
      case Score.NotYet notYet -> numbers ? " · not scored yet" : "";
      case Score.Unscored unscored -> numbers && unscored.why() == Score.Why.FAILED ? " · not scored" : "";
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
    return switch (event) {
      case ProgressEvent.Paused paused -> "The bot is paused by an admin for a moment: your request waits and starts "
          + "when they resume it (/cancel stops it; nothing is charged until it starts)";
      case ProgressEvent.Routed routed -> "Routing: " + String.join(" → ", routed.providerIds());
      case ProgressEvent.Submitted submitted -> submitted.providerId() + " accepted the job";
      case ProgressEvent.Queued queued -> "Queued at position " + queued.position() + " for " + queued.providerId()
          + ", about " + Math.max(1, queued.estimatedWait().toSeconds()) + " s";
      case ProgressEvent.Started started -> "Generating with " + started.displayName() + "…";
      case ProgressEvent.Working working -> working.percent() >= 0
          ? working.providerId() + ": " + working.percent() + "%"
          : working.providerId() + ": " + working.note();
      case ProgressEvent.Retrying retrying -> retrying.providerId() + " " + failure(retrying.failure()) + "; retrying in "
          + seconds(retrying.delay());
      case ProgressEvent.FellBack fellBack -> fellBack.fromProviderId() + " " + failure(fellBack.failure())
          + "; falling back to " + fellBack.toProviderId();
      case ProgressEvent.Partial partial -> "Only " + partial.delivered() + " of " + partial.asked()
          + " images could be made; the rest are not charged";
      case ProgressEvent.Done done -> done.fromCache() ? "Done from the cache" : "Done with " + done.providerId();
      case ProgressEvent.Failed failed -> reason(failed.reason());
    };
  }

  /** A provider's failure in a few words, for progress lines and admins (never a secret's value). */
  public static String failure(ProviderFailure failure) {
    return switch (failure) {
      case ProviderFailure.RateLimited limited -> "rate-limited";
      case ProviderFailure.RegionUnavailable region -> "not available in this region";
      case ProviderFailure.ContentRejected rejected -> "prompt refused by the provider's content rules";
      case ProviderFailure.Transient transientFailure -> transientFailure.retryHint() != null
          ? "model loading (about " + transientFailure.retryHint().toSeconds() + " s)"
          : "temporary failure (" + transientFailure.message() + ")";
      case ProviderFailure.OutOfCredit credit -> "out of credit (check the account of " + credit.setting() + ")";
      case ProviderFailure.Permanent permanent -> "misconfigured"
          + (permanent.setting().isEmpty() ? "" : " (check " + permanent.setting() + ")");
    };
  }

  /** The line for a request that ended without pictures: why, and that nothing was charged. */
  public static String reason(Reason reason) {
    return switch (reason) {
      case Refusal refusal -> refusal(refusal);
      case Failure failure -> failure(failure);
    };
  }

  /** The line for a refused request. */
  public static String refusal(Refusal refusal) {
    return switch (refusal) {
      case Refusal.UnknownName unknown -> unknownName(unknown);
      case Refusal.UnknownProvider unknown -> "no provider '" + unknown.given() + "' — the configured ones are: "
          + String.join(", ", unknown.configured()) + ".";
      case Refusal.ProOnly proOnly ->
          "The quality tier and premium providers are for pro users; ask an admin for /role pro.";
      case Refusal.OverQuota over -> "Over quota: you asked for " + (over.asked() == 1 ? "1 image" : over.asked()
          + " images") + " but have " + Math.min(over.leftToday(), over.leftThisMonth()) + " left "
          + (over.daily() ? "today" : "this month") + ". The limit resets in "
          + humanize(Duration.between(over.at(), over.resetsAt())) + " (" + over.resetsAt() + ").";
      case Refusal.TooManyRunning many -> "You already have " + many.limit()
          + " pictures on the way; wait for one of them before asking again.";
      case Refusal.NoSuchAction none -> none.offered().isEmpty() || none.action().isBlank()
          ? "That picture offers no " + (none.action().isBlank() ? "such action" : none.action())
              + ". Nothing was charged."
          : "There is no " + none.action() + " on that picture; try " + String.join(", ", none.offered()) + ".";
      case Refusal.NoLongerInCatalog gone -> "That picture's character or theme is no longer in the catalog.";
      case Refusal.NoProvider none -> none.providerId() != null
          ? "The provider '" + none.providerId() + "' is not available here. See /providers."
          : "No image provider is available here. Nothing was charged.";
      case Refusal.UnsupportedShape shape -> "No configured provider can make a " + shape.shape().label()
          + " picture; try another --ar.";
      case Refusal.BudgetUsedUp budget -> "The team's image budget for this month is used up"
          + (budget.everyProvider() ? " for every provider" : "") + " (" + usd(budget.leftUsd())
          + " left, with the pictures being made now paid for). It starts again on " + day(budget.resetsAt())
          + " (UTC). Nothing was charged; an admin can raise IMAGEBOT_BUDGET_USD.";
      case Refusal.SpendCapReached cap -> "You have used your own image spending for this month: "
          + usd(cap.capUsd()) + " a month for " + cap.role().label() + " users, " + usd(cap.leftUsd())
          + " left with your pictures being made now paid for. It starts again on " + day(cap.resetsAt())
          + " (UTC). Nothing was charged; an admin can change your role's cap.";
    };
  }

  /** The direct message to an admin who asked for {@code /drain}, once nothing is running any more. */
  public static String drained() {
    return "Drained: nothing is running any more, and new requests wait. Safe to stop the bot; /resume "
        + "takes requests again.";
  }

  /** The answer to an admin's operator command. */
  public static String operated(io.rolemarket.imagebot.core.ImageBot.Operated done) {
    return switch (done.operation()) {
      case PAUSE -> "Paused: new requests wait, with a line saying so"
          + (done.running() == 0 ? "" : "; " + running(done.running()) + " finish") + ". /resume takes requests again.";
      case RESUME -> "Resumed: new requests are taken again.";
      case DRAIN -> done.running() == 0
          ? "Paused, and nothing is running: " + drained().substring("Drained: ".length())
          : "Draining: new requests wait; " + running(done.running())
              + " finish, and I will tell you directly when none are left.";
      case PROVIDER_OFF -> "Provider " + done.providerId() + " is off: requests go to the others until /provider on "
          + done.providerId() + ". Kept across restarts.";
      case PROVIDER_ON -> "Provider " + done.providerId() + " is on again.";
    };
  }

  private static String running(int count) {
    return count == 1 ? "the 1 picture in progress will" : "the " + count + " pictures in progress will";
  }

  /** The direct message admins get as the month's spend passes a share of the budget. */
  public static String budgetWarning(io.rolemarket.imagebot.core.generate.Budget.Warning warning) {
    String month = warning.month().getMonth().getDisplayName(java.time.format.TextStyle.FULL,
        java.util.Locale.ENGLISH) + " " + warning.month().getYear();
    String spent = usd(warning.spentUsd()) + " of " + usd(warning.monthlyUsd());
    return warning.percent() >= 100
        ? "⚠️ The image budget for " + month + " is used up (" + spent + " spent): requests that cost money are "
            + "refused until " + day(warning.resetsAt()) + " (UTC). Raise IMAGEBOT_BUDGET_USD or budget.monthly_usd "
            + "to go on; /stats shows the spend."
        : "⚠️ The image budget for " + month + " has passed " + warning.percent() + " %: " + spent
            + " spent. /stats shows the spend.";
  }

  /** "1 January": the day of month and the month's English name of {@code at} in UTC. */
  static String day(java.time.Instant at) {
    java.time.ZonedDateTime utc = at.atZone(java.time.ZoneOffset.UTC);
    return utc.getDayOfMonth() + " " + utc.getMonth().getDisplayName(java.time.format.TextStyle.FULL,
        java.util.Locale.ENGLISH);
  }

  /** The line for work that made no pictures. */
  public static String failure(Failure failure) {
    return switch (failure) {
      case Failure.Cancelled cancelled -> "Cancelled. Nothing was charged.";
      case Failure.ActionFailed action -> action.failure() == null
          ? action.action() + " came back without pictures. Nothing was charged."
          : action.action() + " did not work: " + action.failure().message() + " Nothing was charged.";
      case Failure.Crashed crashed -> "Something went wrong on our side. Nothing was charged; please try again.";
      case Failure.PastDeadline past -> {
        String what = !past.failures().isEmpty() ? "the last provider tried: " + failure(past.failures().getLast())
            : past.waitingOn().isEmpty() ? "no provider answered in time" : past.waitingOn() + " did not answer in time";
        long seconds = past.limit().toSeconds();
        yield "No picture after " + (seconds < 120 ? seconds + " s" : Math.max(1, seconds / 60) + " min") + " ("
            + what + "). Nothing was charged; please try again later.";
      }
      case Failure.ProvidersFailed failed -> {
        List<ProviderFailure> failures = failed.failures();
        if (failures.isEmpty()) {
          yield "No image provider is available right now. Nothing was charged; please try again later.";
        }
        if (failures.stream().allMatch(f -> f instanceof ProviderFailure.ContentRejected)) {
          yield "The image provider refused this prompt under its content rules. Nothing was charged; try other words.";
        }
        ProviderFailure last = failures.getLast();
        yield last instanceof ProviderFailure.Permanent
            ? "No image provider could make this picture (last: " + failure(last)
                + "). Nothing was charged; trying again will not help until an admin fixes that."
            : "No image provider could make this picture right now (last: " + failure(last)
                + "). Nothing was charged; please try again in a minute.";
      }
    };
  }

  private static String unknownName(Refusal.UnknownName unknown) {
    String kind = unknown.kind() == Refusal.NameKind.CHARACTER ? "character" : "theme";
    String list = unknown.kind() == Refusal.NameKind.CHARACTER ? "/characters" : "/themes";
    String shown = unknown.given().length() > 40 ? unknown.given().substring(0, 40) + "…" : unknown.given();
    if (unknown.nearest().isEmpty()) {
      return "no " + kind + " '" + shown + "' — see " + list + " for the list.";
    }
    return "no " + kind + " '" + shown + "' — did you mean " + String.join(" or ", unknown.nearest()) + "?";
  }

  /** A wait in words: {@code 12 min}, {@code 3 h 5 min}, {@code 4 days}. */
  static String humanize(Duration duration) {
    long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + " h " + (minutes % 60) + " min";
    }
    return (hours / 24) + " days";
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
    return amount.signum() == 0 ? usd(amount) : usd(amount) + " " + source.label();
  }

  /** Seconds with one decimal: {@code 2.4 s}. */
  public static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
