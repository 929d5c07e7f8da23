package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A slash command as Discord delivered it: its full name and its options as strings. {@link #command()} turns
 * it into the core's {@link Command}, the same one the text parser makes, so both platforms behave alike.
 * A plain value: no JDA needed to build or test it. Immutable.
 *
 * @param name the command's full name, such as {@code generate} or, with a subcommand, {@code review show}
 * @param options each given option's value as a string, by option name
 * @param lang the language of the refusals
 */
record SlashInput(String name, Map<String, String> options, Lang lang) {
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,40}");
  private static final Pattern USER_KEY = Pattern.compile("[a-z]+:[A-Za-z0-9_.@-]{1,64}");
  private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** Copies the options. */
  SlashInput {
    options = Map.copyOf(options);
  }

  /** A slash command whose refusals are in English. */
  SlashInput(String name, Map<String, String> options) {
    this(name, options, Lang.EN);
  }

  private Command invalid(String key, Object... args) {
    return new Command.Invalid(Texts.of(lang).get(key, args));
  }

  /** The core command; bad input becomes {@link Command.Invalid} with a sentence for the user. */
  Command command() {
    return switch (name) {
      case "help" -> new Command.Help();
      case "cancel" -> new Command.Cancel();
      case "quota" -> new Command.Quota();
      case "history" -> new Command.History();
      case "resend" -> resend();
      case "providers" -> new Command.Providers();
      case "characters" -> new Command.Characters();
      case "themes" -> new Command.Themes();
      case "stats" -> new Command.Stats();
      case "spend" -> new Command.Spend();
      case "calibrate" -> new CommandParser(null).parse("/calibrate " + text("character"), lang);
      case "lang" -> new CommandParser(null).parse("/lang " + text("language"), lang);
      case "web", "library" -> text("revoke").isBlank() ? new Command.Web()
          : new CommandParser(null).parse("/web revoke " + text("revoke").strip(), lang);
      case "grant" -> grant();
      case "role" -> role();
      case "pause" -> new Command.Operate(Command.Operation.PAUSE, "");
      case "resume" -> new Command.Operate(Command.Operation.RESUME, "");
      case "drain" -> new Command.Operate(Command.Operation.DRAIN, "");
      case "provider" -> new CommandParser(null).parse("/provider " + text("switch") + " " + text("id"), lang);
      case "generate" -> generate();
      case "review pending" -> new Command.ReviewPending();
      case "review approved" -> approved();
      case "review show" -> reviewShow();
      case "review submit" -> reviewSubmit();
      default -> new Command.Unknown(name);
    };
  }

  private Command generate() {
    String character = text("character").toLowerCase(Locale.ROOT);
    String theme = text("theme").toLowerCase(Locale.ROOT);
    for (String named : List.of(character, theme)) {
      if (!NAME.matcher(named).matches()) {
        return invalid("parse.badName", clip(named));
      }
    }
    String extra = text("extra");
    if (extra.length() > CommandParser.MAX_EXTRA) {
      return invalid("parse.extraTooLong", String.valueOf(CommandParser.MAX_EXTRA));
    }
    int count = 1;
    if (options.containsKey("count")) {
      Optional<Integer> parsed = integer(text("count"));
      if (parsed.isEmpty() || parsed.get() < 1 || parsed.get() > GenerateRequest.MAX_COUNT) {
        return invalid("slashInput.count", String.valueOf(GenerateRequest.MAX_COUNT), clip(text("count")));
      }
      count = parsed.get();
    }
    AspectRatio aspect = AspectRatio.SQUARE;
    if (options.containsKey("aspect")) {
      Optional<AspectRatio> parsed = AspectRatio.parse(text("aspect"));
      if (parsed.isEmpty()) {
        return invalid("slashInput.aspect", String.join(", ", Arrays.stream(AspectRatio.values())
            .map(AspectRatio::label).toList()), clip(text("aspect")));
      }
      aspect = parsed.get();
    }
    String provider = options.containsKey("provider") ? text("provider").toLowerCase(Locale.ROOT) : null;
    if (provider != null && !PROVIDER.matcher(provider).matches()) {
      return invalid("slashInput.provider", clip(provider));
    }
    Tier tier = Tier.BALANCED;
    if (options.containsKey("tier")) {
      Optional<Tier> parsed = Tier.parse(text("tier"));
      if (parsed.isEmpty()) {
        return invalid("slashInput.tier", clip(text("tier")));
      }
      tier = parsed.get();
    }
    boolean fresh = Boolean.parseBoolean(text("fresh"));
    List<String> words = extra.isBlank() ? List.of() : List.of(extra.strip().split("\\s+"));
    return new Command.Generate(character, theme, words, count, aspect, provider, tier, null, fresh);
  }

  private Command approved() {
    String character = text("character").toLowerCase(Locale.ROOT);
    String theme = text("theme").toLowerCase(Locale.ROOT);
    for (String named : List.of(character, theme)) {
      if (!named.isEmpty() && !NAME.matcher(named).matches()) {
        return invalid("parse.badName", clip(named));
      }
    }
    return new Command.ReviewApproved(character.isEmpty() ? null : character, theme.isEmpty() ? null : theme);
  }

  private Command reviewShow() {
    Optional<Long> design = whole(text("design"));
    if (design.isEmpty() || design.get() < 1) {
      return invalid("slashInput.show");
    }
    return new Command.ReviewShow(design.get());
  }

  private Command reviewSubmit() {
    Optional<Long> number = whole(text("number"));
    if (number.isEmpty() || number.get() < 1) {
      return invalid("slashInput.submit");
    }
    return new Command.ReviewSubmit(number.get());
  }

  private Command resend() {
    Optional<Long> number = whole(text("number"));
    if (number.isEmpty() || number.get() < 1) {
      return invalid("slashInput.resend");
    }
    return new Command.Resend(number.get());
  }

  private Command grant() {
    Optional<Integer> images = integer(text("images"));
    String user = text("user");
    if (images.isEmpty() || images.get() < 1 || images.get() > 1000 || !USER_KEY.matcher(user).matches()) {
      return invalid("slashInput.grant");
    }
    return new Command.Grant(user, images.get());
  }

  private Command role() {
    Optional<Role> role = Role.parse(text("role"));
    String user = text("user");
    if (role.isEmpty() || !USER_KEY.matcher(user).matches()) {
      return invalid("slashInput.role");
    }
    return new Command.SetRole(user, role.get());
  }

  private String text(String option) {
    return options.getOrDefault(option, "").strip();
  }

  private static Optional<Integer> integer(String value) {
    try {
      return Optional.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> whole(String value) {
    try {
      return Optional.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String clip(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
