package io.rolemarket.imagebot.providers.hook;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A vendor's proof that a webhook call is its own, checked on top of the unguessable path (Replicate
 * signs its calls; TTAPI and RunPod sign nothing, so their path is the only proof). Implementations log
 * their refusals without secrets and are safe for concurrent use.
 */
@FunctionalInterface
public interface HookCheck {

  /**
   * Whether the call with these headers and this raw body is the vendor's.
   *
   * @param header the call's headers by name (case-insensitive), null when absent
   */
  boolean verify(Function<String, @Nullable String> header, byte[] body);
}
