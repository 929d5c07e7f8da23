package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.provider.ProviderAction;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the journal needs to know about a job before the provider is called: enough to finish it
 * after a crash (history, cache index, quota) without the request that started it.
 *
 * @param userKey who asked
 * @param character character id (for the history entry)
 * @param theme theme id (for the history entry)
 * @param cacheKey the canonical request hash
 * @param prompt the full prompt
 * @param plannedProviderId the provider the router tries first
 * @param reservationId the quota reservation the job charges, or 0 for none
 * @param images how many images were asked for, or 0 to take the reservation's count
 * @param at when the job opened
 * @param parentRemoteJobId for a provider action, the provider's id of the finished job it acts on; else empty
 * @param action the provider action the job runs, or null for a generation
 */
public record JobTicket(
    String userKey,
    String character,
    String theme,
    String cacheKey,
    String prompt,
    String plannedProviderId,
    long reservationId,
    int images,
    Instant at,
    String parentRemoteJobId,
    @Nullable ProviderAction action) {
  /** Checks the fields. */
  public JobTicket {
    Objects.requireNonNull(userKey, "userKey");
    Objects.requireNonNull(character, "character");
    Objects.requireNonNull(theme, "theme");
    Objects.requireNonNull(cacheKey, "cacheKey");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(plannedProviderId, "plannedProviderId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(parentRemoteJobId, "parentRemoteJobId");
    if ((action == null) != parentRemoteJobId.isEmpty()) {
      throw new IllegalArgumentException("an action job names its action and its parent job, a generation neither;"
          + " were " + action + " and '" + parentRemoteJobId + "'");
    }
    if (images < 0 || reservationId < 0) {
      throw new IllegalArgumentException(
          "images and reservationId must not be negative, were " + images + " and " + reservationId);
    }
  }

  /** A generation's ticket: no parent job, no action. */
  public JobTicket(String userKey, String character, String theme, String cacheKey, String prompt,
      String plannedProviderId, long reservationId, int images, Instant at) {
    this(userKey, character, theme, cacheKey, prompt, plannedProviderId, reservationId, images, at, "", null);
  }
}
