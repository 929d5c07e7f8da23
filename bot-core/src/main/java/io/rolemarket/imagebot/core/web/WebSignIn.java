package io.rolemarket.imagebot.core.web;

import io.rolemarket.imagebot.core.store.WebSessions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in to the web library through the bot. {@link #link} hands out a link
 * {@code <base>signin/<id>.<expiry>.<signature>}: a random id kept in the store, its expiry in epoch seconds, and an
 * HMAC-SHA256 of both under a key made once and kept in the store ({@link WebSessions#webSigningKey}), never logged.
 * {@link #redeem} refuses an altered link (bad signature) before the store is asked, an expired one by its signed
 * expiry, and a used or revoked one by the store's single use; otherwise it opens a session whose cookie is random
 * and kept only as its SHA-256.
 *
 * <p>Off (every link empty, every cookie unknown) without {@link WebSettings}. Safe for concurrent use.
 */
public final class WebSignIn {
  /** The session cookie's name. */
  public static final String COOKIE = "imagebot_session";

  private static final Pattern TOKEN = Pattern.compile("([A-Za-z0-9_-]{22})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final WebSessions store;
  private final Clock clock;
  private final @Nullable WebSettings settings;
  private final SecureRandom random = new SecureRandom();
  private volatile byte @Nullable [] key;

  /** Sign-in over {@code store} by {@code clock}, on at {@code settings}' address, or off when they are null. */
  public WebSignIn(WebSessions store, Clock clock, @Nullable WebSettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = settings;
  }

  /** Whether the web library is on. */
  public boolean on() {
    return settings != null;
  }

  /** The settings, when on. */
  public Optional<WebSettings> settings() {
    return Optional.ofNullable(settings);
  }

  /**
   * A new sign-in link for {@code userKey}, or empty when the web library is off.
   *
   * @param address the link to open
   * @param validFor how long it works (once)
   */
  public record Link(URI address, Duration validFor) {}

  /** Hands out a single-use sign-in link to {@code userKey}; empty when the web library is off. */
  public Optional<Link> link(String userKey) {
    if (settings == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant expires = now.plus(settings.linkLifetime());
    String id = BASE64.encodeToString(randomBytes(16));
    String payload = id + "." + expires.getEpochSecond();
    store.addSignInLink(id, userKey, now, expires);
    return Optional.of(new Link(settings.resolve("signin/" + payload + "." + sign(payload)), settings.linkLifetime()));
  }

  /** What opening a sign-in link did. */
  public sealed interface Redeemed {
    /** A session was opened: set {@code cookie} as {@link #COOKIE} until {@code expiresAt}. */
    record Opened(String userKey, String cookie, Instant expiresAt) implements Redeemed {
      /** The cookie is a secret: not shown. */
      @Override
      public String toString() {
        return "Opened[userKey=" + userKey + ", expiresAt=" + expiresAt + "]";
      }
    }

    /** Refused, for this reason. */
    record Refused(Why why) implements Redeemed {}
  }

  /** Why a sign-in link was refused. */
  public enum Why {
    /** Not a link the bot signed: altered or made up. */
    ALTERED,
    /** Older than its lifetime. */
    EXPIRED,
    /** Used already, or revoked by an admin. */
    USED
  }

  /**
   * What is wrong with the link's {@code token} that can be told without using it: not signed by the bot, or
   * expired; empty when it may still open a session (unless it was used or revoked).
   */
  public Optional<Why> check(String token) {
    var parts = TOKEN.matcher(token);
    if (settings == null || !parts.matches()) {
      return Optional.of(Why.ALTERED);
    }
    String payload = parts.group(1) + "." + parts.group(2);
    if (!MessageDigest.isEqual(sign(payload).getBytes(StandardCharsets.US_ASCII),
        parts.group(3).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of(Why.ALTERED);
    }
    if (!clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(parts.group(2))))) {
      return Optional.of(Why.EXPIRED);
    }
    return Optional.empty();
  }

  /** Opens a session for the link's {@code token} (what follows {@code signin/}), once. */
  public Redeemed redeem(String token) {
    Optional<Why> wrong = check(token);
    if (wrong.isPresent()) {
      return new Redeemed.Refused(wrong.get());
    }
    WebSettings on = Objects.requireNonNull(settings, "checked above");
    Instant now = clock.instant();
    Optional<String> user = store.useSignInLink(token.substring(0, token.indexOf('.')), now);
    if (user.isEmpty()) {
      return new Redeemed.Refused(Why.USED);
    }
    String cookie = BASE64.encodeToString(randomBytes(32));
    Instant expires = now.plus(on.sessionLifetime());
    store.openWebSession(hash(cookie), user.get(), now, expires);
    return new Redeemed.Opened(user.get(), cookie, expires);
  }

  /** The user of the session whose cookie is {@code cookie}, while it is open. */
  public Optional<String> sessionUser(@Nullable String cookie) {
    if (settings == null || cookie == null || cookie.isEmpty() || cookie.length() > 100) {
      return Optional.empty();
    }
    return store.webSessionUser(hash(cookie), clock.instant());
  }

  /** Ends the session whose cookie is {@code cookie}; false when it was not open. */
  public boolean signOut(@Nullable String cookie) {
    return cookie != null && !cookie.isEmpty() && store.endWebSession(hash(cookie), clock.instant());
  }

  /** Revokes {@code userKey}'s unused links and open sessions; returns how many. */
  public int revoke(String userKey) {
    return store.revokeWeb(userKey, clock.instant());
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      return BASE64.encodeToString(mac.doFinal(("signin:" + payload).getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
    }
  }

  private byte[] key() {
    byte[] kept = key;
    if (kept == null) {
      kept = store.webSigningKey(randomBytes(32));
      key = kept;
    }
    return kept;
  }

  private byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String hash(String cookie) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(cookie.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
