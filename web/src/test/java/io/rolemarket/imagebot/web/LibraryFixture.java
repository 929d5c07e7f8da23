package io.rolemarket.imagebot.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolemarket.imagebot.core.ImageBot;
import io.rolemarket.imagebot.core.Role;
import io.rolemarket.imagebot.core.UserRef;
import io.rolemarket.imagebot.core.catalog.Catalog;
import io.rolemarket.imagebot.core.command.CommandParser;
import io.rolemarket.imagebot.core.conversation.Conversation;
import io.rolemarket.imagebot.core.conversation.Reply;
import io.rolemarket.imagebot.core.generate.GenerateOutcome;
import io.rolemarket.imagebot.core.generate.GenerateRequest;
import io.rolemarket.imagebot.core.provider.AspectRatio;
import io.rolemarket.imagebot.core.provider.GeneratedImage;
import io.rolemarket.imagebot.core.provider.ProviderProgress;
import io.rolemarket.imagebot.core.provider.ProviderRequest;
import io.rolemarket.imagebot.core.provider.ProviderResult;
import io.rolemarket.imagebot.core.review.Design;
import io.rolemarket.imagebot.core.review.HandOff;
import io.rolemarket.imagebot.core.review.ReviewRules;
import io.rolemarket.imagebot.core.review.SubmitOutcome;
import io.rolemarket.imagebot.core.route.Tier;
import io.rolemarket.imagebot.core.store.ReviewStore.Verdict;
import io.rolemarket.imagebot.core.testing.InMemoryStore;
import io.rolemarket.imagebot.core.testing.ScriptedProvider;
import io.rolemarket.imagebot.core.testing.TestClock;
import io.rolemarket.imagebot.core.testing.TestClocks;
import io.rolemarket.imagebot.core.web.WebSettings;
import io.rolemarket.imagebot.providers.sketch.SketchProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A bot with a brand library to browse, and its web library on loopback: two characters, three themes, two providers,
 * designs approved on different days with reviewers' notes, one whose prompt carries a {@code <script>}. The clock is
 * a test clock standing at {@link TestClocks#NOW} until a test moves it. Closed by the test that made it.
 */
final class LibraryFixture implements AutoCloseable {
  static final String ALICE = "console:alice";
  static final String ADMIN = "console:ada";
  static final String REVIEWER = "console:rita";
  static final String LEAD = "console:leo";
  static final String SCRIPT = "<script>document.title='pwned'</script>";

  final TestClock clock = TestClock.at(TestClocks.NOW);
  final InMemoryStore store = new InMemoryStore();
  final ImageBot bot;
  final WebLibrary web;
  final URI base;
  /** Where the server really listens: {@link #base} with http. */
  final URI local;
  final Thumbnails thumbnails;
  /**
   * The designs made, in the order approved: lulu halloween; three days later lulu christmas and, an hour after it,
   * momo spring festival (by flux); a day later momo halloween with the script in its prompt.
   */
  final List<Design> designs;

  /** The fixture at an http address. */
  LibraryFixture(Path thumbnailDir) {
    this(thumbnailDir, "http");
  }

  /**
   * The fixture whose public address has {@code scheme} ({@code https}: as behind a TLS proxy; the server itself
   * speaks plain HTTP on loopback either way).
   */
  LibraryFixture(Path thumbnailDir, String scheme) {
    int port = freePort();
    this.base = URI.create(scheme + "://127.0.0.1:" + port + "/");
    this.local = URI.create("http://127.0.0.1:" + port + "/");
    Catalog catalog = catalog();
    this.bot = ImageBot.builder().clock(clock).store(store).catalog(catalog)
        .provider(new SketchProvider(catalog))
        .provider(ScriptedProvider.named("flux", "0.003").fixedImage(sketched(catalog, "momo", "spring-festival")))
        .reviewRules(ReviewRules.of(Set.of(REVIEWER, LEAD), Set.of(LEAD)))
        .handOff(HandOff.none())
        .web(new WebSettings(base, Duration.ofMinutes(10), Duration.ofHours(12)))
        .build();
    store.setRole(ADMIN, Role.ADMIN);
    store.register(new UserRef(ALICE, "alice"));
    this.designs = List.of(
        approved("lulu", "halloween", "sketch", List.of("with a lantern"), "Lovely colours, on model.",
            "The hat could be bigger next time."),
        approvedLater(Duration.ofDays(3), "lulu", "christmas", "sketch", List.of(), "Good for the mugs.", ""),
        approvedLater(Duration.ofHours(1), "momo", "spring-festival", "flux", List.of(), "Ship it.", "Fine."),
        approvedLater(Duration.ofDays(1), "momo", "halloween", "sketch", List.of(SCRIPT), "Note: <b>bold</b>?",
            ""));
    this.thumbnails = new Thumbnails(thumbnailDir);
    this.web = WebLibrary.start(bot, new InetSocketAddress("127.0.0.1", port), thumbnails);
  }

  /** The built-in catalog with a second character, so the character filter has something to narrow. */
  static Catalog catalog() {
    try {
      return Catalog.builtIn().overriddenBy(Catalog.fromYaml(new ObjectMapper(new YAMLFactory()).readTree("""
          characters:
            momo:
              name: Momo Cat
              names: {zh-HK: 桃桃貓}
              description: Momo Cat, a chubby orange cartoon cat with big green eyes
              sketch:
                species: cat
                color: "#F2A541"
          """)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Sketch picture of {@code character} at {@code theme}, for the scripted provider to answer with. */
  private static GeneratedImage sketched(Catalog catalog, String character, String theme) {
    String prompt = catalog.character(character).orElseThrow().description() + ", "
        + catalog.theme(theme).orElseThrow().description();
    ProviderResult drawn = new SketchProvider(catalog).generate(
        new ProviderRequest(prompt, "", 1, AspectRatio.SQUARE, 7L, null, null), ProviderProgress.NONE);
    return ((ProviderResult.Images) drawn).images().get(0);
  }

  /** What the bot answers {@code userKey}'s {@code /web} on the console: the sign-in link. */
  URI link(String userKey) {
    Reply reply = new Conversation(bot).answer(new UserRef(userKey, userKey), "console", "console",
        new CommandParser(null).parse("/web"));
    if (!(reply instanceof Reply.WebLink web)) {
      throw new AssertionError("/web answered " + reply);
    }
    return local.resolve(web.link().address().getRawPath());
  }

  private Design approvedLater(Duration later, String character, String theme, String provider, List<String> extra,
      String firstNote, String secondNote) {
    clock.advance(later);
    return approved(character, theme, provider, extra, firstNote, secondNote);
  }

  private Design approved(String character, String theme, String provider, List<String> extra, String firstNote,
      String secondNote) {
    UserRef alice = new UserRef(ALICE, "alice");
    GenerateOutcome outcome = bot.generate(new GenerateRequest(alice, character, theme, extra, 1, AspectRatio.SQUARE,
        provider, Tier.BALANCED, 7L, false), event -> { });
    if (!(outcome instanceof GenerateOutcome.Generated generated)) {
      throw new AssertionError("the fixture's picture was not made: " + outcome);
    }
    if (!(bot.submitForReview(alice, generated.result().historyId()) instanceof SubmitOutcome.Submitted submitted)) {
      throw new AssertionError("the fixture's picture was not submitted");
    }
    long id = submitted.design().id();
    bot.voteOnReview(new UserRef(REVIEWER, "rita"), id, Verdict.APPROVE, firstNote);
    bot.voteOnReview(new UserRef(LEAD, "leo"), id, Verdict.APPROVE, secondNote);
    return bot.design(id).orElseThrow();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    web.close();
    bot.close();
  }
}
