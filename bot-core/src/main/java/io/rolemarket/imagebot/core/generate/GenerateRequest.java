package io.rolemarket.imagebot.core.generate;

import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.route.Tier;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One {@code /generate}: who asks for which character in which theme, and how.
 *
 * @param user who asks (and pays)
 * @param character the character name as typed (an id or alias)
 * @param theme the theme name as typed (an id or alias)
 * @param extraWords the user's own words, appended to the prompt
 * @param count images wanted, 1..4
 * @param aspectRatio the shape
 * @param providerId a provider asked for by id, or null for the tier's order
 * @param tier the order of providers to try
 * @param seed a seed for repeatable pictures, or null
 * @param fresh skip the cache (and pay)
 */
public record GenerateRequest(
    UserRef user,
    String character,
    String theme,
    List<String> extraWords,
    int count,
    AspectRatio aspectRatio,
    @Nullable String providerId,
    Tier tier,
    @Nullable Long seed,
    boolean fresh) {

  /** The most images one request may ask for. */
  public static final int MAX_COUNT = 4;

  /** Checks the count and copies the words. */
  public GenerateRequest {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(character, "character");
    Objects.requireNonNull(theme, "theme");
    Objects.requireNonNull(aspectRatio, "aspectRatio");
    Objects.requireNonNull(tier, "tier");
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", was " + count);
    }
    extraWords = List.copyOf(extraWords);
  }

  /** One square image of {@code character} in {@code theme}, any provider in the team's order. */
  public static GenerateRequest of(UserRef user, String character, String theme) {
    return new GenerateRequest(user, character, theme, List.of(), 1, AspectRatio.SQUARE, null, Tier.BALANCED, null, false);
  }
}
