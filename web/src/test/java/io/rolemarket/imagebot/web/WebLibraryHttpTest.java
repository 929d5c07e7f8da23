package io.rolemarket.imagebot.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.conversation.Conversation;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.DesignSidecar;
import io.rolemarket.imagebot.core.web.WebSignIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web library over plain HTTP (the JDK's client): headers, cookies, refusals, escaping, files, roles. */
class WebLibraryHttpTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path thumbnails;
  /** One bot and server for the class (drawing the designs takes seconds); each test signs in afresh. */
  private static LibraryFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new LibraryFixture(thumbnails);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void everyPage_withoutASession_isTheSignInFromTheBotPage_401() throws Exception {
    for (String path : List.of("/library", "/design/1", "/design/1/original", "/design/1/sidecar.json",
        "/design/1/thumb", "/history", "/admin", "/admin/spend.png", "/no/such/page")) {
      HttpResponse<String> page = get(path, null);
      assertEquals(401, page.statusCode(), path);
      assertTrue(page.body().contains("Send /web (or /library) to the bot"), path + ": " + page.body());
      assertEquals(WebLibrary.CONTENT_SECURITY_POLICY, header(page, "Content-Security-Policy"), path);
    }
  }

  @Test
  void signIn_setsAnHttpOnlyLaxCookieForTheSessionsLifetime_andOpensTheLibrary() throws Exception {
    URI link = fixture.link(LibraryFixture.ALICE);

    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), "opening the link only shows the button");
    HttpResponse<String> signedIn = post(link, null);

    assertEquals(303, signedIn.statusCode());
    assertEquals("/library", header(signedIn, "Location"));
    String cookie = header(signedIn, "Set-Cookie");
    assertTrue(cookie.startsWith(WebSignIn.COOKIE + "="), cookie);
    assertTrue(cookie.contains("; HttpOnly"), cookie);
    assertTrue(cookie.contains("; SameSite=Lax"), cookie);
    assertTrue(cookie.contains("; Max-Age=43200"), "twelve hours: " + cookie);
    assertFalse(cookie.contains("Secure"), "an http address cannot keep a Secure cookie: " + cookie);
    HttpResponse<String> library = get("/library", session(signedIn));
    assertEquals(200, library.statusCode());
    assertTrue(library.body().contains("4 approved designs"), library.body());
  }

  @Test
  void signIn_atAnHttpsAddress_marksTheCookieSecure(@TempDir Path other) throws Exception {
    try (LibraryFixture https = new LibraryFixture(other, "https")) {
      HttpResponse<String> signedIn = post(https.link(LibraryFixture.ALICE), null);
      assertTrue(header(signedIn, "Set-Cookie").contains("; Secure"), header(signedIn, "Set-Cookie"));
    }
  }

  @Test
  void signIn_fromAnotherSite_isRefused() throws Exception {
    HttpResponse<String> refused = post(fixture.link(LibraryFixture.ALICE), "https://evil.example");
    assertEquals(403, refused.statusCode());
    assertTrue(refused.headers().firstValue("Set-Cookie").isEmpty());
  }

  @Test
  void signInLink_usedAlteredOrExpired_isRefusedWithoutACookie() throws Exception {
    URI used = fixture.link(LibraryFixture.ALICE);
    post(used, null);
    URI expired = fixture.link(LibraryFixture.ALICE);
    URI link = fixture.link(LibraryFixture.ALICE);
    String path = link.getRawPath();
    char last = path.charAt(path.length() - 1);
    URI altered = link.resolve(path.substring(0, path.length() - 1) + (last == 'A' ? 'B' : 'A'));

    assertRefused(post(used, null), "was used already or revoked");
    assertRefused(post(altered, null), "not one the bot made");
    assertRefused(HTTP.send(HttpRequest.newBuilder(altered).build(), HttpResponse.BodyHandlers.ofString()),
        "not one the bot made");
    fixture.clock.advance(Duration.ofMinutes(10));
    assertRefused(post(expired, null), "has expired");
  }

  @Test
  void signOut_endsTheSessionAndClearsTheCookie() throws Exception {
    String session = signIn(LibraryFixture.ALICE);

    HttpResponse<String> out = HTTP.send(HttpRequest.newBuilder(fixture.local.resolve("/signout"))
        .header("Cookie", session).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, out.statusCode());
    assertTrue(header(out, "Set-Cookie").contains("Max-Age=0"), header(out, "Set-Cookie"));
    assertEquals(401, get("/library", session).statusCode(), "the old cookie opens nothing");
  }

  @Test
  void session_expiresAfterItsLifetime() throws Exception {
    String session = signIn(LibraryFixture.ALICE);
    fixture.clock.advance(Duration.ofHours(12));
    assertEquals(401, get("/library", session).statusCode());
  }

  @Test
  void webRevoke_byAnAdmin_endsThatUsersSessions() throws Exception {
    String session = signIn(LibraryFixture.ALICE);

    Reply reply = new Conversation(fixture.bot).answer(new UserRef(LibraryFixture.ADMIN, "ada"), "console", "console",
        new CommandParser(null).parse("/web revoke " + LibraryFixture.ALICE));

    Reply.WebRevoked revoked = assertInstanceOf(Reply.WebRevoked.class, reply);
    assertEquals(LibraryFixture.ALICE, revoked.userKey());
    assertTrue(revoked.revoked() >= 1, "at least this test's session: " + revoked);
    assertEquals(401, get("/library", session).statusCode());
  }

  @Test
  void unknownPagesAndDesigns_withASession_are404() throws Exception {
    String session = signIn(LibraryFixture.ALICE);
    for (String path : List.of("/no/such/page", "/design/999", "/design/abc", "/design/1/original?n=2",
        "/design/999/thumb", "/history/999/thumb")) {
      HttpResponse<String> page = get(path, session);
      assertEquals(404, page.statusCode(), path);
      assertEquals(WebLibrary.CONTENT_SECURITY_POLICY, header(page, "Content-Security-Policy"), path);
    }
  }

  @Test
  void designPage_escapesThePromptAndTheNotes() throws Exception {
    String session = signIn(LibraryFixture.ALICE);
    Design script = fixture.designs.get(3);

    HttpResponse<String> page = get("/design/" + script.id(), session);

    assertEquals(200, page.statusCode());
    assertFalse(page.body().contains("<script>"), "no script element from user text");
    assertTrue(page.body().contains("&lt;script&gt;document.title="), page.body());
    assertTrue(page.body().contains("Note: &lt;b&gt;bold&lt;/b&gt;?"), page.body());
    assertEquals("nosniff", header(page, "X-Content-Type-Options"));
    assertEquals("DENY", header(page, "X-Frame-Options"));
    assertEquals("no-store", header(page, "Cache-Control"));
  }

  @Test
  void original_andSidecar_downloadTheStoredBytes() throws Exception {
    String session = signIn(LibraryFixture.ALICE);
    Design design = fixture.designs.get(0);
    String sha256 = design.entry().images().get(0).sha256();

    HttpResponse<byte[]> original = HTTP.send(request("/design/" + design.id() + "/original", session).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> sidecar = HTTP.send(request("/design/" + design.id() + "/sidecar.json", session).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertArrayEquals(fixture.bot.imageBytes(sha256).orElseThrow(), original.body());
    assertEquals("image/png", header(original, "Content-Type"));
    assertEquals("attachment; filename=\"" + design.id() + ".png\"", header(original, "Content-Disposition"));
    assertArrayEquals(DesignSidecar.json(fixture.bot.design(design.id()).orElseThrow(), fixture.bot.catalog()),
        sidecar.body());
    assertTrue(new String(sidecar.body(), StandardCharsets.UTF_8).contains("\"note\" : \"Lovely colours, on model.\""));
  }

  @Test
  void thumbnail_isMadeOnceThenServedFromDisk() throws Exception {
    String session = signIn(LibraryFixture.ALICE);
    String path = "/design/" + fixture.designs.get(0).id() + "/thumb";
    int madeBefore = fixture.thumbnails.made();

    byte[] first = HTTP.send(request(path, session).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    byte[] second = HTTP.send(request(path, session).build(), HttpResponse.BodyHandlers.ofByteArray()).body();

    assertArrayEquals(first, second);
    assertEquals(madeBefore + 1, fixture.thumbnails.made(), "made once, then read back from disk");
    assertEquals(0xFF, first[0] & 0xFF, "a JPEG");
    assertEquals(0xD8, first[1] & 0xFF, "a JPEG");
  }

  @Test
  void adminPages_forAdminsOnly() throws Exception {
    String user = signIn(LibraryFixture.ALICE);
    String admin = signIn(LibraryFixture.ADMIN);

    assertEquals(403, get("/admin", user).statusCode());
    assertEquals(403, get("/admin/spend.png", user).statusCode());
    assertFalse(get("/library", user).body().contains("href=\"/admin\""), "no admin link for a user");
    HttpResponse<String> page = get("/admin", admin);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("Success rate (target ≥ 95 %)"), page.body());
    HttpResponse<byte[]> chart = HTTP.send(request("/admin/spend.png", admin).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("image/png", header(chart, "Content-Type"));
    assertEquals(0x89, chart.body()[0] & 0xFF);
  }

  @Test
  void pages_speakTheBrowsersLanguage_thenTheUsersChoice() throws Exception {
    HttpResponse<String> signIn = HTTP.send(request("/library", null).header("Accept-Language", "zh-HK,zh;q=0.9")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(signIn.body().contains("<html lang=\"zh-HK\">"), signIn.body());
    assertTrue(signIn.body().contains("請經機械人登入"), signIn.body());

    String session = signIn(LibraryFixture.ADMIN);
    UserRef admin = new UserRef(LibraryFixture.ADMIN, "ada");
    fixture.bot.setLanguage(admin, Lang.ZH_HK);
    try {
      HttpResponse<String> library = get("/library", session);
      assertTrue(library.body().contains("已批核的設計"), library.body());
      assertTrue(library.body().contains("萬聖節"), "theme names in Chinese: " + library.body());
      assertTrue(library.body().contains("桃桃貓"), "and the character's Chinese name");
    } finally {
      fixture.bot.setLanguage(admin, Lang.EN); // the other tests read English
    }
  }

  @Test
  void history_showsTheVisitorsOwnPicturesOnly() throws Exception {
    HttpResponse<String> alice = get("/history", signIn(LibraryFixture.ALICE));
    HttpResponse<String> admin = get("/history", signIn(LibraryFixture.ADMIN));

    assertEquals(4, count(alice.body(), "class=\"entry\""), alice.body());
    assertTrue(alice.body().contains("&lt;script&gt;"), "the prompt escaped");
    assertEquals(0, count(admin.body(), "class=\"entry\""));
  }

  private void assertRefused(HttpResponse<String> response, String why) {
    assertEquals(403, response.statusCode(), response.body());
    assertTrue(response.body().contains(why), response.body());
    assertTrue(response.headers().firstValue("Set-Cookie").isEmpty(), "no session");
  }

  /** Signs {@code userKey} in through a link from the bot; returns the {@code Cookie} header of the session. */
  private String signIn(String userKey) throws IOException, InterruptedException {
    return session(post(fixture.link(userKey), null));
  }

  private static String session(HttpResponse<?> signedIn) {
    return header(signedIn, "Set-Cookie").split(";", 2)[0];
  }

  private HttpResponse<String> post(URI link, String origin) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(link).POST(HttpRequest.BodyPublishers.noBody());
    if (origin != null) {
      request.header("Origin", origin);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
    return HTTP.send(request(path, cookie).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(fixture.local.resolve(path));
    return cookie == null ? request : request.header("Cookie", cookie);
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
