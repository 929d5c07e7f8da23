package io.rolemarket.imagebot.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * How the bot logs, from the environment (the real one or {@code .env}): {@code IMAGEBOT_LOG_FORMAT} {@code text}
 * (the default) or {@code json} (one JSON object a line, for a log shipper), and {@code IMAGEBOT_LOG_LEVEL} (default
 * INFO on a chat platform; WARN on the console, whose own lines tell the story there). Applied to logback through
 * its {@code logback.xml}, which names both appenders.
 */
final class LogSettings {
  private static final Set<String> FORMATS = Set.of("text", "json");
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private LogSettings() {}

  /**
   * Reconfigures logging for {@code environment}.
   *
   * @param console whether the bot answers on the terminal (no chat platform configured)
   * @throws ConfigException naming the setting when a value is not one of those allowed
   */
  static void apply(Map<String, String> environment, boolean console) {
    String format = environment.getOrDefault("IMAGEBOT_LOG_FORMAT", "text").strip().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw ConfigException.expected("IMAGEBOT_LOG_FORMAT", "text or json",
          "\"" + environment.get("IMAGEBOT_LOG_FORMAT") + "\"");
    }
    String level = environment.getOrDefault("IMAGEBOT_LOG_LEVEL", console ? "WARN" : "INFO").strip()
        .toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw ConfigException.expected("IMAGEBOT_LOG_LEVEL", "one of TRACE, DEBUG, INFO, WARN, ERROR, OFF",
          "\"" + environment.get("IMAGEBOT_LOG_LEVEL") + "\"");
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another logging backend on the class path (a test's): it keeps its own configuration
    }
    URL config = LogSettings.class.getResource("/logback.xml");
    if (config == null) {
      return;
    }
    context.reset();
    context.putProperty("IMAGEBOT_LOG_FORMAT", format);
    context.putProperty("IMAGEBOT_LOG_LEVEL", level);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("the bot's logback.xml cannot be read", e);
    }
  }
}
