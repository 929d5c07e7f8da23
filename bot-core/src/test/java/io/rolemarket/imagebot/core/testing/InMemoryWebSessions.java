package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.WebSessions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The web sign-in records of {@link InMemoryStore}, in maps. Safe for concurrent use (every method locks). */
final class InMemoryWebSessions implements WebSessions {
  private record Link(String userKey, Instant expiresAt, @Nullable Instant usedAt, @Nullable Instant revokedAt) {}

  private record Session(String userKey, Instant expiresAt, @Nullable Instant endedAt) {}

  private byte @Nullable [] key;
  private final Map<String, Link> links = new HashMap<>();
  private final Map<String, Session> sessions = new HashMap<>();

  @Override
  public synchronized byte[] webSigningKey(byte[] candidate) {
    if (key == null) {
      key = candidate.clone();
    }
    return key.clone();
  }

  @Override
  public synchronized void addSignInLink(String linkId, String userKey, Instant issuedAt, Instant expiresAt) {
    links.put(linkId, new Link(userKey, expiresAt, null, null));
  }

  @Override
  public synchronized Optional<String> useSignInLink(String linkId, Instant now) {
    Link link = links.get(linkId);
    if (link == null || link.usedAt() != null || link.revokedAt() != null || !now.isBefore(link.expiresAt())) {
      return Optional.empty();
    }
    links.put(linkId, new Link(link.userKey(), link.expiresAt(), now, null));
    return Optional.of(link.userKey());
  }

  @Override
  public synchronized void openWebSession(String sessionHash, String userKey, Instant openedAt, Instant expiresAt) {
    sessions.put(sessionHash, new Session(userKey, expiresAt, null));
  }

  @Override
  public synchronized Optional<String> webSessionUser(String sessionHash, Instant now) {
    Session session = sessions.get(sessionHash);
    return session == null || session.endedAt() != null || !now.isBefore(session.expiresAt()) ? Optional.empty()
        : Optional.of(session.userKey());
  }

  @Override
  public synchronized boolean endWebSession(String sessionHash, Instant at) {
    Session session = sessions.get(sessionHash);
    if (session == null || session.endedAt() != null) {
      return false;
    }
    sessions.put(sessionHash, new Session(session.userKey(), session.expiresAt(), at));
    return true;
  }

  @Override
  public synchronized int revokeWeb(String userKey, Instant at) {
    int revoked = 0;
    for (var entry : links.entrySet()) {
      Link link = entry.getValue();
      if (link.userKey().equals(userKey) && link.usedAt() == null && link.revokedAt() == null) {
        entry.setValue(new Link(link.userKey(), link.expiresAt(), null, at));
        revoked++;
      }
    }
    for (var entry : sessions.entrySet()) {
      Session session = entry.getValue();
      if (session.userKey().equals(userKey) && session.endedAt() == null) {
        entry.setValue(new Session(session.userKey(), session.expiresAt(), at));
        revoked++;
      }
    }
    return revoked;
  }
}
