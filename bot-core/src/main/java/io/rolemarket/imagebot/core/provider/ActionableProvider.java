package io.rolemarket.imagebot.core.provider;

import java.util.List;

/**
 * A provider whose finished jobs offer follow-up actions (Midjourney's U1–U4 upscales, V1–V4 variations,
 * reroll), each a new remote job of its own, charged on its own. The job id an action acts on is the one
 * the provider reported through {@link ProviderProgress#submitted} for the parent job. Implementations are
 * safe for concurrent use.
 */
public interface ActionableProvider extends ImageProvider {

  /** The actions a finished job offers, in button order ({@code U1}, …, {@code V3}, …, by their labels). */
  List<ProviderAction> actions();

  /**
   * How many images {@code action} answers (what it reserves and charges at most): 1 for an upscale.
   *
   * @throws IllegalArgumentException when {@code action} is not one of {@link #actions()}
   */
  int imagesFor(ProviderAction action);

  /**
   * Whether the images {@code action} answers offer the actions again (a new grid does, an upscale not).
   *
   * @throws IllegalArgumentException when {@code action} is not one of {@link #actions()}
   */
  boolean offersActionsAfter(ProviderAction action);

  /**
   * Runs {@code action} on the finished job {@code parentRemoteJobId}: a new remote job, whose id is
   * reported through {@link ProviderProgress#submitted} before the wait. Blocks until it ends.
   *
   * @param action one of {@link #actions()}
   * @return the images, or a failure (an unknown parent or an action it does not offer is a failure)
   * @throws InterruptedException when the calling thread is interrupted (the job is abandoned)
   */
  ProviderResult act(String parentRemoteJobId, ProviderAction action, ProviderProgress progress)
      throws InterruptedException;
}
