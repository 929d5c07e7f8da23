package io.rolemarket.imagebot.app;

import io.rolemarket.imagebot.core.web.WebSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The web library's settings (README, "Web library"), bound and checked once by {@link AppConfig#load}.
 *
 * @param address where it listens ({@code IMAGEBOT_WEB_BIND}, default {@code 127.0.0.1}; {@code IMAGEBOT_WEB_PORT})
 * @param settings its public address ({@code IMAGEBOT_WEB_URL}, default {@code http://localhost:<port>/}) and how
 *     long sign-in links ({@code IMAGEBOT_WEB_LINK_MINUTES}, 1..60, default 10) and sessions
 *     ({@code IMAGEBOT_WEB_SESSION_HOURS}, 1..720, default 12) last
 * @param thumbnails where thumbnails are kept ({@code IMAGEBOT_WEB_THUMBNAILS}, default {@code ./var/thumbnails})
 */
record WebConfig(InetSocketAddress address, WebSettings settings, Path thumbnails) {

  /** The web library's settings, or null when {@code IMAGEBOT_WEB_PORT} is not set (it is off). */
  static @Nullable WebConfig read(SettingReader settings, Path workDir) {
    if (settings.text("IMAGEBOT_WEB_PORT").isEmpty()) {
      if (settings.text("IMAGEBOT_WEB_URL").isPresent()) {
        throw new ConfigException("IMAGEBOT_WEB_URL is set but IMAGEBOT_WEB_PORT is not: set the port to turn the "
            + "web library on, or unset the URL");
      }
      return null;
    }
    int port = settings.port("IMAGEBOT_WEB_PORT", 0);
    URI url;
    if (settings.text("IMAGEBOT_WEB_URL").isPresent()) {
      String given = settings.text("IMAGEBOT_WEB_URL").orElseThrow().strip();
      try {
        url = new URI(given);
      } catch (URISyntaxException e) {
        throw ConfigException.expected("IMAGEBOT_WEB_URL", "an http or https URL such as https://library.example.com/",
            SettingReader.quoted(given));
      }
    } else if (port == 0) {
      throw new ConfigException("IMAGEBOT_WEB_URL must be set when IMAGEBOT_WEB_PORT is 0 (any free port): the "
          + "sign-in links need the address people open");
    } else {
      url = URI.create("http://localhost:" + port + "/");
    }
    Duration link = Duration.ofMinutes(settings.whole("IMAGEBOT_WEB_LINK_MINUTES", 1, 60,
        WebSettings.LINK_LIFETIME.toMinutes()));
    Duration session = Duration.ofHours(settings.whole("IMAGEBOT_WEB_SESSION_HOURS", 1, 720,
        WebSettings.SESSION_LIFETIME.toHours()));
    WebSettings web;
    try {
      web = new WebSettings(url, link, session);
    } catch (IllegalArgumentException e) {
      throw ConfigException.naming("IMAGEBOT_WEB_URL", e);
    }
    return new WebConfig(new InetSocketAddress(settings.address("IMAGEBOT_WEB_BIND", "127.0.0.1"), port), web,
        settings.path(workDir, "IMAGEBOT_WEB_THUMBNAILS", "var/thumbnails"));
  }
}
