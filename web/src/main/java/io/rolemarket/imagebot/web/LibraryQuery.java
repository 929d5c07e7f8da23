package io.rolemarket.imagebot.web;

import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.web.page.Card;
import io.rolemarket.imagebot.web.page.Choice;
import io.rolemarket.imagebot.web.page.LibraryPage;
import io.rolemarket.imagebot.web.page.Words;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The library's filters as the form sends them, and the page of approved designs they select: newest approval
 * first, {@link #PAGE_SIZE} a page, filtered by character, theme, provider and approval day (UTC). Values that do not
 * parse are ignored rather than refused. Immutable.
 */
record LibraryQuery(String character, String theme, String provider, @Nullable LocalDate from,
    @Nullable LocalDate to, int page) {
  /** Designs a page. */
  static final int PAGE_SIZE = 24;
  /** The newest approved designs the library looks through. */
  static final int SCANNED = 1000;

  /** The query in a request's parameters ({@code character}, {@code theme}, {@code provider}, {@code from}, …). */
  static LibraryQuery from(Function<String, @Nullable String> parameter) {
    return new LibraryQuery(text(parameter.apply("character")), text(parameter.apply("theme")),
        text(parameter.apply("provider")), day(parameter.apply("from")), day(parameter.apply("to")),
        page(parameter.apply("page")));
  }

  /** The page this query selects from {@code bot}'s approved designs. */
  LibraryPage run(ImageBot bot, Words t) {
    Catalog catalog = bot.catalog();
    List<Design> approved = bot.approvedDesigns(null, null, SCANNED);
    List<Design> matching = approved.stream().filter(this::matches).toList();
    int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    int shown = Math.min(page, pages);
    List<Card> cards = matching.stream().skip((long) (shown - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        .map(design -> card(catalog, t.lang(), design)).toList();
    TreeSet<String> providers = new TreeSet<>();
    approved.forEach(design -> providers.add(design.entry().providerId()));
    bot.providers().forEach(status -> providers.add(status.info().id()));
    Map<String, String> characters = new LinkedHashMap<>();
    catalog.characters().forEach(def -> characters.put(def.id(), def.name(t.lang())));
    Map<String, String> themes = new LinkedHashMap<>();
    catalog.themes().forEach(def -> themes.put(def.id(), def.name(t.lang())));
    Map<String, String> providerNames = new LinkedHashMap<>();
    providers.forEach(id -> providerNames.put(id, id));
    return new LibraryPage(choices(t, characters, character), choices(t, themes, theme),
        choices(t, providerNames, provider), from == null ? "" : from.toString(), to == null ? "" : to.toString(),
        matching.size(), cards, shown, pages, shown > 1 ? link(shown - 1) : null,
        shown < pages ? link(shown + 1) : null);
  }

  private boolean matches(Design design) {
    LocalDate approvedOn = approvedOn(design);
    return (character.isEmpty() || character.equals(design.entry().character()))
        && (theme.isEmpty() || theme.equals(design.entry().theme()))
        && (provider.isEmpty() || provider.equals(design.entry().providerId()))
        && (from == null || !approvedOn.isBefore(from))
        && (to == null || !approvedOn.isAfter(to));
  }

  /** The link to page {@code number} of this query. */
  String link(int number) {
    StringBuilder link = new StringBuilder("/library?");
    append(link, "character", character);
    append(link, "theme", theme);
    append(link, "provider", provider);
    append(link, "from", from == null ? "" : from.toString());
    append(link, "to", to == null ? "" : to.toString());
    link.append("page=").append(number);
    return link.toString();
  }

  private static void append(StringBuilder link, String name, String value) {
    if (!value.isEmpty()) {
      link.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
    }
  }

  static LocalDate approvedOn(Design design) {
    return LocalDate.ofInstant(Objects.requireNonNull(design.decision(), "an approved design").at(), ZoneOffset.UTC);
  }

  static Card card(Catalog catalog, Lang lang, Design design) {
    return new Card(design.id(), characterName(catalog, lang, design.entry().character()),
        themeName(catalog, lang, design.entry().theme()), design.entry().providerId(),
        approvedOn(design).toString());
  }

  static String characterName(Catalog catalog, Lang lang, String id) {
    return catalog.character(id).map(def -> def.name(lang)).orElse(id);
  }

  static String themeName(Catalog catalog, Lang lang, String id) {
    return catalog.theme(id).map(def -> def.name(lang)).orElse(id);
  }

  private static List<Choice> choices(Words t, Map<String, String> options, String current) {
    List<Choice> choices = new ArrayList<>();
    choices.add(new Choice("", t.get("web.filter.any"), current.isEmpty()));
    options.forEach((value, label) -> choices.add(new Choice(value, label, value.equals(current))));
    return choices;
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value.strip();
  }

  private static @Nullable LocalDate day(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static int page(@Nullable String value) {
    try {
      return value == null ? 1 : Math.max(1, Integer.parseInt(value.strip()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
