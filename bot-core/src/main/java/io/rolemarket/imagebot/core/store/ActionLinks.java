package io.rolemarket.imagebot.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The store port that keeps what the buttons under a result act on, so they still work after a restart:
 * one link per set of buttons, found by the random token their ids carry. Links are kept like history
 * (a row per delivered result); the core decides when a button has expired. Safe for concurrent use.
 */
public interface ActionLinks {

  /**
   * What one set of buttons acts on.
   *
   * @param token the random token in the buttons' ids
   * @param userKey who may press them
   * @param platform the platform the buttons were sent on ({@code telegram}, {@code discord}, {@code console})
   * @param chatRef where, as the platform's adapter writes it
   * @param command the request they act on, as {@code Command.Generate.toText()} writes it
   * @param historyId the history entry they sit under, or 0 (a request that was never answered)
   * @param providerId who made the pictures, or empty
   * @param remoteJobId the provider's job its own actions (Midjourney's U/V) act on, or empty
   * @param createdAt when the buttons were made
   */
  record Link(String token, String userKey, String platform, String chatRef, String command, long historyId,
      String providerId, String remoteJobId, Instant createdAt) {
    /** Checks the fields. */
    public Link {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(userKey, "userKey");
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(chatRef, "chatRef");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(providerId, "providerId");
      Objects.requireNonNull(remoteJobId, "remoteJobId");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  /** Keeps {@code link} under its token. */
  void link(Link link);

  /** The link behind {@code token}, if one was kept. */
  Optional<Link> linked(String token);

  /**
   * The request the newest buttons under history entry {@code historyId} act on, as written in the link:
   * what made the picture, so a picture sent again keeps its options.
   */
  Optional<String> requestOf(long historyId);
}
