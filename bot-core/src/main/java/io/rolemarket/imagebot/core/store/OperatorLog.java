package io.rolemarket.imagebot.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The store port for what admins switched at run time ({@code /pause}, {@code /provider off flux}), kept across
 * restarts, with an audit entry for every operator action. Safe for concurrent use.
 */
public interface OperatorLog {

  /** Every switch as last set, by name ({@code paused} → {@code true}, {@code provider.flux} → {@code off}). */
  Map<String, String> switches();

  /**
   * Sets switch {@code name} to {@code value} and audits it as {@code actorKey}'s {@code action}, in one step.
   *
   * @param action what the admin did, as typed ({@code /provider off flux})
   */
  void setSwitch(String name, String value, String actorKey, String action, Instant at);

  /** The newest {@code limit} audit entries, newest first. */
  List<Audited> audit(int limit);

  /** One operator action: who did what, when. */
  record Audited(String actorKey, String action, Instant at) {
    /** Checks the fields. */
    public Audited {
      Objects.requireNonNull(actorKey, "actorKey");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(at, "at");
    }
  }
}
