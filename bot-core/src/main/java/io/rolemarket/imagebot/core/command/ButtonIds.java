package io.rolemarket.imagebot.core.command;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The ids of the buttons under a result, shared by the chat adapters: an action code and a short random
 * token ({@code rg:Ab3dE9xQ2k}, or {@code xU2:Ab3dE9xQ2k} for a provider's own action such as Midjourney's
 * U2), short enough for Telegram's 64 bytes of callback data and Discord's 100-character custom ids. What
 * the result answered (the adapter's {@code origin}) stays here, server side, for a day. Safe for
 * concurrent use.
 *
 * @param <O> what an adapter needs to act on a press
 */
public final class ButtonIds<O> {
  /** What a button does. */
  public enum Action {
    REGENERATE("rg"),
    VARIATIONS("va"),
    REVIEW("rv"),
    /** A provider's own action on the result's remote job (Midjourney's U1–U4, V1–V4); id {@code x<name>:<token>}. */
    PROVIDER("x");

    private final String code;

    Action(String code) {
      this.code = code;
    }

    /** This action's button id for {@code token}. */
    public String id(String token) {
      return code + ":" + token;
    }

    private static Optional<Action> of(String code) {
      for (Action action : values()) {
        if (action.code.equals(code)) {
          return Optional.of(action);
        }
      }
      return Optional.empty();
    }
  }

  /** A pressed button, decoded; {@code providerAction} names the provider's action (such as U2), else empty. */
  public record Press<O>(Action action, O origin, String providerAction) {}

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, O> origins = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofHours(24)).maximumSize(50_000).build();

  /** Keeps {@code origin} for a day and returns the token its buttons carry. */
  public String remember(O origin) {
    StringBuilder token = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    origins.put(token.toString(), origin);
    return token.toString();
  }

  /** The button id of the provider's action {@code name} (such as U2) for {@code token}. */
  public static String providerId(String name, String token) {
    return Action.PROVIDER.code + name + ":" + token;
  }

  /**
   * The provider's actions that get buttons, as rows: the upscales (U1…) and the variations (V1…), each row
   * only when there are any. Other actions (such as a reroll) get none: 🔁 does that.
   */
  public static List<List<String>> providerRows(List<String> providerActions) {
    return List.of("U", "V").stream()
        .map(prefix -> providerActions.stream().filter(name -> name.length() == 2 && name.startsWith(prefix)).toList())
        .filter(row -> !row.isEmpty())
        .toList();
  }

  /** The button behind {@code id}, if it is ours and not expired. */
  public Optional<Press<O>> decode(String id) {
    int colon = id.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String code = id.substring(0, colon);
    boolean provider = code.length() > 1 && code.startsWith(Action.PROVIDER.code);
    Optional<Action> action = provider ? Optional.of(Action.PROVIDER) : Action.of(code);
    O origin = origins.getIfPresent(id.substring(colon + 1));
    if (action.isEmpty() || origin == null) {
      return Optional.empty();
    }
    return Optional.of(new Press<>(action.get(), origin, provider ? code.substring(1) : ""));
  }
}
