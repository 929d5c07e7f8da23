package io.rolemarket.imagebot.web.page;

/**
 * One approved design in the library grid.
 *
 * @param id the design's number
 * @param character the character's display name
 * @param theme the theme's display name
 * @param provider the provider that drew it
 * @param approvedOn the day it was approved, {@code yyyy-MM-dd} (UTC)
 */
public record Card(long id, String character, String theme, String provider, String approvedOn) {}
