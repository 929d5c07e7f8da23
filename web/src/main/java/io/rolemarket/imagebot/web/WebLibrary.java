package io.rolemarket.imagebot.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.i18n.Lang;
import io.rolemarket.imagebot.core.web.WebSettings;
import io.rolemarket.imagebot.core.web.WebSignIn;
import io.rolemarket.imagebot.web.page.Frame;
import io.rolemarket.imagebot.web.page.Words;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brand library on the web, the {@code web} module's front door: a Javalin server inside the bot's process that
 * serves approved designs, the visitor's own history and, for admins, the month's spend and the five figures, to
 * sessions opened by sign-in links from {@code /web} ({@link WebSignIn}).
 *
 * <pre>{@code
 * ImageBot bot = ImageBot.builder()...web(WebSettings.of(URI.create("https://library.example.com/"))).build();
 * try (WebLibrary web = WebLibrary.start(bot, new InetSocketAddress("127.0.0.1", 8080), Path.of("var/thumbnails"))) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Every response carries a strict Content-Security-Policy (no script, styles and pictures from this server only),
 * and every page is a template that escapes what it shows. Without a session every page and file answers 401 with
 * the "sign in from the bot" page. Pages and files run on virtual threads. Safe for concurrent use; {@link #close}
 * stops the server.
 */
public final class WebLibrary implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebLibrary.class);
  /** The policy every response carries: nothing runs, nothing loads from elsewhere, nothing frames the pages. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'self'; "
      + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final Javalin server;

  private WebLibrary(Javalin server) {
    this.server = server;
  }

  /**
   * Starts the library for {@code bot} at {@code address} (port 0: any free one), keeping thumbnails under
   * {@code thumbnails}.
   *
   * @throws IllegalStateException when the bot's web sign-in is off (build it with {@code web(...)})
   */
  public static WebLibrary start(ImageBot bot, InetSocketAddress address, Path thumbnails) {
    return start(bot, address, new Thumbnails(thumbnails));
  }

  /** {@link #start(ImageBot, InetSocketAddress, Path)} with the thumbnails given (tests count what they make). */
  static WebLibrary start(ImageBot bot, InetSocketAddress address, Thumbnails thumbnails) {
    WebSettings settings = bot.web().settings().orElseThrow(() -> new IllegalStateException(
        "the bot's web sign-in is off: build it with ImageBot.builder().web(settings)"));
    Routes routes = new Routes(bot, settings, thumbnails,
        TemplateEngine.createPrecompiled(ContentType.Html), style());
    Javalin server = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.concurrency.useVirtualThreads = true;
      routes.register(config.routes);
    });
    server.start(address.getHostString(), address.getPort());
    log.info("web library listening on port {} for {}", server.port(), settings.baseUrl());
    return new WebLibrary(server);
  }

  /** The port listened on (the one chosen when started on port 0). */
  public int port() {
    return server.port();
  }

  /** Stops the server; requests in flight are cut off. */
  @Override
  public void close() {
    server.stop();
  }

  private static byte[] style() {
    try (InputStream in = WebLibrary.class.getResourceAsStream("style.css")) {
      return Objects.requireNonNull(in, "style.css is missing from the web jar").readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read style.css", e);
    }
  }

  /** The language a page is in before we know who asks: the browser's first preference. */
  static Lang browserLang(Context ctx) {
    String accepted = ctx.header("Accept-Language");
    if (accepted == null || accepted.isBlank()) {
      return Lang.EN;
    }
    return Lang.fromTag(accepted.split("[,;]", 2)[0].strip().toLowerCase(Locale.ROOT));
  }

  /** Renders template {@code name} with {@code params} as the response, with {@code status}. */
  static void render(Context ctx, TemplateEngine templates, HttpStatus status, String name, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    templates.render(name, params, out);
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }

  /** The page frame for {@code visitor}, or for someone without a session. */
  static Frame frame(Words t, String title, @Nullable Visitor visitor) {
    return new Frame(t, title, visitor != null, visitor != null && visitor.admin(),
        visitor == null ? null : visitor.userKey());
  }

  /** {@code Set-Cookie} for the session: HttpOnly, SameSite=Lax, Secure on https, gone after {@code maxAge}. */
  static String sessionCookie(String value, Duration maxAge, boolean secure) {
    return WebSignIn.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  /** Whether a form post comes from our own pages: no {@code Origin}, or the public address's origin. */
  static boolean sameOrigin(Context ctx, URI base) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return true;
    }
    String ours = base.getScheme() + "://" + base.getRawAuthority();
    return origin.equalsIgnoreCase(ours);
  }

  static Optional<String> cookie(Context ctx) {
    return Optional.ofNullable(ctx.cookie(WebSignIn.COOKIE));
  }
}
