package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.jspecify.annotations.Nullable;

/**
 * The bot's slash commands, and the comparison that decides whether Discord's copy is out of date.
 * Discord caps command creations a day, so the adapter registers only when {@link #shapes} of what Discord
 * has differ from what we want. Stateless.
 */
final class SlashCommands {
  private SlashCommands() {}

  /**
   * The commands we want, admin ones limited to members who can manage the server by default; the
   * provider option offers {@code providerIds} as choices (free text when there are more than Discord shows).
   */
  static List<SlashCommandData> definitions(List<String> providerIds) {
    DefaultMemberPermissions admins = DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER);
    OptionData aspect = new OptionData(OptionType.STRING, "aspect", "Picture shape (default 1:1)");
    for (AspectRatio ratio : AspectRatio.values()) {
      aspect.addChoice(ratio.label(), ratio.label());
    }
    OptionData tier = new OptionData(OptionType.STRING, "tier", "Which providers first (default balanced)");
    for (Tier value : Tier.values()) {
      tier.addChoice(value.label(), value.label());
    }
    OptionData role = new OptionData(OptionType.STRING, "role", "The new role", true);
    for (Role value : Role.values()) {
      role.addChoice(value.label(), value.label());
    }
    OptionData switchable = new OptionData(OptionType.STRING, "id", "The provider (see /providers)", true);
    if (providerIds.size() <= OptionData.MAX_CHOICES) {
      providerIds.forEach(id -> switchable.addChoice(id, id));
    }
    OptionData provider = new OptionData(OptionType.STRING, "provider", "A provider by name (see /providers)");
    if (providerIds.size() <= OptionData.MAX_CHOICES) {
      providerIds.forEach(id -> provider.addChoice(id, id));
    }
    List<SlashCommandData> commands = List.of(
        Commands.slash("generate", "Make a picture of a character in a theme").addOptions(
            new OptionData(OptionType.STRING, "character", "Who to draw, such as lulu", true, true),
            new OptionData(OptionType.STRING, "theme", "The theme, such as halloween", true, true),
            new OptionData(OptionType.STRING, "extra", "Your own words for the picture").setMaxLength(300),
            new OptionData(OptionType.INTEGER, "count", "How many pictures, 1 to 4")
                .setRequiredRange(1, GenerateRequest.MAX_COUNT),
            aspect,
            provider,
            tier,
            new OptionData(OptionType.BOOLEAN, "fresh", "Skip the cache and draw anew")),
        Commands.slash("cancel", "Stop your pictures in progress (nothing is charged for them)"),
        Commands.slash("quota", "Images left today"),
        Commands.slash("history", "Your last pictures"),
        Commands.slash("resend", "Send a picture from /history again, free").addOptions(
            new OptionData(OptionType.INTEGER, "number", "Its number in /history, such as 12", true).setMinValue(1)),
        Commands.slash("providers", "Who draws, price and speed"),
        Commands.slash("characters", "Characters I know"),
        Commands.slash("themes", "Themes I know"),
        Commands.slash("review", "Design review: designs waiting, approved designs, one design").addSubcommands(
            new SubcommandData("pending", "Designs waiting for the reviewers' votes"),
            new SubcommandData("approved", "Approved designs, of one character or theme if you like").addOptions(
                new OptionData(OptionType.STRING, "character", "Only this character, such as lulu", false, true),
                new OptionData(OptionType.STRING, "theme", "Only this theme, such as halloween", false, true)),
            new SubcommandData("show", "A design's picture with its votes").addOptions(
                new OptionData(OptionType.INTEGER, "design", "The design's number, such as 3", true).setMinValue(1)),
            new SubcommandData("submit", "Send a picture from /history to design review").addOptions(
                new OptionData(OptionType.INTEGER, "number", "Its number in /history, such as 12", true)
                    .setMinValue(1))),
        Commands.slash("web", "Your private sign-in link to the brand library on the web").addOptions(
            new OptionData(OptionType.STRING, "revoke", "Admins: end this user's web sessions, such as discord:123456789")),
        Commands.slash("library", "Your private sign-in link to the brand library on the web (same as /web)"),
        Commands.slash("help", "How to use me"),
        Commands.slash("lang", "The language I answer you in").addOptions(
            new OptionData(OptionType.STRING, "language", "English or Traditional Chinese (Hong Kong)", true)
                .addChoice("English", Lang.EN.code()).addChoice("繁體中文（香港）", Lang.ZH_HK.code())),
        Commands.slash("stats", "The team's figures against their targets, spend and budget (admins)")
            .setDefaultPermissions(admins),
        Commands.slash("spend", "Where the money goes this month: a chart and the figures (admins)")
            .setDefaultPermissions(admins),
        Commands.slash("calibrate", "Propose a character's consistency threshold from reviewed designs (admins)")
            .setDefaultPermissions(admins).addOptions(
                new OptionData(OptionType.STRING, "character", "The character, such as lulu", true, true)),
        Commands.slash("grant", "Give a user more images today (admins)").setDefaultPermissions(admins).addOptions(
            new OptionData(OptionType.STRING, "user", "The user, such as discord:123456789", true),
            new OptionData(OptionType.INTEGER, "images", "How many more, 1 to 1000", true).setRequiredRange(1, 1000)),
        Commands.slash("role", "Change a user's role (admins)").setDefaultPermissions(admins).addOptions(
            new OptionData(OptionType.STRING, "user", "The user, such as discord:123456789", true), role),
        Commands.slash("pause", "Take no new requests; running ones finish (admins)").setDefaultPermissions(admins),
        Commands.slash("resume", "Take requests again after /pause or /drain (admins)").setDefaultPermissions(admins),
        Commands.slash("drain", "Pause, then tell me when nothing runs: before a deploy (admins)")
            .setDefaultPermissions(admins),
        Commands.slash("provider", "Switch a provider off or on, kept across restarts (admins)")
            .setDefaultPermissions(admins).addOptions(
                new OptionData(OptionType.STRING, "switch", "off or on", true).addChoice("off", "off")
                    .addChoice("on", "on"),
                switchable));
    commands.forEach(command -> command.setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM));
    commands.forEach(SlashCommands::localize);
    return commands;
  }

  /** The Discord locales that get the Hong Kong Chinese descriptions (Discord has no zh-HK). */
  static final List<DiscordLocale> CHINESE = List.of(DiscordLocale.CHINESE_TAIWAN, DiscordLocale.CHINESE_CHINA);

  /**
   * Describes {@code command}, its options and subcommands from the message catalog ({@code slash.<path>}): the
   * English description, and the Chinese one for Chinese clients. Names stay English, so commands typed from help
   * work on every client.
   */
  private static void localize(SlashCommandData command) {
    describe(command.getName(), command::setDescription, command::setDescriptionLocalization);
    localize(command.getName(), command.getOptions());
    for (SubcommandData sub : command.getSubcommands()) {
      String path = command.getName() + "." + sub.getName();
      describe(path, sub::setDescription, sub::setDescriptionLocalization);
      localize(path, sub.getOptions());
    }
  }

  private static void localize(String path, List<OptionData> options) {
    for (OptionData option : options) {
      describe(path + "." + option.getName(), option::setDescription, option::setDescriptionLocalization);
    }
  }

  private static void describe(String path, java.util.function.Consumer<String> english,
      java.util.function.BiConsumer<DiscordLocale, String> localized) {
    english.accept(Texts.of(Lang.EN).get("slash." + path));
    String chinese = Texts.of(Lang.ZH_HK).get("slash." + path);
    CHINESE.forEach(locale -> localized.accept(locale, chinese));
  }

  /** What matters of a command option for deciding whether to register again. */
  record OptionShape(OptionType type, String name, String description, Map<DiscordLocale, String> localized,
      boolean required, boolean autoComplete, List<String> choices, @Nullable Number min, @Nullable Number max) {}

  /** What matters of a subcommand for deciding whether to register again. */
  record SubcommandShape(String name, String description, Map<DiscordLocale, String> localized,
      List<OptionShape> options) {}

  /** What matters of a command for deciding whether to register again. */
  record Shape(String name, String description, Map<DiscordLocale, String> localized, @Nullable Long permissions,
      List<OptionShape> options, List<SubcommandShape> subcommands) {}

  /** The shapes of the commands we want. */
  static Set<Shape> shapes(Collection<SlashCommandData> wanted) {
    return wanted.stream().map(command -> new Shape(command.getName(), command.getDescription(),
        command.getDescriptionLocalizations().toMap(),
        command.getDefaultPermissions().getPermissionsRaw(), wantedOptions(command.getOptions()),
        command.getSubcommands().stream().map(sub -> new SubcommandShape(sub.getName(), sub.getDescription(),
            sub.getDescriptionLocalizations().toMap(), wantedOptions(sub.getOptions()))).toList()))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The shapes of the commands Discord has. */
  static Set<Shape> registered(Collection<Command> existing) {
    return existing.stream().filter(command -> command.getType() == Command.Type.SLASH)
        .map(command -> new Shape(command.getName(), command.getDescription(),
            command.getDescriptionLocalizations().toMap(),
            command.getDefaultPermissions().getPermissionsRaw(), registeredOptions(command.getOptions()),
            command.getSubcommands().stream().map(sub -> new SubcommandShape(sub.getName(), sub.getDescription(),
                sub.getDescriptionLocalizations().toMap(), registeredOptions(sub.getOptions()))).toList()))
        .collect(Collectors.toUnmodifiableSet());
  }

  private static List<OptionShape> wantedOptions(List<OptionData> options) {
    return options.stream().map(o -> new OptionShape(o.getType(), o.getName(), o.getDescription(),
        o.getDescriptionLocalizations().toMap(), o.isRequired(), o.isAutoComplete(), choices(o.getChoices()),
        number(o.getMinValue()), number(o.getMaxValue()))).toList();
  }

  private static List<OptionShape> registeredOptions(List<Command.Option> options) {
    return options.stream().map(o -> new OptionShape(o.getType(), o.getName(), o.getDescription(),
        o.getDescriptionLocalizations().toMap(), o.isRequired(), o.isAutoComplete(), choices(o.getChoices()),
        number(o.getMinValue()), number(o.getMaxValue()))).toList();
  }

  private static List<String> choices(List<Command.Choice> choices) {
    return choices.stream().map(choice -> choice.getName() + "=" + choice.getAsString()).toList();
  }

  /** Discord sends numbers back as it likes (1 or 1.0); compare them as longs when whole. */
  private static @Nullable Number number(@Nullable Number value) {
    if (value == null) {
      return null;
    }
    double asDouble = value.doubleValue();
    return asDouble == Math.rint(asDouble) ? (Number) (long) asDouble : (Number) asDouble;
  }
}
