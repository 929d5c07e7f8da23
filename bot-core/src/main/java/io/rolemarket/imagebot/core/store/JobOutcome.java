package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.provider.ProviderFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How one journaled job ended, as the journal keeps it for the team's figures ({@link JobStats}).
 *
 * @param kind what came of it
 * @param providerId the provider that answered, or empty when none did
 * @param attempts each provider that failed before (or instead of) an answer, in order, as
 *     {@code provider:why} codes such as {@code flux:rate_limited} ({@link #attempt}); at most
 *     {@link #MAX_ATTEMPTS}, each at most {@link #MAX_CODE} characters (longer ones are cut)
 * @param rateLimitHits how many times a provider answered the job with a rate limit (HTTP 429), retries included
 * @param generation how long the bot worked on it by its ticker: for a job re-attached after a restart, what the
 *     run before the stop measured plus the run that finished it, never the downtime between
 */
public record JobOutcome(Kind kind, String providerId, List<String> attempts, int rateLimitHits,
    Duration generation) {
  /** The most attempts a job keeps. */
  public static final int MAX_ATTEMPTS = 8;
  /** The longest attempt code kept. */
  public static final int MAX_CODE = 48;

  /** Checks and bounds the fields. */
  public JobOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(generation, "generation");
    if (rateLimitHits < 0) {
      throw new IllegalArgumentException("rateLimitHits must be at least 0, was " + rateLimitHits);
    }
    if (generation.isNegative()) {
      throw new IllegalArgumentException("generation must not be negative, was " + generation);
    }
    List<String> bounded = new ArrayList<>();
    for (String code : attempts.subList(0, Math.min(MAX_ATTEMPTS, attempts.size()))) {
      String clean = code.replace(",", "").strip();
      bounded.add(clean.length() > MAX_CODE ? clean.substring(0, MAX_CODE) : clean);
    }
    attempts = List.copyOf(bounded);
  }

  /** What came of a job. */
  public enum Kind {
    /** Every picture asked for was delivered. */
    SUCCEEDED,
    /** Some of the pictures asked for were delivered. */
    PARTIAL,
    /** Every provider tried failed. */
    FAILED,
    /** A provider refused the prompt under its content rules. */
    REJECTED,
    /** The request ran out of time. */
    PAST_DEADLINE,
    /** No provider could be asked within the team's budget or the user's role's spend cap. */
    OVER_BUDGET,
    /** No provider could be asked for another reason: none usable, none for the shape. */
    REFUSED,
    /** The user cancelled it. */
    CANCELLED,
    /** The bot itself failed. */
    CRASHED;

    /** The label the store keeps. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this {@link #label}. */
    public static Kind of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Whether the job delivered pictures. */
    public boolean delivered() {
      return this == SUCCEEDED || this == PARTIAL;
    }

    /**
     * Whether it counts toward the success rate: a job that was refused before any provider was asked, or that
     * the user cancelled, is neither a success nor a failure of generation.
     */
    public boolean counted() {
      return this != OVER_BUDGET && this != REFUSED && this != CANCELLED;
    }
  }

  /** The attempt code for {@code failure} of provider {@code providerId}, such as {@code flux:rate_limited}. */
  public static String attempt(String providerId, ProviderFailure failure) {
    String why = switch (failure) {
      case ProviderFailure.RateLimited limited -> "rate_limited";
      case ProviderFailure.RegionUnavailable region -> "region_unavailable";
      case ProviderFailure.ContentRejected rejected -> "content_rejected";
      case ProviderFailure.Transient transientFailure -> "transient";
      case ProviderFailure.OutOfCredit credit -> "out_of_credit";
      case ProviderFailure.Permanent permanent -> "permanent";
    };
    return providerId + ":" + why;
  }

  /** The attempts as the store keeps them: codes joined by commas (empty for none). */
  public String attemptsText() {
    return String.join(",", attempts);
  }

  /** The attempts from their {@link #attemptsText}. */
  public static List<String> attemptsOf(String text) {
    return text.isBlank() ? List.of() : Arrays.asList(text.split(","));
  }

  /** The provider an attempt code names: the part before its last colon. */
  public static String providerOf(String attempt) {
    int colon = attempt.lastIndexOf(':');
    return colon < 0 ? attempt : attempt.substring(0, colon);
  }
}
