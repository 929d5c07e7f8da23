package io.rolemarket.imagebot.web.page;

import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.i18n.Texts;

/** The message catalog in the visitor's language, for templates: {@code ${t.get("web.nav.library")}}. Immutable. */
public record Words(Lang lang) {
  /** The text of {@code key} with {@code args}. */
  public String get(String key, Object... args) {
    return Texts.of(lang).get(key, args);
  }

  /** The page's {@code lang} attribute: {@code en} or {@code zh-HK}. */
  public String htmlLang() {
    return lang.locale().toLanguageTag();
  }
}
