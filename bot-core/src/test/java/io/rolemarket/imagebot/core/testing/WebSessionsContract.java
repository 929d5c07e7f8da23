package io.rolemarket.imagebot.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.store.WebSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every store must do for the web library's sign-in ({@link WebSessions}): one signing key for good, links
 * usable once before they expire, sessions open until they expire, end or are revoked. Mixed into
 * {@link StoreContract}, so it runs on every store that does.
 */
interface WebSessionsContract {
  /** When the links and sessions of these tests are made. */
  Instant ISSUED = TestClocks.NOW;
  /** When they expire. */
  Instant EXPIRES = ISSUED.plus(Duration.ofMinutes(10));
  /** A user. */
  String SIGNING_IN = "test:carol";
  /** Another user. */
  String OTHER = "test:dave";

  /** The store under test. */
  BotStore storeUnderTest();

  /** Closes the store and opens it again, skipping the test for a store that forgets everything. */
  void restartStore();

  @Test
  default void webSigningKey_keepsTheFirstCandidate_alsoAcrossARestart() {
    BotStore store = storeUnderTest();
    assertArrayEquals(new byte[] {1, 2, 3}, store.webSigningKey(new byte[] {1, 2, 3}));
    assertArrayEquals(new byte[] {1, 2, 3}, store.webSigningKey(new byte[] {9, 9, 9}));
    restartStore();
    assertArrayEquals(new byte[] {1, 2, 3}, storeUnderTest().webSigningKey(new byte[] {7}));
  }

  @Test
  default void useSignInLink_onceOnly() {
    BotStore store = storeUnderTest();
    store.addSignInLink("link-1", SIGNING_IN, ISSUED, EXPIRES);

    assertEquals(Optional.of(SIGNING_IN), store.useSignInLink("link-1", ISSUED.plusSeconds(5)));
    assertEquals(Optional.empty(), store.useSignInLink("link-1", ISSUED.plusSeconds(6)), "a used link");
    assertEquals(Optional.empty(), store.useSignInLink("link-2", ISSUED), "an unknown link");
  }

  @Test
  default void useSignInLink_atOrAfterItsExpiry_isRefused() {
    BotStore store = storeUnderTest();
    store.addSignInLink("link-1", SIGNING_IN, ISSUED, EXPIRES);
    assertEquals(Optional.empty(), store.useSignInLink("link-1", EXPIRES));
  }

  @Test
  default void webSession_openUntilItExpires() {
    BotStore store = storeUnderTest();
    store.openWebSession("hash-1", SIGNING_IN, ISSUED, EXPIRES);

    assertEquals(Optional.of(SIGNING_IN), store.webSessionUser("hash-1", EXPIRES.minusSeconds(1)));
    assertEquals(Optional.empty(), store.webSessionUser("hash-1", EXPIRES));
    assertEquals(Optional.empty(), store.webSessionUser("hash-2", ISSUED));
  }

  @Test
  default void endWebSession_closesItOnce() {
    BotStore store = storeUnderTest();
    store.openWebSession("hash-1", SIGNING_IN, ISSUED, EXPIRES);

    assertTrue(store.endWebSession("hash-1", ISSUED.plusSeconds(1)));
    assertEquals(Optional.empty(), store.webSessionUser("hash-1", ISSUED.plusSeconds(2)));
    assertFalse(store.endWebSession("hash-1", ISSUED.plusSeconds(3)));
  }

  @Test
  default void revokeWeb_endsThatUsersUnusedLinksAndOpenSessionsOnly() {
    BotStore store = storeUnderTest();
    store.addSignInLink("carol-unused", SIGNING_IN, ISSUED, EXPIRES);
    store.addSignInLink("carol-used", SIGNING_IN, ISSUED, EXPIRES);
    store.useSignInLink("carol-used", ISSUED);
    store.openWebSession("carol-session", SIGNING_IN, ISSUED, EXPIRES);
    store.addSignInLink("dave-link", OTHER, ISSUED, EXPIRES);
    store.openWebSession("dave-session", OTHER, ISSUED, EXPIRES);

    assertEquals(2, store.revokeWeb(SIGNING_IN, ISSUED.plusSeconds(1)));

    assertEquals(Optional.empty(), store.useSignInLink("carol-unused", ISSUED.plusSeconds(2)));
    assertEquals(Optional.empty(), store.webSessionUser("carol-session", ISSUED.plusSeconds(2)));
    assertEquals(Optional.of(OTHER), store.webSessionUser("dave-session", ISSUED.plusSeconds(2)));
    assertEquals(Optional.of(OTHER), store.useSignInLink("dave-link", ISSUED.plusSeconds(2)));
    assertEquals(0, store.revokeWeb(SIGNING_IN, ISSUED.plusSeconds(3)), "nothing left to revoke");
  }

  @Test
  default void linksAndSessions_surviveARestart() {
    BotStore store = storeUnderTest();
    store.addSignInLink("link-1", SIGNING_IN, ISSUED, EXPIRES);
    store.openWebSession("hash-1", SIGNING_IN, ISSUED, EXPIRES);
    restartStore();
    assertEquals(Optional.of(SIGNING_IN), storeUnderTest().webSessionUser("hash-1", ISSUED));
    assertEquals(Optional.of(SIGNING_IN), storeUnderTest().useSignInLink("link-1", ISSUED));
  }
}
