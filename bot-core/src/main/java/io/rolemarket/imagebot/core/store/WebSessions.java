package io.rolemarket.imagebot.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The store port for the web library's sign-in: the key sign-in links are signed with, the links the bot handed out
 * (each usable once) and the sessions they opened. Sessions are kept by a hash of their cookie, never the cookie
 * itself. Times that decide something are given to the calls. Safe for concurrent use.
 */
public interface WebSessions {

  /**
   * The web signing key: {@code candidate} when none was kept yet (it is kept now), else the one kept before, so
   * every process and every restart signs with the same key.
   */
  byte[] webSigningKey(byte[] candidate);

  /** Keeps a sign-in link handed out to {@code userKey}, usable until {@code expiresAt}. */
  void addSignInLink(String linkId, String userKey, Instant issuedAt, Instant expiresAt);

  /**
   * Uses sign-in link {@code linkId} at {@code now}: its user, once, when the link is known, unused, not revoked
   * and not expired; empty (changing nothing) otherwise.
   */
  Optional<String> useSignInLink(String linkId, Instant now);

  /** Keeps a session of {@code userKey} under the hash of its cookie, open until {@code expiresAt}. */
  void openWebSession(String sessionHash, String userKey, Instant openedAt, Instant expiresAt);

  /** The user of the session under {@code sessionHash} when it is open at {@code now}: not ended, not expired. */
  Optional<String> webSessionUser(String sessionHash, Instant now);

  /**
   * Ends a session (signing out).
   *
   * @return false when there was no open session under {@code sessionHash}
   */
  boolean endWebSession(String sessionHash, Instant at);

  /**
   * Revokes everything of {@code userKey} that could still open a page: unused links and open sessions.
   *
   * @return how many links and sessions were revoked
   */
  int revokeWeb(String userKey, Instant at);
}
