package io.rolemarket.imagebot.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The store port for what the bot owes chats: an adapter records each request it starts, ties it to the
 * journaled job that serves it, and settles it once the answer is delivered or the user was told what
 * happened. What is still owed after a crash is listed at the next start, with how its job ended, so the
 * adapter delivers the picture or says what was refunded. Safe for concurrent use.
 */
public interface DeliveryLog {

  /** A request to answer, as its adapter recorded it. */
  record Owed(long id, String platform, String chatRef, String userKey, String label, String command,
      String statusRef, Instant at) {
    /** Checks the fields. */
    public Owed {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(chatRef, "chatRef");
      Objects.requireNonNull(userKey, "userKey");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(statusRef, "statusRef");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * An owed answer left by the last run, with how its job ended.
   *
   * @param historyId the history entry of a job that finished with pictures (delivered by it), when there is one
   */
  record Left(Owed owed, OptionalLong historyId) {}

  /** Records a request to answer ({@code id} is ignored) and returns its id. */
  long owe(Owed owed);

  /** Ties an owed answer to the journaled job that serves it. */
  void serveBy(long owedId, long jobId);

  /** Remembers the status message shown for an owed answer (a Telegram message id), to clear it after a restart. */
  void showStatus(long owedId, String statusRef);

  /** The answer was delivered, or its user told what happened: it is owed no more. */
  void settle(long owedId);

  /** What is still owed on {@code platform}, oldest first, with the history entry of jobs that finished. */
  List<Left> owed(String platform);
}
