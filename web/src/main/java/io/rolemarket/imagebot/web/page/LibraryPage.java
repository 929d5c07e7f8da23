package io.rolemarket.imagebot.web.page;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The library: the filter form, one page of the grid and the links to the pages around it.
 *
 * @param characters the character filter's options (the first is "any")
 * @param themes the theme filter's options
 * @param providers the provider filter's options
 * @param from the first approval day shown ({@code yyyy-MM-dd}), or empty
 * @param to the last approval day shown, or empty
 * @param matching how many designs match the filters
 * @param cards this page's designs, newest first
 * @param page this page's number, from 1
 * @param pages how many pages there are (at least 1)
 * @param newer the link to the newer page, or null on the first
 * @param older the link to the older page, or null on the last
 */
public record LibraryPage(List<Choice> characters, List<Choice> themes, List<Choice> providers, String from,
    String to, int matching, List<Card> cards, int page, int pages, @Nullable String newer, @Nullable String older) {
  /** Copies the lists. */
  public LibraryPage {
    characters = List.copyOf(characters);
    themes = List.copyOf(themes);
    providers = List.copyOf(providers);
    cards = List.copyOf(cards);
  }
}
