package io.rolemarket.imagebot.core.i18n;

import java.util.Locale;
import java.util.Optional;

/** A language the bot speaks: English, or Traditional Chinese as written in Hong Kong. */
public enum Lang {
  EN("en", Locale.ENGLISH),
  ZH_HK("zh-hk", Locale.forLanguageTag("zh-HK"));

  private final String code;
  private final Locale locale;

  Lang(String code, Locale locale) {
    this.code = code;
    this.locale = locale;
  }

  /** The code users type and the store keeps: {@code en}, {@code zh-hk}. */
  public String code() {
    return code;
  }

  /** The locale its numbers and plurals follow. */
  public Locale locale() {
    return locale;
  }

  /** The language whose {@link #code} is {@code code} (any case, {@code _} or {@code -}), or empty. */
  public static Optional<Lang> parse(String code) {
    String normal = code.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    for (Lang lang : values()) {
      if (lang.code.equals(normal)) {
        return Optional.of(lang);
      }
    }
    return Optional.empty();
  }

  /**
   * The language for a client's language tag (Telegram's {@code language_code}, Discord's locale, the system
   * locale): any Chinese tag ({@code zh}, {@code zh-hant}, {@code zh-hk}, {@code zh-TW}, {@code zh-CN}) gets
   * {@link #ZH_HK}, everything else, absent included, {@link #EN}.
   */
  public static Lang fromTag(String tag) {
    String normal = tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    return normal.equals("zh") || normal.startsWith("zh-") ? ZH_HK : EN;
  }
}
