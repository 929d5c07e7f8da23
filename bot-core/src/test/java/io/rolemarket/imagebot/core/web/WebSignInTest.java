package io.rolemarket.imagebot.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebSignInTest {
  private static final String ALICE = "telegram:42";
  private final TestClock clock = TestClock.at(TestClocks.NOW);
  private final InMemoryStore store = new InMemoryStore();
  private final WebSignIn signIn = new WebSignIn(store, clock, WebSettings.of(URI.create("https://lib.example.test")));

  @Test
  void link_isUnderTheBaseAddress_andLastsTheLinksLifetime() {
    WebSignIn.Link link = signIn.link(ALICE).orElseThrow();

    assertTrue(link.address().toString().startsWith("https://lib.example.test/signin/"), link.address().toString());
    assertEquals(Duration.ofMinutes(10), link.validFor());
  }

  @Test
  void redeem_opensASessionOnce_keptByTheCookiesHashNotTheCookie() {
    String token = token(signIn.link(ALICE).orElseThrow());

    WebSignIn.Redeemed.Opened opened = assertInstanceOf(WebSignIn.Redeemed.Opened.class, signIn.redeem(token));

    assertEquals(ALICE, opened.userKey());
    assertEquals(TestClocks.NOW.plus(Duration.ofHours(12)), opened.expiresAt());
    assertEquals(Optional.of(ALICE), signIn.sessionUser(opened.cookie()));
    assertEquals(Optional.empty(), store.webSessionUser(opened.cookie(), TestClocks.NOW), "the store never sees it");
    assertFalse(opened.toString().contains(opened.cookie()), "the cookie is not shown");
    assertEquals(new WebSignIn.Redeemed.Refused(WebSignIn.Why.USED), signIn.redeem(token));
  }

  @Test
  void redeem_alteredOrMadeUp_isRefusedAsAltered() {
    String token = token(signIn.link(ALICE).orElseThrow());
    String[] parts = token.split("\\.");
    String laterExpiry = parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2];
    String otherId = "A".repeat(22) + "." + parts[1] + "." + parts[2];

    for (String altered : new String[] {laterExpiry, otherId, token.substring(0, token.length() - 1), "", "x.y.z"}) {
      assertEquals(new WebSignIn.Redeemed.Refused(WebSignIn.Why.ALTERED), signIn.redeem(altered), altered);
    }
    assertInstanceOf(WebSignIn.Redeemed.Opened.class, signIn.redeem(token), "the real one still works");
  }

  @Test
  void redeem_atItsExpiry_isRefusedAsExpired() {
    String token = token(signIn.link(ALICE).orElseThrow());
    clock.advance(Duration.ofMinutes(10));

    assertEquals(Optional.of(WebSignIn.Why.EXPIRED), signIn.check(token));
    assertEquals(new WebSignIn.Redeemed.Refused(WebSignIn.Why.EXPIRED), signIn.redeem(token));
  }

  @Test
  void redeem_withAnotherKey_isRefusedAsAltered() {
    String token = token(signIn.link(ALICE).orElseThrow());
    WebSignIn other = new WebSignIn(new InMemoryStore(), clock, WebSettings.of(URI.create("https://lib.example.test")));

    assertEquals(new WebSignIn.Redeemed.Refused(WebSignIn.Why.ALTERED), other.redeem(token));
  }

  @Test
  void signingKey_isMadeOnceAndKept_soAnotherInstanceOnTheSameStoreAcceptsTheLink() {
    String token = token(signIn.link(ALICE).orElseThrow());
    WebSignIn afterRestart = new WebSignIn(store, clock, WebSettings.of(URI.create("https://lib.example.test")));

    assertInstanceOf(WebSignIn.Redeemed.Opened.class, afterRestart.redeem(token));
  }

  @Test
  void session_endsAtSignOut_atExpiry_andWhenRevoked() {
    String first = opened(ALICE);
    assertTrue(signIn.signOut(first));
    assertEquals(Optional.empty(), signIn.sessionUser(first));
    assertFalse(signIn.signOut(first));

    String second = opened(ALICE);
    String unused = token(signIn.link(ALICE).orElseThrow());
    assertEquals(2, signIn.revoke(ALICE), "the open session and the unused link");
    assertEquals(Optional.empty(), signIn.sessionUser(second));
    assertEquals(new WebSignIn.Redeemed.Refused(WebSignIn.Why.USED), signIn.redeem(unused));

    String third = opened(ALICE);
    clock.advance(Duration.ofHours(12));
    assertEquals(Optional.empty(), signIn.sessionUser(third));
  }

  @Test
  void off_handsOutNoLinkAndKnowsNoCookie() {
    WebSignIn off = new WebSignIn(store, clock, null);

    assertFalse(off.on());
    assertEquals(Optional.empty(), off.link(ALICE));
    assertEquals(new WebSignIn.Redeemed.Refused(WebSignIn.Why.ALTERED), off.redeem("a.b.c"));
    assertEquals(Optional.empty(), off.sessionUser("anything"));
  }

  @Test
  void settings_refuseAPathAQueryAnOtherSchemeAndOddLifetimes() {
    assertThrows(IllegalArgumentException.class, () -> WebSettings.of(URI.create("https://example.test/library")));
    assertThrows(IllegalArgumentException.class, () -> WebSettings.of(URI.create("https://example.test/?a=1")));
    assertThrows(IllegalArgumentException.class, () -> WebSettings.of(URI.create("ftp://example.test/")));
    assertThrows(IllegalArgumentException.class, () -> WebSettings.of(URI.create("/relative")));
    URI base = URI.create("https://example.test/");
    assertThrows(IllegalArgumentException.class, () -> new WebSettings(base, Duration.ofHours(2), Duration.ofHours(1)));
    assertThrows(IllegalArgumentException.class, () -> new WebSettings(base, Duration.ofMinutes(5), Duration.ZERO));
    assertEquals(URI.create("https://example.test/"), WebSettings.of(URI.create("HTTPS://example.test")).baseUrl());
    assertTrue(WebSettings.of(base).secure());
    assertFalse(WebSettings.of(URI.create("http://localhost:8080/")).secure());
  }

  private String opened(String userKey) {
    return assertInstanceOf(WebSignIn.Redeemed.Opened.class, signIn.redeem(token(signIn.link(userKey).orElseThrow())))
        .cookie();
  }

  private static String token(WebSignIn.Link link) {
    String address = link.address().toString();
    return address.substring(address.indexOf("/signin/") + "/signin/".length());
  }
}
