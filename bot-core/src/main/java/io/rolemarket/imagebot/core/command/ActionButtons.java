package io.rolemarket.imagebot.core.command;

import io.rolemarket.imagebot.core.store.ActionLinks;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The buttons under a result, one model for every platform: rows of typed buttons (🔁 🎲 📤, then the
 * provider's own U1–U4 and V1–V4) that each adapter renders natively (Telegram inline keyboards, Discord
 * components). A button's id is an action code and a random token ({@code rg:Ab3dE9xQ2k}, {@code xU2:…}),
 * short enough for Telegram's 64 bytes of callback data and Discord's 100 characters; what the buttons act
 * on is kept in the store ({@link ActionLinks}), so they work after a restart, until they expire. A press
 * is decoded here once, into what to do. Safe for concurrent use.
 */
public final class ActionButtons {
  /** How a button looks, where the platform has styles. */
  public enum Style { PRIMARY, SECONDARY, SUCCESS }

  /** One button: its id (callback data, custom id), its label and style. */
  public record Button(String id, String label, Style style) {
    /** Checks the fields. */
    public Button {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(style, "style");
    }
  }

  /**
   * What a set of buttons acts on.
   *
   * @param userKey who may press them
   * @param platform the platform they are sent on
   * @param chatRef where, as the platform's adapter writes it (it reads it back)
   * @param command the request they act on
   * @param historyId the history entry they sit under, or 0
   * @param providerId who made the pictures, or empty
   * @param remoteJobId the provider's job its own actions act on, or empty
   */
  public record Origin(String userKey, String platform, String chatRef, Command.Generate command, long historyId,
      String providerId, String remoteJobId) {}

  /** What a press means, decoded once for every platform. */
  public sealed interface Pressed {
    /** 🔁: the same request again, asked of the provider anew ({@code fresh}), in {@code origin}'s chat. */
    record Regenerate(Origin origin, Command.Generate command) implements Pressed {}

    /** 🎲: the same request with a new random seed. */
    record Vary(Origin origin, Command.Generate command) implements Pressed {}

    /** 📤: the picture under the buttons goes to review. */
    record Review(Origin origin) implements Pressed {}

    /**
     * The provider's own {@code action} (such as U2) on the picture's remote job; the core refuses one the
     * picture does not offer (the id is the client's to choose).
     */
    record ProviderAction(Origin origin, String action) implements Pressed {}

    /** Someone other than the asker pressed; nothing happens. */
    record NotYours() implements Pressed {}

    /** Not a button of ours, or its time is over: nothing happens; the user is told to ask again. */
    record Expired() implements Pressed {}
  }

  /** How long buttons work unless configured: two weeks. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(14);

  private static final String REGENERATE = "rg";
  private static final String VARIATIONS = "va";
  private static final String REVIEW = "rv";
  private static final String PROVIDER = "x";
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final ActionLinks links;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  /** Buttons kept in {@code links}, working for {@code lifetime} after they are made. */
  public ActionButtons(ActionLinks links, Clock clock, Duration lifetime) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("buttons must work for some time, was " + lifetime);
    }
    this.links = links;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /**
   * The rows under a result of {@code origin} whose provider offers {@code providerActions}: 🔁 🎲 📤, then
   * a row of the upscales (U1…) and one of the variations (V1…) when there are any. Other provider actions
   * (such as a reroll) get no button: 🔁 does that.
   */
  public List<List<Button>> rows(Origin origin, List<String> providerActions) {
    String token = remember(origin);
    List<List<Button>> rows = new ArrayList<>();
    rows.add(List.of(new Button(REGENERATE + ":" + token, BotTexts.REGENERATE, Style.PRIMARY),
        new Button(VARIATIONS + ":" + token, BotTexts.VARIATIONS, Style.SECONDARY),
        new Button(REVIEW + ":" + token, BotTexts.SEND_TO_REVIEW, Style.SUCCESS)));
    for (String prefix : List.of("U", "V")) {
      List<Button> row = providerActions.stream().filter(name -> name.length() == 2 && name.startsWith(prefix))
          .map(name -> new Button(PROVIDER + name + ":" + token, name, Style.SECONDARY)).toList();
      if (!row.isEmpty()) {
        rows.add(row);
      }
    }
    return List.copyOf(rows);
  }

  /** A lone 🔁 Try again acting on {@code origin}'s request (after a restart lost its answer). */
  public List<List<Button>> retryRows(Origin origin) {
    return List.of(List.of(new Button(REGENERATE + ":" + remember(origin), BotTexts.TRY_AGAIN, Style.PRIMARY)));
  }

  /** What {@code presserKey}'s press of button {@code id} means. */
  public Pressed press(String presserKey, String id) {
    int colon = id.indexOf(':');
    if (colon < 1) {
      return new Pressed.Expired();
    }
    String code = id.substring(0, colon);
    Optional<ActionLinks.Link> found = links.linked(id.substring(colon + 1));
    if (found.isEmpty() || !found.get().createdAt().plus(lifetime).isAfter(clock.instant())) {
      return new Pressed.Expired();
    }
    ActionLinks.Link link = found.get();
    if (!link.userKey().equals(presserKey)) {
      return new Pressed.NotYours();
    }
    if (!(new CommandParser(null).parse(link.command()) instanceof Command.Generate command)) {
      return new Pressed.Expired();
    }
    Origin origin = new Origin(link.userKey(), link.platform(), link.chatRef(), command, link.historyId(),
        link.providerId(), link.remoteJobId());
    return switch (code) {
      case REGENERATE -> new Pressed.Regenerate(origin, command.withSeed(command.seed(), true));
      case VARIATIONS -> new Pressed.Vary(origin,
          command.withSeed(ThreadLocalRandom.current().nextLong(1, 1L << 31), false));
      case REVIEW -> link.historyId() > 0 ? new Pressed.Review(origin) : new Pressed.Expired();
      default -> code.length() > 1 && code.length() <= 4 && code.startsWith(PROVIDER)
          ? new Pressed.ProviderAction(origin, code.substring(1)) : new Pressed.Expired();
    };
  }

  private String remember(Origin origin) {
    StringBuilder token = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    links.link(new ActionLinks.Link(token.toString(), origin.userKey(), origin.platform(), origin.chatRef(),
        origin.command().toText(), origin.historyId(), origin.providerId(), origin.remoteJobId(), clock.instant()));
    return token.toString();
  }
}
