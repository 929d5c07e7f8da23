package io.rolemarket.imagebot.core.command;

import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Parses chat text into a {@link Command}. Never throws for any input: bad input becomes
 * {@link Command.Invalid} with a sentence for the user. Immutable and safe for concurrent use.
 */
public final class CommandParser {
  /** Longest message accepted, in characters. */
  public static final int MAX_LENGTH = 1000;
  /** Longest run of extra words, in characters. */
  public static final int MAX_EXTRA = 300;

  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,40}");
  private static final Pattern USER_KEY = Pattern.compile("[a-z]+:[A-Za-z0-9_.@-]{1,64}");
  private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final String OPTIONS = "--n, --ar, --provider, --tier, --seed, --fresh";

  private final @Nullable String botUsername;

  /**
   * A parser for a bot called {@code botUsername} (commands such as {@code /help@thatbot} are for us,
   * {@code /help@otherbot} are ignored), or null where there is no such name (the console).
   */
  public CommandParser(@Nullable String botUsername) {
    this.botUsername = botUsername;
  }

  /** The command in {@code text}, its refusals in English. */
  public Command parse(@Nullable String text) {
    return parse(text, Lang.EN);
  }

  /** The command in {@code text}, its refusals in {@code lang}. */
  public Command parse(@Nullable String text, Lang lang) {
    Texts t = Texts.of(lang);
    if (text == null || text.isBlank()) {
      return invalid(t, "parse.empty");
    }
    if (text.length() > MAX_LENGTH) {
      return invalid(t, "parse.tooLong", String.valueOf(text.length()), String.valueOf(MAX_LENGTH));
    }
    if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      return invalid(t, "parse.control");
    }
    List<String> tokens = new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
    String head = tokens.remove(0);
    if (!head.startsWith("/")) {
      return invalid(t, "parse.noSlash");
    }
    String name = head.substring(1);
    int at = name.indexOf('@');
    if (at >= 0) {
      String addressee = name.substring(at + 1);
      if (botUsername == null || !addressee.equalsIgnoreCase(botUsername)) {
        return new Command.Ignored();
      }
      name = name.substring(0, at);
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "start", "help" -> new Command.Help();
      case "quota" -> new Command.Quota();
      case "cancel", "stop" -> new Command.Cancel();
      case "history" -> new Command.History();
      case "providers" -> new Command.Providers();
      case "stats" -> new Command.Stats();
      case "spend" -> new Command.Spend();
      case "characters" -> new Command.Characters();
      case "themes" -> new Command.Themes();
      case "generate", "gen", "g" -> generate(t, tokens);
      case "grant" -> grant(t, tokens);
      case "calibrate" -> tokens.size() == 1 ? new Command.Calibrate(tokens.get(0))
          : invalid(t, "parse.calibrateUsage");
      case "resend" -> resend(t, tokens);
      case "role" -> role(t, tokens);
      case "review" -> review(t, tokens);
      case "web", "library" -> web(t, tokens);
      case "pause" -> operate(t, tokens, Command.Operation.PAUSE);
      case "resume" -> operate(t, tokens, Command.Operation.RESUME);
      case "drain" -> operate(t, tokens, Command.Operation.DRAIN);
      case "provider" -> provider(t, tokens);
      case "lang", "language" -> tokens.size() == 1 ? Lang.parse(tokens.get(0)).<Command>map(Command.SetLanguage::new)
          .orElseGet(() -> invalid(t, "lang.usage")) : invalid(t, "lang.usage");
      default -> new Command.Unknown(name.length() > 32 ? name.substring(0, 32) + "…" : name);
    };
  }

  private static Command invalid(Texts t, String key, Object... args) {
    return new Command.Invalid(t.get(key, args));
  }

  private static Command web(Texts t, List<String> tokens) {
    if (tokens.isEmpty()) {
      return new Command.Web();
    }
    return tokens.size() == 2 && tokens.get(0).equalsIgnoreCase("revoke") && USER_KEY.matcher(tokens.get(1)).matches()
        ? new Command.WebRevoke(tokens.get(1)) : invalid(t, "parse.webUsage");
  }

  private static Command resend(Texts t, List<String> tokens) {
    Optional<Long> id = tokens.size() == 1 ? parseLong(tokens.get(0).replaceFirst("^#", "")) : Optional.empty();
    if (id.isEmpty() || id.get() < 1) {
      return invalid(t, "parse.resendUsage");
    }
    return new Command.Resend(id.get());
  }

  private static Command review(Texts t, List<String> tokens) {
    Command usage = invalid(t, "parse.reviewUsage");
    if (tokens.isEmpty()) {
      return usage;
    }
    String action = tokens.get(0).toLowerCase(Locale.ROOT);
    List<String> rest = tokens.subList(1, tokens.size());
    Optional<Long> id = rest.isEmpty() ? Optional.empty() : parseLong(rest.get(0).replaceFirst("^#", ""));
    return switch (action) {
      case "pending" -> rest.isEmpty() ? new Command.ReviewPending() : usage;
      case "approved" -> rest.size() > 2 || rest.stream().anyMatch(name -> !NAME.matcher(name).matches())
          ? usage
          : new Command.ReviewApproved(rest.isEmpty() ? null : rest.get(0).toLowerCase(Locale.ROOT),
              rest.size() < 2 ? null : rest.get(1).toLowerCase(Locale.ROOT));
      case "submit" -> rest.size() == 1 && id.isPresent() && id.get() > 0
          ? new Command.ReviewSubmit(id.get()) : usage;
      case "show" -> rest.size() == 1 && id.isPresent() && id.get() > 0
          ? new Command.ReviewShow(id.get()) : usage;
      case "approve", "reject", "changes" -> {
        if (id.isEmpty() || id.get() < 1) {
          yield invalid(t, "parse.voteUsage", action, action);
        }
        String note = String.join(" ", rest.subList(1, rest.size()));
        if (note.length() > MAX_EXTRA) {
          yield invalid(t, "parse.noteTooLong", String.valueOf(MAX_EXTRA));
        }
        Verdict verdict = switch (action) {
          case "approve" -> Verdict.APPROVE;
          case "reject" -> Verdict.REJECT;
          default -> Verdict.CHANGES;
        };
        yield new Command.ReviewVote(id.get(), verdict, note);
      }
      default -> usage;
    };
  }

  private static Command grant(Texts t, List<String> tokens) {
    Optional<Integer> count = tokens.size() == 2 ? parseInt(tokens.get(1)) : Optional.empty();
    if (count.isEmpty() || count.get() < 1 || count.get() > 1000 || !USER_KEY.matcher(tokens.get(0)).matches()) {
      return invalid(t, "parse.grantUsage");
    }
    return new Command.Grant(tokens.get(0), count.get());
  }

  private static Command operate(Texts t, List<String> tokens, Command.Operation operation) {
    return tokens.isEmpty() ? new Command.Operate(operation, "")
        : invalid(t, "parse.operateUsage", operation.name().toLowerCase(Locale.ROOT));
  }

  private static Command provider(Texts t, List<String> tokens) {
    if (tokens.size() != 2 || !PROVIDER.matcher(tokens.get(1).toLowerCase(Locale.ROOT)).matches()
        || !List.of("on", "off").contains(tokens.get(0).toLowerCase(Locale.ROOT))) {
      return invalid(t, "parse.providerUsage");
    }
    return new Command.Operate(tokens.get(0).equalsIgnoreCase("off") ? Command.Operation.PROVIDER_OFF
        : Command.Operation.PROVIDER_ON, tokens.get(1).toLowerCase(Locale.ROOT));
  }

  private static Command role(Texts t, List<String> tokens) {
    Optional<io.rolemarket.imagebot.core.Role> role =
        tokens.size() == 2 ? io.rolemarket.imagebot.core.Role.parse(tokens.get(1)) : Optional.empty();
    if (role.isEmpty() || !USER_KEY.matcher(tokens.get(0)).matches()) {
      return invalid(t, "parse.roleUsage");
    }
    return new Command.SetRole(tokens.get(0), role.get());
  }

  private Command generate(Texts t, List<String> tokens) {
    List<String> positional = new ArrayList<>();
    int count = 1;
    AspectRatio aspect = AspectRatio.SQUARE;
    String provider = null;
    Tier tier = Tier.BALANCED;
    Long seed = null;
    boolean fresh = false;
    for (int i = 0; i < tokens.size(); i++) {
      String token = normaliseDashes(tokens.get(i));
      if (!token.startsWith("--")) {
        positional.add(token);
        continue;
      }
      String option = token.substring(2).toLowerCase(Locale.ROOT);
      String value = null;
      int eq = option.indexOf('=');
      if (eq >= 0) {
        value = option.substring(eq + 1);
        option = option.substring(0, eq);
      }
      if (option.equals("fresh")) {
        fresh = true;
        continue;
      }
      if (!List.of("n", "count", "ar", "aspect", "provider", "tier", "seed").contains(option)) {
        return invalid(t, "parse.unknownOption", clip(option), OPTIONS);
      }
      if (value == null) {
        if (i + 1 >= tokens.size()) {
          return invalid(t, "parse.needsValue", option, example(option));
        }
        value = tokens.get(++i).toLowerCase(Locale.ROOT);
      }
      switch (option) {
        case "n", "count" -> {
          Optional<Integer> parsed = parseInt(value);
          if (parsed.isEmpty() || parsed.get() < 1 || parsed.get() > GenerateRequest.MAX_COUNT) {
            return invalid(t, "parse.count", String.valueOf(GenerateRequest.MAX_COUNT), clip(value));
          }
          count = parsed.get();
        }
        case "ar", "aspect" -> {
          Optional<AspectRatio> parsed = AspectRatio.parse(value);
          if (parsed.isEmpty()) {
            return invalid(t, "parse.aspect", Arrays.stream(AspectRatio.values())
                .map(AspectRatio::label).collect(Collectors.joining(", ")), clip(value));
          }
          aspect = parsed.get();
        }
        case "provider" -> {
          if (!PROVIDER.matcher(value).matches()) {
            return invalid(t, "parse.provider", clip(value));
          }
          provider = value;
        }
        case "tier" -> {
          Optional<Tier> parsed = Tier.parse(value);
          if (parsed.isEmpty()) {
            return invalid(t, "parse.tier", clip(value));
          }
          tier = parsed.get();
        }
        default -> {
          Optional<Long> parsed = parseLong(value);
          if (parsed.isEmpty() || parsed.get() < 0) {
            return invalid(t, "parse.seed", clip(value));
          }
          seed = parsed.get();
        }
      }
    }
    if (positional.isEmpty()) {
      return invalid(t, "parse.usage");
    }
    if (positional.size() == 1) {
      return invalid(t, "parse.whichTheme", clip(positional.get(0)));
    }
    String character = positional.get(0);
    String theme = positional.get(1);
    for (String named : List.of(character, theme)) {
      if (!NAME.matcher(named).matches()) {
        return invalid(t, "parse.badName", clip(named));
      }
    }
    List<String> extra = positional.subList(2, positional.size());
    if (String.join(" ", extra).length() > MAX_EXTRA) {
      return invalid(t, "parse.extraTooLong", String.valueOf(MAX_EXTRA));
    }
    return new Command.Generate(character.toLowerCase(Locale.ROOT), theme.toLowerCase(Locale.ROOT), extra, count,
        aspect, provider, tier, seed, fresh);
  }

  /** Phones turn "--" into an en or em dash; accept those too. */
  private static String normaliseDashes(String token) {
    if (token.startsWith("—") || token.startsWith("–")) {
      return "--" + token.substring(1);
    }
    return token;
  }

  private static String example(String option) {
    return switch (option) {
      case "n", "count" -> "--n 4";
      case "ar", "aspect" -> "--ar 16:9";
      case "provider" -> "--provider sdxl";
      case "tier" -> "--tier cheap";
      default -> "--seed 42";
    };
  }

  private static String clip(String text) {
    return text.length() > 24 ? text.substring(0, 24) + "…" : text;
  }

  private static Optional<Integer> parseInt(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> parseLong(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
