package io.rolemarket.imagebot.web;

import gg.jte.TemplateEngine;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.command.BotTexts;
import io.rolemarket.imagebot.core.command.Command;
import io.rolemarket.imagebot.core.command.SpendTexts;
import io.rolemarket.imagebot.core.conversation.Conversation;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.DesignSidecar;
import io.rolemarket.imagebot.core.store.HistoryEntry;
import io.rolemarket.imagebot.core.store.ReviewStore.Outcome;
import io.rolemarket.imagebot.core.store.StoredImage;
import io.rolemarket.imagebot.core.web.WebSettings;
import io.rolemarket.imagebot.core.web.WebSignIn;
import io.rolemarket.imagebot.web.page.AdminPage;
import io.rolemarket.imagebot.web.page.Words;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The web library's pages and files, each behind a session but the sign-in and the style sheet. Safe for concurrent use. */
final class Routes {
  private static final Logger log = LoggerFactory.getLogger(Routes.class);
  /** How many of the visitor's newest generations {@code /history} shows. */
  static final int HISTORY_SHOWN = 50;
  private static final String PLATFORM = "web";

  /** A page for a visitor with a session. */
  @FunctionalInterface
  private interface Page {
    void handle(Context ctx, Visitor visitor) throws Exception;
  }

  private final ImageBot bot;
  private final WebSettings settings;
  private final Thumbnails thumbnails;
  private final TemplateEngine templates;
  private final byte[] style;
  private final Conversation conversation;

  Routes(ImageBot bot, WebSettings settings, Thumbnails thumbnails, TemplateEngine templates, byte[] style) {
    this.bot = bot;
    this.settings = settings;
    this.thumbnails = thumbnails;
    this.templates = templates;
    this.style = style.clone();
    this.conversation = new Conversation(bot);
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.before(ctx -> {
      ctx.header("Content-Security-Policy", WebLibrary.CONTENT_SECURITY_POLICY);
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("X-Frame-Options", "DENY");
      ctx.header("Referrer-Policy", "same-origin");
      ctx.header("Cache-Control", "no-store");
    });
    routes.get("/static/style.css", ctx -> ctx.header("Cache-Control", "public, max-age=3600")
        .contentType("text/css; charset=utf-8").result(style));
    routes.get("/signin/{token}", this::signInPage);
    routes.post("/signin/{token}", this::signIn);
    routes.post("/signout", this::signOut);
    routes.get("/", ctx -> ctx.redirect("/library", HttpStatus.SEE_OTHER));
    routes.get("/library", page(this::library));
    routes.get("/design/{id}", page(this::design));
    routes.get("/design/{id}/thumb", page(this::designThumbnail));
    routes.get("/design/{id}/original", page(this::original));
    routes.get("/design/{id}/sidecar.json", page(this::sidecar));
    routes.get("/history", page(this::history));
    routes.get("/history/{id}/thumb", page(this::historyThumbnail));
    routes.get("/admin", page(this::admin));
    routes.get("/admin/spend.png", page(this::spendChart));
    routes.error(404, ctx -> {
      Visitor visitor = visitor(ctx);
      if (visitor == null) {
        signInFromTheBot(ctx, HttpStatus.UNAUTHORIZED, "");
      } else {
        message(ctx, HttpStatus.NOT_FOUND, visitor, words(visitor).get("web.notFound"), "");
      }
    });
    routes.exception(Exception.class, (e, ctx) -> {
      log.error("{} {} failed", ctx.method(), ctx.path(), e);
      ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("text/plain; charset=utf-8")
          .result(BotTexts.text(WebLibrary.browserLang(ctx), "somethingWentWrong"));
    });
  }

  private Handler page(Page page) {
    return ctx -> {
      Visitor visitor = visitor(ctx);
      if (visitor == null) {
        signInFromTheBot(ctx, HttpStatus.UNAUTHORIZED, "");
        return;
      }
      page.handle(ctx, visitor);
    };
  }

  private @Nullable Visitor visitor(Context ctx) {
    Optional<String> userKey = WebLibrary.cookie(ctx).flatMap(cookie -> bot.web().sessionUser(cookie));
    if (userKey.isEmpty()) {
      return null;
    }
    UserRef user = new UserRef(userKey.get(), userKey.get());
    return new Visitor(user.key(), bot.role(user), bot.language(user, WebLibrary.browserLang(ctx)));
  }

  private static Words words(Visitor visitor) {
    return new Words(visitor.lang());
  }

  // Signing in and out

  private void signInPage(Context ctx) {
    String token = ctx.pathParam("token");
    Optional<WebSignIn.Why> wrong = bot.web().check(token);
    if (wrong.isPresent()) {
      refused(ctx, wrong.get());
      return;
    }
    // Opening the link only shows a button: link previews and scanners that fetch it do not use it up.
    Words t = new Words(WebLibrary.browserLang(ctx));
    WebLibrary.render(ctx, templates, HttpStatus.OK, "signin.jte",
        Map.of("frame", WebLibrary.frame(t, t.get("web.signIn.title"), null), "token", token));
  }

  private void signIn(Context ctx) {
    if (!WebLibrary.sameOrigin(ctx, settings.baseUrl())) {
      ctx.status(HttpStatus.FORBIDDEN).result("");
      return;
    }
    switch (bot.web().redeem(ctx.pathParam("token"))) {
      case WebSignIn.Redeemed.Opened opened -> {
        ctx.header("Set-Cookie", WebLibrary.sessionCookie(opened.cookie(),
            Duration.between(bot.clock().instant(), opened.expiresAt()), settings.secure()));
        log.info("web session opened for {}", opened.userKey());
        ctx.redirect("/library", HttpStatus.SEE_OTHER);
      }
      case WebSignIn.Redeemed.Refused refused -> refused(ctx, refused.why());
    }
  }

  private void refused(Context ctx, WebSignIn.Why why) {
    String key = switch (why) {
      case ALTERED -> "web.signIn.altered";
      case EXPIRED -> "web.signIn.expired";
      case USED -> "web.signIn.used";
    };
    signInFromTheBot(ctx, HttpStatus.FORBIDDEN, new Words(WebLibrary.browserLang(ctx)).get(key));
  }

  private void signOut(Context ctx) {
    if (!WebLibrary.sameOrigin(ctx, settings.baseUrl())) {
      ctx.status(HttpStatus.FORBIDDEN).result("");
      return;
    }
    WebLibrary.cookie(ctx).ifPresent(cookie -> bot.web().signOut(cookie));
    ctx.header("Set-Cookie", WebLibrary.sessionCookie("", Duration.ZERO, settings.secure()));
    Words t = new Words(WebLibrary.browserLang(ctx));
    WebLibrary.render(ctx, templates, HttpStatus.OK, "message.jte", Map.of("frame",
        WebLibrary.frame(t, t.get("web.signedOut"), null), "message", t.get("web.signIn.body"), "detail", ""));
  }

  /** The "sign in from the bot" page, with why a link was refused when one was. */
  private void signInFromTheBot(Context ctx, HttpStatus status, String why) {
    Words t = new Words(WebLibrary.browserLang(ctx));
    WebLibrary.render(ctx, templates, status, "message.jte", Map.of("frame",
        WebLibrary.frame(t, t.get("web.signIn.title"), null), "message", why.isEmpty() ? t.get("web.signIn.body") : why,
        "detail", why.isEmpty() ? "" : t.get("web.signIn.body")));
  }

  private void message(Context ctx, HttpStatus status, Visitor visitor, String title, String detail) {
    WebLibrary.render(ctx, templates, status, "message.jte", Map.of("frame",
        WebLibrary.frame(words(visitor), title, visitor), "message", title, "detail", detail));
  }

  // The library

  private void library(Context ctx, Visitor visitor) {
    Words t = words(visitor);
    WebLibrary.render(ctx, templates, HttpStatus.OK, "library.jte", Map.of(
        "frame", WebLibrary.frame(t, t.get("web.library.title"), visitor),
        "library", LibraryQuery.from(ctx::queryParam).run(bot, t)));
  }

  private Design approved(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NotFoundResponse();
    }
    return bot.design(id).filter(design -> design.decision() != null
        && design.decision().outcome() == Outcome.APPROVED).orElseThrow(NotFoundResponse::new);
  }

  private void design(Context ctx, Visitor visitor) {
    Design design = approved(ctx);
    Words t = words(visitor);
    WebLibrary.render(ctx, templates, HttpStatus.OK, "design.jte", Map.of(
        "frame", WebLibrary.frame(t, t.get("web.design.title", design.id()), visitor),
        "design", Views.design(design, bot.catalog(), t)));
  }

  private void designThumbnail(Context ctx, Visitor visitor) {
    thumbnail(ctx, approved(ctx).entry().images());
  }

  private void original(Context ctx, Visitor visitor) {
    Design design = approved(ctx);
    List<StoredImage> images = design.entry().images();
    int n = parsePicture(ctx.queryParam("n"), images.size());
    StoredImage image = images.get(n - 1);
    byte[] bytes = bot.imageBytes(image.sha256()).orElseThrow(NotFoundResponse::new);
    String name = DesignSidecar.fileNames(design).get(n - 1);
    boolean inline = "1".equals(ctx.queryParam("inline"));
    ctx.header("Content-Disposition", (inline ? "inline" : "attachment") + "; filename=\"" + name + "\"")
        .header("Cache-Control", "private, max-age=3600")
        .contentType(image.format().mediaType()).result(bytes);
  }

  private static int parsePicture(@Nullable String n, int pictures) {
    try {
      int picture = n == null ? 1 : Integer.parseInt(n);
      if (picture >= 1 && picture <= pictures) {
        return picture;
      }
    } catch (NumberFormatException e) {
      // not a picture of this design: 404 below
    }
    throw new NotFoundResponse();
  }

  private void sidecar(Context ctx, Visitor visitor) {
    Design design = approved(ctx);
    ctx.header("Content-Disposition", "attachment; filename=\"" + design.id() + ".json\"")
        .contentType("application/json; charset=utf-8").result(DesignSidecar.json(design, bot.catalog()));
  }

  private void thumbnail(Context ctx, List<StoredImage> images) {
    if (images.isEmpty()) {
      throw new NotFoundResponse();
    }
    String sha256 = images.get(0).sha256();
    byte[] bytes = thumbnails.of(sha256, () -> bot.imageBytes(sha256)).orElseThrow(NotFoundResponse::new);
    ctx.header("Cache-Control", "private, max-age=86400").contentType("image/jpeg").result(bytes);
  }

  // The visitor's history

  private void history(Context ctx, Visitor visitor) {
    Words t = words(visitor);
    WebLibrary.render(ctx, templates, HttpStatus.OK, "history.jte", Map.of(
        "frame", WebLibrary.frame(t, t.get("web.history.title"), visitor),
        "history", Views.history(bot.history(visitor.user(), HISTORY_SHOWN), bot.catalog(), t)));
  }

  private void historyThumbnail(Context ctx, Visitor visitor) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NotFoundResponse();
    }
    HistoryEntry entry = bot.history(visitor.user(), HISTORY_SHOWN).stream().filter(shown -> shown.id() == id)
        .findFirst().orElseThrow(NotFoundResponse::new);
    thumbnail(ctx, entry.images());
  }

  // Admins

  private void admin(Context ctx, Visitor visitor) {
    Words t = words(visitor);
    if (!(conversation.answer(visitor.user(), PLATFORM, PLATFORM, new Command.Spend())
        instanceof Reply.SpendChart spend)
        || !(conversation.answer(visitor.user(), PLATFORM, PLATFORM, new Command.Stats()) instanceof Reply.Stats stats)) {
      message(ctx, HttpStatus.FORBIDDEN, visitor, t.get("web.adminsOnly"), "");
      return;
    }
    AdminPage page = new AdminPage(spend.report().month().toString(),
        SpendTexts.figures(visitor.lang(), spend).lines().toList(),
        BotTexts.line(visitor.lang(), stats).lines().toList());
    WebLibrary.render(ctx, templates, HttpStatus.OK, "admin.jte", Map.of(
        "frame", WebLibrary.frame(t, t.get("web.admin.title") + " · " + page.month(), visitor), "admin", page));
  }

  private void spendChart(Context ctx, Visitor visitor) {
    if (!(conversation.answer(visitor.user(), PLATFORM, PLATFORM, new Command.Spend())
        instanceof Reply.SpendChart spend)) {
      message(ctx, HttpStatus.FORBIDDEN, visitor, words(visitor).get("web.adminsOnly"), "");
      return;
    }
    ctx.contentType("image/png").result(spend.chartPng());
  }
}
