package io.rolemarket.imagebot.core.generate;

/**
 * Why a request ended without pictures, as data: a {@link Refusal} (nothing was started or charged) or a
 * {@link Failure} (the work was tried; nothing was charged). The words for it come from the message catalog
 * ({@code BotTexts.reason}); nothing parses them back.
 */
public sealed interface Reason permits Refusal, Failure {}
