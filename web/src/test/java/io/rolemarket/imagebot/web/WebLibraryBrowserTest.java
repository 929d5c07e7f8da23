package io.rolemarket.imagebot.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.web.WebSignIn;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web library in a real browser: Debian's headless Chromium driven by Selenium. Skipped, saying why, where
 * Chromium or its driver is not installed, unless {@code CHROMIUM_REQUIRED=1} (as {@code .ci/run} sets), which makes
 * their absence a failure. One browser for the class; each test starts without cookies. Screenshots of the library
 * and a design page land in {@code target/screenshots/} (the README's come from there).
 */
class WebLibraryBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path thumbnails;
  private static LibraryFixture fixture;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "1".equals(System.getenv("CHROMIUM_REQUIRED"))) {
      throw new AssertionError("CHROMIUM_REQUIRED=1 but " + CHROMIUM + " or " + CHROMEDRIVER
          + " is missing: apt-get install chromium chromium-driver");
    }
    Assumptions.assumeTrue(installed, "headless Chromium is not installed (apt-get install chromium chromium-driver);"
        + " the browser tests are skipped. Set CHROMIUM_REQUIRED=1 to make that a failure.");
    fixture = new LibraryFixture(thumbnails);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1200,900", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void forgetTheSession() {
    browser.get(fixture.local.resolve("/static/style.css").toString());
    browser.manage().deleteAllCookies();
  }

  @Test
  void linkFromTheBot_opensTheLibrary_newestFirst() throws IOException {
    signIn(LibraryFixture.ALICE);

    assertEquals(fixture.local.resolve("/library").toString(), browser.getCurrentUrl());
    assertEquals("4 approved designs", text("count"));
    List<String> titles = cards().stream().map(card -> card.findElement(By.className("title")).getText()).toList();
    assertEquals(List.of("#" + fixture.designs.get(3).id() + " Momo Cat · Halloween",
        "#" + fixture.designs.get(2).id() + " Momo Cat · Spring Festival",
        "#" + fixture.designs.get(1).id() + " Lulu Pig · Christmas",
        "#" + fixture.designs.get(0).id() + " Lulu Pig · Halloween"), titles);
    screenshot("web-library.png");
  }

  @Test
  void filters_narrowTheGrid() {
    signIn(LibraryFixture.ALICE);

    new Select(browser.findElement(By.id("character"))).selectByValue("momo");
    submit(By.id("apply"));
    assertEquals(2, cards().size(), "Momo's two designs");

    new Select(browser.findElement(By.id("provider"))).selectByValue("flux");
    submit(By.id("apply"));
    assertEquals(1, cards().size());
    assertTrue(cards().get(0).getText().contains("Spring Festival"), cards().get(0).getText());

    submit(By.className("clear"));
    String thirdDay = LibraryQuery.approvedOn(fixture.designs.get(1)).toString();
    browser.get(fixture.local.resolve("/library?from=" + thirdDay + "&to=" + thirdDay).toString());
    assertEquals(2, cards().size(), "the two approved on " + thirdDay);
    new Select(browser.findElement(By.id("theme"))).selectByValue("christmas");
    submit(By.id("apply"));
    assertEquals(1, cards().size(), "the date filter stays while another is chosen");
  }

  @Test
  void designPage_showsEveryVoteWithItsNote_andTheFacts() throws IOException {
    signIn(LibraryFixture.ALICE);
    Design design = fixture.designs.get(0);

    submit(By.cssSelector("a[href='/design/" + design.id() + "']"));

    List<WebElement> votes = browser.findElements(By.className("vote"));
    assertEquals(2, votes.size());
    assertTrue(votes.get(0).getText().contains(LibraryFixture.REVIEWER), votes.get(0).getText());
    assertEquals("Lovely colours, on model.", votes.get(0).findElement(By.className("note")).getText());
    assertEquals("The hat could be bigger next time.", votes.get(1).findElement(By.className("note")).getText());
    assertTrue(text("decision").startsWith("approved · rule:"), text("decision"));
    assertEquals("sketch", text("provider"));
    assertEquals("7", text("seed"));
    assertTrue(text("prompt").contains("with a lantern"), text("prompt"));
    assertEquals("not scored", text("clip"));
    Dimension window = browser.manage().window().getSize();
    try {
      browser.manage().window().setSize(new Dimension(1200, 1300));
      screenshot("web-design.png");
    } finally {
      browser.manage().window().setSize(window);
    }
  }

  @Test
  void original_downloadsTheStoredBytes_withTheBrowsersSession() throws Exception {
    signIn(LibraryFixture.ALICE);
    Design design = fixture.designs.get(1);
    browser.get(fixture.local.resolve("/design/" + design.id()).toString());
    String href = browser.findElement(By.id("original-1")).getAttribute("href");
    Cookie session = browser.manage().getCookieNamed(WebSignIn.COOKIE);

    HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
        .header("Cookie", session.getName() + "=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertEquals(200, download.statusCode());
    assertArrayEquals(fixture.bot.imageBytes(design.entry().images().get(0).sha256()).orElseThrow(), download.body());
    assertTrue(session.isHttpOnly(), "scripts cannot read the session");
    assertEquals("Lax", session.getSameSite());
  }

  @Test
  void usedExpiredAndAlteredLinks_areRefused() {
    URI used = fixture.link(LibraryFixture.ALICE);
    browser.get(used.toString());
    submit(By.id("sign-in"));
    browser.manage().deleteAllCookies();
    browser.get(used.toString());
    submit(By.id("sign-in"));
    assertTrue(text("message").contains("was used already or revoked"), text("message"));

    String link = fixture.link(LibraryFixture.ALICE).toString();
    browser.get(link.substring(0, link.length() - 2) + (link.endsWith("xx") ? "yy" : "xx"));
    assertTrue(text("message").contains("not one the bot made"), text("message"));

    URI expired = fixture.link(LibraryFixture.ALICE);
    fixture.clock.advance(Duration.ofMinutes(10));
    browser.get(expired.toString());
    assertTrue(text("message").contains("has expired"), text("message"));
    browser.get(fixture.local.resolve("/library").toString());
    assertEquals("Sign in from the bot", browser.findElement(By.tagName("h1")).getText(), "no session came of any");
  }

  @Test
  void noSession_showsTheSignInFromTheBotPage() {
    for (String path : List.of("/library", "/design/" + fixture.designs.get(0).id(), "/history", "/admin")) {
      browser.get(fixture.local.resolve(path).toString());
      assertEquals("Sign in from the bot", browser.findElement(By.tagName("h1")).getText(), path);
      assertTrue(text("message").startsWith("Send /web (or /library) to the bot"), path);
    }
  }

  @Test
  void promptWithAScript_isShownAsText() {
    signIn(LibraryFixture.ALICE);
    Design script = fixture.designs.get(3);

    browser.get(fixture.local.resolve("/design/" + script.id()).toString());

    assertTrue(text("prompt").contains(LibraryFixture.SCRIPT), text("prompt"));
    assertEquals("Design #" + script.id() + " · RoleMarket brand library", browser.getTitle(), "the script never ran");
    assertEquals(0, browser.findElements(By.cssSelector("main script")).size());
  }

  @Test
  void phoneScreen_gridAndDesignFitTheWidth() throws IOException {
    signIn(LibraryFixture.ALICE);
    Dimension desktop = browser.manage().window().getSize();
    try {
      browser.manage().window().setSize(new Dimension(390, 844));
      long pageWidth = ((Number) browser.executeScript("return document.documentElement.scrollWidth")).longValue();
      long viewport = ((Number) browser.executeScript("return window.innerWidth")).longValue();
      assertTrue(pageWidth <= viewport, "no sideways scrolling on a phone: " + pageWidth + " > " + viewport);
      screenshot("web-phone.png");
      browser.get(fixture.local.resolve("/design/" + fixture.designs.get(0).id()).toString());
      pageWidth = ((Number) browser.executeScript("return document.documentElement.scrollWidth")).longValue();
      assertTrue(pageWidth <= viewport, "the design page too: " + pageWidth + " > " + viewport);
    } finally {
      browser.manage().window().setSize(desktop);
    }
  }

  private void signIn(String userKey) {
    browser.get(fixture.link(userKey).toString());
    submit(By.id("sign-in"));
  }

  /**
   * Clicks what {@code target} finds and waits until the next page has loaded. The page in hand is first let finish
   * loading, and the click tried again while Chromium says the node it found left its document (a page still being
   * replaced: "Node with given id does not belong to the document", seen once in CI).
   */
  private static void submit(By target) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(driver -> "complete".equals(browser.executeScript("return document.readyState")));
    WebElement[] clicked = new WebElement[1]; // the page of the last click tried: if it went, do not click again
    WebElement old = new WebDriverWait(browser, Duration.ofSeconds(20))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(WebDriverException.class)
        .until(driver -> {
          if (clicked[0] != null && ExpectedConditions.stalenessOf(clicked[0]).apply(driver)) {
            return clicked[0];
          }
          clicked[0] = driver.findElement(By.tagName("html"));
          driver.findElement(target).click();
          return clicked[0];
        });
    wait.until(ExpectedConditions.stalenessOf(old));
    wait.until(driver -> "complete".equals(browser.executeScript("return document.readyState")));
  }

  private static List<WebElement> cards() {
    return browser.findElements(By.cssSelector("#grid .card"));
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static void screenshot(String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }
}
