package io.rolemarket.imagebot.app;

/**
 * The configuration is wrong: the message starts with the setting to fix (an environment variable such as
 * {@code IMAGEBOT_HOOK_PORT} or a key path of the YAML file such as {@code quota.user.daily}), then what is
 * wrong; it never shows a secret's value. {@link Main} exits with code 2 on it.
 */
final class ConfigException extends RuntimeException {
  ConfigException(String message) {
    super(message);
  }

  /** {@code setting: expected <what>, got <given>}; {@code given} is already quoted or described. */
  static ConfigException expected(String setting, String what, String given) {
    return new ConfigException(setting + ": expected " + what + ", got " + given);
  }

  /**
   * {@code setting: <refusal>} for a value a record's checks refused; a refusal that starts with the setting's
   * name ({@code HF_PROVIDER must be ...}) is not named twice.
   */
  static ConfigException naming(String setting, IllegalArgumentException refusal) {
    String reason = String.valueOf(refusal.getMessage());
    return new ConfigException(setting + ": "
        + (reason.startsWith(setting + " ") ? reason.substring(setting.length() + 1) : reason));
  }

  /** {@code setting: expected <what>} for a value that may hold a secret, so it is not shown. */
  static ConfigException expectedHidden(String setting, String what) {
    return new ConfigException(setting + ": expected " + what + " (the value is not shown)");
  }
}
