package io.rolemarket.imagebot.discord;

import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.catalog.CharacterDef;
import io.rolemarket.imagebot.core.catalog.ThemeDef;

/**
 * The answer to {@code /help} on Discord: the core's help speaks Telegram's typed commands, while Discord
 * has the slash commands of {@link SlashCommands}, with options and subcommands, and votes by buttons. Every
 * command named here is one Discord shows. Stateless.
 */
final class DiscordHelp {
  /** The answer to {@code /history} before the first picture. */
  static final String NO_HISTORY = "No pictures yet. Try /generate character:lulu theme:halloween.";

  private DiscordHelp() {}

  /** The help text, ending with the {@code catalog}'s characters and themes. */
  static String text(Catalog catalog) {
    return String.join("\n",
        "I draw the RoleMarket characters in any theme.",
        "",
        "/generate — make a picture: pick a character and a theme (both autocomplete); optional extra (your own "
            + "words), count 1–4, aspect, provider, tier, fresh (skip the cache)",
        "/cancel — stop your pictures in progress (nothing is charged for them)",
        "/quota — images left today, and what your pictures cost this month",
        "/history — your last pictures; /resend sends one again by its number, free",
        "/providers — who draws, price and speed",
        "/characters, /themes — what I know",
        "/review — design review: pending (designs waiting for votes), approved (optionally of one character or "
            + "theme), show (one design's picture with its votes), submit (a picture from /history, as 📤 does)",
        "/help — this, with examples",
        "/stats, /spend (where the money goes: a chart and the figures), /calibrate (a character's consistency "
            + "threshold), /grant, /role — for admins",
        "/pause, /resume, /drain (pause, then I say when nothing runs), /provider (switch one off or on) — admins, "
            + "at run time",
        "",
        "Under a picture: 🔁 draws it again, 🎲 makes variations, 📤 sends it to design review, where reviewers "
            + "vote with the buttons in the review channel. Midjourney pictures also get U1–U4 (upscale) and "
            + "V1–V4 (variations).",
        "",
        "Examples:",
        "  /generate character:lulu theme:halloween",
        "  /generate character:lulu theme:christmas extra:building a snowman count:4",
        "  /generate character:lulu theme:spring-festival aspect:16:9",
        "  /resend number:12",
        "  /review approved character:lulu",
        "  /review show design:3",
        "",
        "Characters: " + String.join(", ", catalog.characters().stream().map(CharacterDef::id).toList())
            + ". Themes: " + String.join(", ", catalog.themes().stream().map(ThemeDef::id).toList()) + ".");
  }
}
