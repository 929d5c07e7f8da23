package io.rolemarket.imagebot.core.command;

import io.rolemarket.imagebot.core.ProviderStatus;
import io.rolemarket.imagebot.core.QuotaStatus;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.generate.GenerationResult;
import io.rolemarket.imagebot.core.generate.ProgressEvent;
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
        "/quota — images left today",
        "/history — your last pictures; /resend <number> sends one again",
        "/review submit <number>, /review pending, /review approved [character] [theme], /review show <design>",
        "    reviewers vote with /review approve|reject|changes <design> [note] (or the buttons)",
        "/providers — who draws, price and speed",
        "/characters, /themes — what I know",
        "/stats, /grant <user> <n>, /role <user> user|pro|admin — for admins",
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
    if (status.limits().unlimited()) {
      return "You are an " + status.role().label() + ": no limit. Used today: " + status.used().today()
          + ", this month: " + status.used().thisMonth() + ".";
    }
    return "Quota (" + status.role().label() + "): " + status.used().today() + " of " + status.limits().daily()
        + " images used today, " + status.used().thisMonth() + " of " + status.limits().monthly()
        + " this month. " + status.remainingToday() + " left today; the day resets at 00:00 UTC.";
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
          .append(entry.providerId()).append(entry.fromCache() ? ", from cache" : ", " + usd(entry.costUsd()));
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
          .append(circuit(status.circuit()))
          .append(status.lastProblem().isEmpty() ? "" : " — last problem: " + status.lastProblem());
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
  public static String stats(io.rolemarket.imagebot.core.ImageBot.Spend spend, List<ProviderStatus> providers) {
    StringBuilder out = new StringBuilder("Spent this month: " + usd(spend.thisMonthUsd()) + " of the "
        + usd(spend.monthlyBudgetUsd()) + " budget. Providers up: "
        + providers.stream().filter(ProviderStatus::available).count() + " of " + providers.size() + ".");
    for (ProviderStatus status : providers) {
      if (!status.lastProblem().isEmpty()) {
        out.append("\n⚠ ").append(status.info().id()).append(": ").append(status.lastProblem());
      }
    }
    return out.toString();
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
      out.append(" · ").append(usd(result.costUsd()));
    }
    if (result.missing() > 0) {
      out.append(" · ").append(result.missing()).append(result.missing() == 1 ? " image" : " images")
          .append(" could not be made and were not charged");
    }
    return out.toString();
  }

  /** One line describing a progress event. */
  public static String progress(ProgressEvent event) {
    return switch (event) {
      case ProgressEvent.Routed routed -> "Routing: " + String.join(" → ", routed.providerIds());
      case ProgressEvent.Submitted submitted -> submitted.providerId() + " accepted the job";
      case ProgressEvent.Queued queued -> "Queued at position " + queued.position() + " for " + queued.providerId()
          + ", about " + Math.max(1, queued.estimatedWait().toSeconds()) + " s";
      case ProgressEvent.Started started -> "Generating with " + started.displayName() + "…";
      case ProgressEvent.Working working -> working.percent() >= 0
          ? working.providerId() + ": " + working.percent() + "%"
          : working.providerId() + ": " + working.note();
      case ProgressEvent.Retrying retrying -> retrying.providerId() + " " + retrying.reason() + "; retrying in "
          + seconds(retrying.delay());
      case ProgressEvent.FellBack fellBack -> fellBack.fromProviderId() + " " + fellBack.reason()
          + "; falling back to " + fellBack.toProviderId();
      case ProgressEvent.Partial partial -> "Only " + partial.delivered() + " of " + partial.asked()
          + " images could be made; the rest are not charged";
      case ProgressEvent.Done done -> done.fromCache() ? "Done from the cache" : "Done with " + done.providerId();
      case ProgressEvent.Failed failed -> failed.reason();
    };
  }

  /** Dollars with up to four decimals: {@code $0.0012}. */
  public static String usd(BigDecimal amount) {
    BigDecimal scaled = amount.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    return "$" + (scaled.scale() < 2 ? scaled.setScale(2, RoundingMode.HALF_UP) : scaled).toPlainString();
  }

  /** Seconds with one decimal: {@code 2.4 s}. */
  public static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
