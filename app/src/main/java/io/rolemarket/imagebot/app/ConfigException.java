package io.rolemarket.imagebot.app;

/** The configuration is wrong; the message names the setting to fix, never its value. */
final class ConfigException extends RuntimeException {
  ConfigException(String message) {
    super(message);
  }
}
