package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.WebSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every store must do for the web library's sign-in ({@link WebSessions}): one signing key for good, links
 * usable once before they expire, sessions open until they expire, end or are revoked. A subclass per store.
 */
public abstract class WebSessionsContract extends StoreContractBase {
  private static final Instant LATER = NOW.plus(Duration.ofMinutes(10));

  @Test
  void webSigningKey_keepsTheFirstCandidate_alsoAcrossARestart() {
    assertArrayEquals(new byte[] {1, 2, 3}, store.webSigningKey(new byte[] {1, 2, 3}));
    assertArrayEquals(new byte[] {1, 2, 3}, store.webSigningKey(new byte[] {9, 9, 9}));
    restart();
    assertArrayEquals(new byte[] {1, 2, 3}, store.webSigningKey(new byte[] {7}));
  }

  @Test
  void useSignInLink_onceOnly() {
    store.addSignInLink("link-1", ALICE, NOW, LATER);

    assertEquals(Optional.of(ALICE), store.useSignInLink("link-1", NOW.plusSeconds(5)));
    assertEquals(Optional.empty(), store.useSignInLink("link-1", NOW.plusSeconds(6)), "a used link");
    assertEquals(Optional.empty(), store.useSignInLink("link-2", NOW), "an unknown link");
  }

  @Test
  void useSignInLink_atOrAfterItsExpiry_isRefused() {
    store.addSignInLink("link-1", ALICE, NOW, LATER);
    assertEquals(Optional.empty(), store.useSignInLink("link-1", LATER));
  }

  @Test
  void webSession_openUntilItExpires() {
    store.openWebSession("hash-1", ALICE, NOW, LATER);

    assertEquals(Optional.of(ALICE), store.webSessionUser("hash-1", LATER.minusSeconds(1)));
    assertEquals(Optional.empty(), store.webSessionUser("hash-1", LATER));
    assertEquals(Optional.empty(), store.webSessionUser("hash-2", NOW));
  }

  @Test
  void endWebSession_closesItOnce() {
    store.openWebSession("hash-1", ALICE, NOW, LATER);

    assertTrue(store.endWebSession("hash-1", NOW.plusSeconds(1)));
    assertEquals(Optional.empty(), store.webSessionUser("hash-1", NOW.plusSeconds(2)));
    assertFalse(store.endWebSession("hash-1", NOW.plusSeconds(3)));
  }

  @Test
  void revokeWeb_endsThatUsersUnusedLinksAndOpenSessionsOnly() {
    store.addSignInLink("alice-unused", ALICE, NOW, LATER);
    store.addSignInLink("alice-used", ALICE, NOW, LATER);
    store.useSignInLink("alice-used", NOW);
    store.openWebSession("alice-session", ALICE, NOW, LATER);
    store.addSignInLink("bob-link", BOB, NOW, LATER);
    store.openWebSession("bob-session", BOB, NOW, LATER);

    assertEquals(2, store.revokeWeb(ALICE, NOW.plusSeconds(1)));

    assertEquals(Optional.empty(), store.useSignInLink("alice-unused", NOW.plusSeconds(2)));
    assertEquals(Optional.empty(), store.webSessionUser("alice-session", NOW.plusSeconds(2)));
    assertEquals(Optional.of(BOB), store.webSessionUser("bob-session", NOW.plusSeconds(2)));
    assertEquals(Optional.of(BOB), store.useSignInLink("bob-link", NOW.plusSeconds(2)));
    assertEquals(0, store.revokeWeb(ALICE, NOW.plusSeconds(3)), "nothing left to revoke");
  }

  @Test
  void linksAndSessions_surviveARestart() {
    store.addSignInLink("link-1", ALICE, NOW, LATER);
    store.openWebSession("hash-1", ALICE, NOW, LATER);
    restart();
    assertEquals(Optional.of(ALICE), store.webSessionUser("hash-1", NOW));
    assertEquals(Optional.of(ALICE), store.useSignInLink("link-1", NOW));
  }
}
