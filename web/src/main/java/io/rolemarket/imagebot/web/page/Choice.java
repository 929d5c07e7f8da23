package io.rolemarket.imagebot.web.page;

/**
 * One option of a filter's list.
 *
 * @param value what the form sends
 * @param label what the visitor reads
 * @param selected whether it is the filter's current value
 */
public record Choice(String value, String label, boolean selected) {}
