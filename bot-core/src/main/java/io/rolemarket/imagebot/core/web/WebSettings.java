package io.rolemarket.imagebot.core.web;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the web library is reached and how long its links and sessions last.
 *
 * @param baseUrl the public address people open ({@code https://library.example.com/} or {@code http://host:8080/}),
 *     absolute http or https, the root of its host
 *     (no path), without query or fragment
 * @param linkLifetime how long a sign-in link from {@code /web} works (1 to 60 minutes)
 * @param sessionLifetime how long a session lasts once opened (up to 30 days)
 */
public record WebSettings(URI baseUrl, Duration linkLifetime, Duration sessionLifetime) {
  /** A link's default lifetime. */
  public static final Duration LINK_LIFETIME = Duration.ofMinutes(10);
  /** A session's default lifetime. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

  /** Checks the address and the lifetimes; the address always ends in a slash. */
  public WebSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!baseUrl.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null
        || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the web address must be an http or https URL without user, query or "
          + "fragment, such as https://library.example.com/, was " + baseUrl);
    }
    if (!baseUrl.getRawPath().isEmpty() && !baseUrl.getRawPath().equals("/")) {
      throw new IllegalArgumentException("the web address must be the root of its host (the pages link to /library, "
          + "/design/...), such as https://library.example.com/, was " + baseUrl);
    }
    baseUrl = URI.create(baseUrl.getScheme().toLowerCase(Locale.ROOT) + "://" + baseUrl.getRawAuthority() + "/");
    if (linkLifetime.compareTo(Duration.ofMinutes(1)) < 0 || linkLifetime.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("a sign-in link must last 1 to 60 minutes, was " + linkLifetime);
    }
    if (sessionLifetime.compareTo(Duration.ofMinutes(1)) < 0 || sessionLifetime.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("a web session must last 1 minute to 30 days, was " + sessionLifetime);
    }
  }

  /** Settings for {@code baseUrl} with the default lifetimes. */
  public static WebSettings of(URI baseUrl) {
    return new WebSettings(baseUrl, LINK_LIFETIME, SESSION_LIFETIME);
  }

  /** Whether the address is https: cookies are then marked {@code Secure}. */
  public boolean secure() {
    return baseUrl.getScheme().equalsIgnoreCase("https");
  }

  /** The address of {@code relative} (no leading slash) under the base. */
  public URI resolve(String relative) {
    return baseUrl.resolve(relative);
  }
}
