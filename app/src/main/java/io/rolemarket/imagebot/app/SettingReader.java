package io.rolemarket.imagebot.app;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Reads settings from the environment (a {@code .env} file already under it), each checked as it is read,
 * with a value from the YAML file under it where the setting has one. A bad value throws a
 * {@link ConfigException} naming the environment variable, or the file's key path when the value came from
 * the file. URLs and secrets are never shown in a message. Used once, by {@link AppConfig#load}; confined.
 */
final class SettingReader {
  private static final Pattern USER_KEY = Pattern.compile("[a-z]+:[A-Za-z0-9_.@-]{1,64}");
  private static final long UNMENTIONED_MAX = 1_000_000_000L;
  private static final String DOLLARS = "an amount of dollars from 0 such as 50";
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|[0-9A-Fa-f:.]{2,45}");

  private final Map<String, String> env;

  /** Reads {@code env}, whose values are not blank. */
  SettingReader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The variable {@code name} without surrounding spaces, if set. */
  Optional<String> text(String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip);
  }

  /** The variable {@code name} as it was set (a secret keeps its spaces), if set. */
  Optional<String> secret(String name) {
    return Optional.ofNullable(env.get(name));
  }

  /**
   * A whole number from {@code min} to {@code max}: the variable {@code name}, else {@code fromFile} (the
   * file's {@code path}, null when not there), else {@code fallback}.
   */
  long whole(String name, @Nullable Number fromFile, String path, long min, long max, long fallback) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return wholeInFile(fromFile, path, min, max, fallback);
    }
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with what was given
    }
    throw ConfigException.expected(name, range(min, max), quoted(value.get()));
  }

  /** A number from {@code min} to {@code max}: {@code fromFile} (the file's {@code path}), else {@code fallback}. */
  static long wholeInFile(@Nullable Number fromFile, String path, long min, long max, long fallback) {
    if (fromFile == null) {
      return fallback;
    }
    long parsed = fromFile.longValue();
    if (parsed < min || parsed > max) {
      throw ConfigException.expected(path, range(min, max), fromFile.toString());
    }
    return parsed;
  }

  /** The range in words; an upper bound that only keeps arithmetic safe is not worth mentioning. */
  private static String range(long min, long max) {
    return max >= UNMENTIONED_MAX ? "a whole number from " + min : "a whole number from " + min + " to " + max;
  }

  /** A whole number from {@code min} to {@code max} from the variable {@code name} only, else {@code fallback}. */
  long whole(String name, long min, long max, long fallback) {
    return whole(name, null, name, min, max, fallback);
  }

  /** A port number: the variable {@code name}, else {@code fallback}. */
  int port(String name, int fallback) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    if (value.get().matches("\\d{1,5}") && Integer.parseInt(value.get()) <= 65_535) {
      return Integer.parseInt(value.get());
    }
    throw ConfigException.expected(name, "a port number from 0 to 65535", quoted(value.get()));
  }

  /** An amount of US dollars from 0: the variable {@code name}, else {@code fromFile}, else {@code fallback}. */
  BigDecimal dollars(String name, @Nullable BigDecimal fromFile, String path, BigDecimal fallback) {
    Optional<String> value = text(name);
    if (value.isPresent()) {
      try {
        BigDecimal parsed = new BigDecimal(value.get());
        if (parsed.signum() >= 0) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below, with what was given
      }
      throw ConfigException.expected(name, DOLLARS, quoted(value.get()));
    }
    return dollarsInFile(fromFile, path, fallback);
  }

  /** An amount of US dollars from 0: {@code fromFile} (the file's {@code path}), else {@code fallback}. */
  static BigDecimal dollarsInFile(@Nullable BigDecimal fromFile, String path, BigDecimal fallback) {
    if (fromFile != null && fromFile.signum() < 0) {
      throw ConfigException.expected(path, DOLLARS, fromFile.toPlainString());
    }
    return fromFile != null ? fromFile : fallback;
  }

  /** The variable {@code name} as an {@code http://} or {@code https://} URL, if set. */
  Optional<HttpUrl> httpUrl(String name) {
    return text(name).map(value -> {
      HttpUrl url = HttpUrl.parse(value);
      if (url == null) {
        throw ConfigException.expectedHidden(name, "an http:// or https:// URL");
      }
      return url;
    });
  }

  /** The variable {@code name} as set, once checked to be an {@code http://} or {@code https://} URL, if set. */
  Optional<String> httpUrlAsSet(String name) {
    return httpUrl(name).flatMap(url -> text(name));
  }

  /** The variable {@code name} as a URL with one of {@code schemes} (such as {@code wss}), if set. */
  Optional<String> url(String name, List<String> schemes) {
    return text(name).map(value -> {
      try {
        URI uri = new URI(value);
        if (uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))
            && uri.getHost() != null) {
          return value;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      throw ConfigException.expectedHidden(name, "a URL starting with " + String.join(":// or ", schemes) + "://");
    });
  }

  /** A path against {@code workDir}: the variable {@code name}, else {@code fallback}. */
  Path path(Path workDir, String name, String fallback) {
    String value = text(name).orElse(fallback);
    try {
      return workDir.resolve(value).normalize();
    } catch (InvalidPathException e) {
      throw ConfigException.expected(name, "a file path", quoted(value));
    }
  }

  /** An address of this machine to listen on: the variable {@code name}, else {@code fallback}. */
  InetAddress address(String name, String fallback) {
    String value = text(name).orElse(fallback);
    String what = "an address of this machine such as 127.0.0.1 or 0.0.0.0";
    if (!HOST.matcher(value).matches()) {
      throw ConfigException.expected(name, what, quoted(value));
    }
    try {
      return InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw ConfigException.expected(name, what, quoted(value));
    }
  }

  /**
   * User keys such as {@code telegram:42}: the variable {@code name} (comma-separated), else
   * {@code fromFile} (the file's {@code path}), else none.
   */
  List<String> userKeys(String name, @Nullable List<String> fromFile, String path) {
    boolean inEnv = env.containsKey(name);
    List<String> keys = (inEnv ? Arrays.asList(env.get(name).split(",")) : fromFile == null ? List.<String>of()
        : fromFile).stream().map(key -> key == null ? "" : key.strip()).filter(key -> !key.isEmpty()).toList();
    for (String key : keys) {
      if (!USER_KEY.matcher(key).matches()) {
        throw ConfigException.expected(inEnv ? name : path, "user keys such as telegram:42", quoted(key));
      }
    }
    return keys;
  }

  /** {@code value} in quotes as a message shows it, shortened when long. */
  static String quoted(String value) {
    return "\"" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"";
  }
}
