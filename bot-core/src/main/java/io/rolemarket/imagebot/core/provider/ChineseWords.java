package io.rolemarket.imagebot.core.provider;

/**
 * How well a provider's model reads Chinese words in a prompt. The catalog's descriptions are English for every
 * provider; a user's own extra words are passed on as written, so this says whether Chinese ones are understood.
 * {@code /providers} shows it.
 */
public enum ChineseWords {
  /** Understood as well as English (OpenAI's and Gemini's models). */
  UNDERSTOOD,
  /** Some understood, English works better (Midjourney). */
  PARTLY_UNDERSTOOD,
  /** Not understood: the model reads English only (FLUX, SDXL, Stable Diffusion). */
  NOT_UNDERSTOOD
}
