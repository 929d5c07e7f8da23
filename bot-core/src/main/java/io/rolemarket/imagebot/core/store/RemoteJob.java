package io.rolemarket.imagebot.core.store;

import io.rolemarket.imagebot.core.provider.ProviderAction;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An open job that a job-based provider accepted under its own id: after a restart the provider can be
 * asked for the result again instead of paying twice.
 *
 * @param jobId the journal's id
 * @param userKey who asked
 * @param character character id
 * @param theme theme id
 * @param cacheKey the canonical request hash
 * @param prompt the full prompt
 * @param providerId the provider holding the remote job
 * @param remoteJobId the provider's id for it
 * @param reservationId the quota reservation still held for it, or 0
 * @param images how many images were asked for
 * @param openedAt when the job opened
 * @param parentRemoteJobId for a provider action, the provider's id of the job it acts on; else empty
 * @param action the provider action the job runs, or null for a generation
 * @param measured how long the last run worked on the job by its ticker before it stopped (zero: not known)
 */
public record RemoteJob(
    long jobId,
    String userKey,
    String character,
    String theme,
    String cacheKey,
    String prompt,
    String providerId,
    String remoteJobId,
    long reservationId,
    int images,
    Instant openedAt,
    String parentRemoteJobId,
    @Nullable ProviderAction action,
    Duration measured) {

  /** Checks the fields. */
  public RemoteJob {
    Objects.requireNonNull(measured, "measured");
  }

  /** A job whose run before the stop measured nothing. */
  public RemoteJob(long jobId, String userKey, String character, String theme, String cacheKey, String prompt,
      String providerId, String remoteJobId, long reservationId, int images, Instant openedAt,
      String parentRemoteJobId, @Nullable ProviderAction action) {
    this(jobId, userKey, character, theme, cacheKey, prompt, providerId, remoteJobId, reservationId, images,
        openedAt, parentRemoteJobId, action, Duration.ZERO);
  }

  /** A generation's job: no parent job, no action. */
  public RemoteJob(long jobId, String userKey, String character, String theme, String cacheKey, String prompt,
      String providerId, String remoteJobId, long reservationId, int images, Instant openedAt) {
    this(jobId, userKey, character, theme, cacheKey, prompt, providerId, remoteJobId, reservationId, images,
        openedAt, "", null);
  }
}
