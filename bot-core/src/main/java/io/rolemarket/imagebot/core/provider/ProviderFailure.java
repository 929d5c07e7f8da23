package io.rolemarket.imagebot.core.provider;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a provider call made no images, in terms the router can act on. Messages are for logs and
 * admins: they name the setting to fix and never carry a secret.
 */
public sealed interface ProviderFailure extends ProviderResult {

  /** A short sentence for logs. */
  String message();

  /** The provider asked us to slow down; try again after {@code retryAfter}. */
  record RateLimited(String message, Duration retryAfter) implements ProviderFailure {
    /** Checks the fields. */
    public RateLimited {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /** The provider refuses callers from this region; do not try it again for hours. */
  record RegionUnavailable(String message) implements ProviderFailure {
    /** Checks the fields. */
    public RegionUnavailable {
      Objects.requireNonNull(message, "message");
    }
  }

  /** The prompt or picture broke the provider's content rules; retrying the same prompt will not help. */
  record ContentRejected(String message) implements ProviderFailure {
    /** Checks the fields. */
    public ContentRejected {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A failure that may pass: 5xx, a timeout, a model still loading, an unreadable answer.
   *
   * @param retryHint how long the provider expects it to take (model loading), or null
   */
  record Transient(String message, @Nullable Duration retryHint) implements ProviderFailure {
    /** Checks the fields. */
    public Transient {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The account behind the provider has no credit left (HTTP 402 and the like): routing moves on and
   * admins are told; retrying will not help until someone pays.
   *
   * @param setting the configuration name of the account's key, such as {@code HF_TOKEN}
   */
  record OutOfCredit(String message, String setting) implements ProviderFailure {
    /** Checks the fields. */
    public OutOfCredit {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(setting, "setting");
    }
  }

  /**
   * A failure that will not pass by itself: bad credentials, a bad request, no credit left.
   *
   * @param setting the configuration name to fix (such as {@code HF_TOKEN}), or empty
   * @param requestOnly whether only this request is at fault (such as one character's reference link), not
   *     the provider: such a failure does not count toward the provider's circuit breaker
   */
  record Permanent(String message, String setting, boolean requestOnly) implements ProviderFailure {
    /** Checks the fields. */
    public Permanent {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(setting, "setting");
    }

    /** A failure of the provider's set-up (key, model, endpoint), counted by its circuit breaker. */
    public Permanent(String message, String setting) {
      this(message, setting, false);
    }
  }
}
