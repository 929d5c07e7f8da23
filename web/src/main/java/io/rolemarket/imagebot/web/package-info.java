/**
 * The brand library on the web: {@link io.rolemarket.imagebot.web.WebLibrary} serves approved designs, the
 * visitor's history and, for admins, the month's spend and figures, to sessions opened by sign-in links from
 * {@code /web}. Pages are rendered on the server from jte templates; no script runs in the browser.
 */
@NullMarked
package io.rolemarket.imagebot.web;

import org.jspecify.annotations.NullMarked;
