/**
 * The Telegram adapter on telegrambots: {@link io.rolemarket.imagebot.telegram.TelegramAdapter} polls
 * for updates, turns them into core calls and renders the answers, keeping inside Telegram's limits.
 */
@NullMarked
package io.rolemarket.imagebot.telegram;

import org.jspecify.annotations.NullMarked;
