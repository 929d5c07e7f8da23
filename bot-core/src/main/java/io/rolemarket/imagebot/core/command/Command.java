package io.rolemarket.imagebot.core.command;

import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A parsed chat command. Adapters dispatch on it with an exhaustive {@code switch}. */
public sealed interface Command {

  /** {@code /help} or {@code /start}. */
  record Help() implements Command {}

  /** {@code /cancel}: stop the user's pictures in progress (nothing is charged for them). */
  record Cancel() implements Command {}

  /** {@code /quota}. */
  record Quota() implements Command {}

  /** {@code /history}. */
  record History() implements Command {}

  /** {@code /resend <history id>}: send a picture from {@code /history} again (free). */
  record Resend(long historyId) implements Command {}

  /** {@code /providers}. */
  record Providers() implements Command {}

  /** {@code /stats}: spend and budget, and the team's five figures against their targets, for admins. */
  record Stats() implements Command {}

  /** {@code /spend}: where this month's money went, as a chart and figures, for admins. */
  record Spend() implements Command {}

  /**
   * {@code /calibrate <character>}: scores the character's approved and rejected designs and proposes the threshold
   * that separates them best, as a chart and figures, for admins.
   *
   * @param character the character as typed (a catalog id or alias)
   */
  record Calibrate(String character) implements Command {}

  /** {@code /grant <user> <n>}: give a user n more images today (admins). */
  record Grant(String userKey, int images) implements Command {}

  /** {@code /role <user> <role>}: change a user's role (admins). */
  record SetRole(String userKey, io.rolemarket.imagebot.core.Role role) implements Command {}

  /** What an admin's operator command does to the bot. */
  enum Operation {
    /** {@code /pause}: new requests are refused with a clear line; running ones finish. */
    PAUSE,
    /** {@code /resume}: new requests are taken again. */
    RESUME,
    /** {@code /drain}: pause, then say so once nothing is running any more (before a deploy). */
    DRAIN,
    /** {@code /provider off <id>}: the router skips the provider. */
    PROVIDER_OFF,
    /** {@code /provider on <id>}: the router uses it again. */
    PROVIDER_ON
  }

  /**
   * {@code /pause}, {@code /resume}, {@code /drain}, {@code /provider off|on <id>} (admins; kept across restarts,
   * every one audited).
   *
   * @param providerId the provider for {@code PROVIDER_OFF} and {@code PROVIDER_ON}, else empty
   */
  record Operate(Operation operation, String providerId) implements Command {
    /** Checks the fields. */
    public Operate {
      java.util.Objects.requireNonNull(operation, "operation");
      java.util.Objects.requireNonNull(providerId, "providerId");
    }
  }

  /** {@code /web} or {@code /library}: a private, single-use sign-in link to the web library. */
  record Web() implements Command {}

  /** {@code /web revoke <user>}: end that user's web sessions and unused sign-in links (admins). */
  record WebRevoke(String userKey) implements Command {
    /** Checks the key. */
    public WebRevoke {
      Objects.requireNonNull(userKey, "userKey");
    }
  }

  /** {@code /characters}. */
  record Characters() implements Command {}

  /** {@code /themes}. */
  record Themes() implements Command {}

  /**
   * {@code /generate <character> <theme> [extra words] [--n 1..4] [--ar 16:9] [--provider id] [--tier t]
   * [--seed n] [--fresh]}.
   */
  record Generate(
      String character,
      String theme,
      List<String> extraWords,
      int count,
      AspectRatio aspectRatio,
      @Nullable String providerId,
      Tier tier,
      @Nullable Long seed,
      boolean fresh) implements Command {

    /** Copies the words. */
    public Generate {
      Objects.requireNonNull(character, "character");
      Objects.requireNonNull(theme, "theme");
      extraWords = List.copyOf(extraWords);
    }

    /** This request with {@code seed} (null: any) and, when {@code fresh}, asked of the provider anew. */
    public Generate withSeed(@Nullable Long seed, boolean fresh) {
      return new Generate(character, theme, extraWords, count, aspectRatio, providerId, tier, seed, fresh);
    }

    /** A plain request for {@code count} pictures of {@code character} at {@code theme}, default options. */
    public static Generate plain(String character, String theme, int count) {
      return new Generate(character, theme, List.of(), count, AspectRatio.SQUARE, null, Tier.BALANCED, null, false);
    }

    /** The core request for {@code user}. */
    public GenerateRequest toRequest(UserRef user) {
      return new GenerateRequest(user, character, theme, extraWords, count, aspectRatio, providerId, tier, seed, fresh);
    }

    /** The command as a user would type it, options included; {@code CommandParser} reads it back as this. */
    public String toText() {
      StringBuilder text = new StringBuilder("/generate ").append(character).append(' ').append(theme);
      extraWords.forEach(word -> text.append(' ').append(word));
      if (count != 1) {
        text.append(" --n ").append(count);
      }
      if (aspectRatio != AspectRatio.SQUARE) {
        text.append(" --ar ").append(aspectRatio.label());
      }
      if (providerId != null) {
        text.append(" --provider ").append(providerId);
      }
      if (tier != Tier.BALANCED) {
        text.append(" --tier ").append(tier.label());
      }
      if (seed != null) {
        text.append(" --seed ").append(seed);
      }
      if (fresh) {
        text.append(" --fresh");
      }
      return text.toString();
    }
  }

  /** {@code /review ...}: design review. Adapters handle the four kinds together. */
  sealed interface Review extends Command {}

  /** {@code /review submit <history id>}: send a picture from {@code /history} to review. */
  record ReviewSubmit(long historyId) implements Review {}

  /** {@code /review pending}: designs waiting for a decision. */
  record ReviewPending() implements Review {}

  /** {@code /review approved [character] [theme]}: approved designs. */
  record ReviewApproved(@Nullable String character, @Nullable String theme) implements Review {}

  /** {@code /review show <design>}: the design's picture again, with its review caption. */
  record ReviewShow(long submissionId) implements Review {}

  /** {@code /review approve|reject|changes <design> [note]}: a reviewer's vote. */
  record ReviewVote(long submissionId, Verdict verdict, String note) implements Review {
    /** Checks the parts. */
    public ReviewVote {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(note, "note");
    }
  }

  /** A command we do not have; {@code name} is what was typed after the slash. */
  record Unknown(String name) implements Command {}

  /** {@code /lang en|zh-hk}: answer this user in {@code lang} from now on. */
  record SetLanguage(io.rolemarket.imagebot.core.i18n.Lang lang) implements Command {}

  /** Input we cannot use; {@code message} says why, for the user. */
  record Invalid(String message) implements Command {}

  /** A command addressed to another bot ({@code /help@otherbot}) or not a command at all in a group: ignore. */
  record Ignored() implements Command {}
}
