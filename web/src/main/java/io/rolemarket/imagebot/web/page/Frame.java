package io.rolemarket.imagebot.web.page;

import org.jspecify.annotations.Nullable;

/**
 * What every page around its content shows.
 *
 * @param t the words in the visitor's language
 * @param title the page's title
 * @param signedIn whether the visitor has a session (the navigation and sign-out are shown)
 * @param admin whether the visitor is an admin (the admin link is shown)
 * @param who who is signed in, or null
 */
public record Frame(Words t, String title, boolean signedIn, boolean admin, @Nullable String who) {}
