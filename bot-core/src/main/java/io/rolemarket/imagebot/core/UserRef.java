package io.rolemarket.imagebot.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person talking to the bot, named by platform identity: {@code telegram:123}, {@code discord:456},
 * {@code console:alice}.
 *
 * @param key the stable identity, {@code <platform>:<id>}
 * @param displayName what to call the person in messages
 */
public record UserRef(String key, String displayName) {
  private static final Pattern KEY = Pattern.compile("[a-z]+:[A-Za-z0-9_.@-]{1,64}");

  /** Checks the key's shape. */
  public UserRef {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(displayName, "displayName");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("user key must look like platform:id, was '" + key + "'");
    }
  }

  /** A user on a platform with an id. */
  public static UserRef of(String platform, String id, String displayName) {
    return new UserRef(platform + ":" + id, displayName);
  }
}
