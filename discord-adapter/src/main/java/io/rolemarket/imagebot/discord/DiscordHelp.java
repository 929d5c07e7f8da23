package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;

/**
 * The answer to {@code /help} on Discord: the core's help speaks Telegram's typed commands, while Discord
 * has the slash commands of {@link SlashCommands}, with options and subcommands, and votes by buttons. Every
 * command named here is one Discord shows; the words are the catalog's {@code discord.help}. Stateless.
 */
final class DiscordHelp {
  private DiscordHelp() {}

  /** The help text in English, ending with the {@code catalog}'s characters and themes. */
  static String text(Catalog catalog) {
    return text(Lang.EN, catalog);
  }

  /** The help text in {@code lang}, ending with the {@code catalog}'s characters and themes. */
  static String text(Lang lang, Catalog catalog) {
    return Texts.of(lang).get("discord.help",
        String.join(", ", catalog.characters().stream().map(CharacterDef::id).toList()),
        String.join(", ", catalog.themes().stream().map(ThemeDef::id).toList()));
  }
}
