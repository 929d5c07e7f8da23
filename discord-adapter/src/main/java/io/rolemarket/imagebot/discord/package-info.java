/**
 * The Discord adapter on JDA: {@link io.rolemarket.imagebot.discord.DiscordAdapter} registers the slash
 * commands, answers interactions through the core and renders the results as attachments with buttons.
 */
@NullMarked
package io.rolemarket.imagebot.discord;

import org.jspecify.annotations.NullMarked;
