package io.rolemarket.imagebot.providers.http;

import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Where a provider client sends its calls and how long and how large an answer may be.
 *
 * @param baseUrl the API root (public default or an override such as a loopback fake)
 * @param key the credential, empty when the API needs none; never printed
 * @param keySetting the configuration name of the credential, such as {@code HF_TOKEN}, named in failures
 * @param timeout longest wait for one call, and longest silence while reading an answer
 * @param maxBodyBytes largest answer read; a larger one fails without being read
 */
public record Endpoint(HttpUrl baseUrl, String key, String keySetting, Duration timeout, long maxBodyBytes) {
  /** 48 MB: a 4-image JSON answer of base64 PNGs at 2K fits, a runaway answer does not. */
  public static final long DEFAULT_MAX_BODY_BYTES = 48L * 1024 * 1024;
  /** The longest wait for a call around a job: a cancel, a progress read. */
  public static final Duration SIDE_CALL_TIMEOUT = Duration.ofSeconds(5);

  /** Checks the fields. */
  public Endpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(keySetting, "keySetting");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
    }
  }

  /** An endpoint with the default body cap. */
  public static Endpoint of(String baseUrl, String key, String keySetting, Duration timeout) {
    return new Endpoint(parse(baseUrl, keySetting), key, keySetting, timeout, DEFAULT_MAX_BODY_BYTES);
  }

  /** {@code url} as an HTTP URL, or a clear error naming the setting it came from. */
  public static HttpUrl parse(String url, String setting) {
    HttpUrl parsed = HttpUrl.parse(url.strip());
    if (parsed == null) {
      throw new IllegalArgumentException("the base URL for " + setting + " is not an http(s) URL");
    }
    return parsed;
  }

  /** The same endpoint with another body cap. */
  public Endpoint withMaxBodyBytes(long bytes) {
    return new Endpoint(baseUrl, key, keySetting, timeout, bytes);
  }

  /** {@code shared} with this endpoint's timeout on each call (sharing its connection pool and threads). */
  public OkHttpClient client(OkHttpClient shared) {
    return shared.newBuilder().callTimeout(timeout).readTimeout(timeout).build();
  }

  /**
   * {@code shared} for the short calls around a job (a cancel, a progress read, a secret read): at most
   * {@link #SIDE_CALL_TIMEOUT}, never longer than the endpoint's own timeout.
   */
  public OkHttpClient sideClient(OkHttpClient shared) {
    Duration side = timeout.compareTo(SIDE_CALL_TIMEOUT) < 0 ? timeout : SIDE_CALL_TIMEOUT;
    return shared.newBuilder().callTimeout(side).readTimeout(side).build();
  }

  /** {@code baseUrl} with {@code path} (segments separated by '/', no leading slash) appended. */
  public HttpUrl resolve(String path) {
    HttpUrl.Builder url = baseUrl.newBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    return url.build();
  }

  @Override
  public String toString() {
    return "Endpoint[" + baseUrl.newBuilder().username("").password("").build() + ", " + keySetting
        + (key.isEmpty() ? " unset" : " set") + ", timeout " + timeout + ", max " + maxBodyBytes + " bytes]";
  }
}
