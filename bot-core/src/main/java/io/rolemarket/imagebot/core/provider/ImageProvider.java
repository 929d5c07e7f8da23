package io.rolemarket.imagebot.core.provider;

/**
 * An image-generation service: the one seam every provider client implements.
 *
 * <p>{@link #generate} blocks until the images are made or the provider has failed; callers run it on
 * virtual threads. Timeouts, retries, circuit breakers and bulkheads are applied from outside by the
 * router, so an implementation makes one honest attempt and reports what happened as a value.
 * Implementations are safe for concurrent use.
 */
public interface ImageProvider {

  /** What this provider is and can do; constant for the provider's lifetime. */
  ProviderInfo info();

  /**
   * Makes images for {@code request}.
   *
   * @param request what to make; its count never exceeds {@link ProviderInfo#maxImagesPerCall()}
   * @param progress where to report progress (queue position, percentage), possibly never
   * @return the images, or a failure describing why there are none
   * @throws InterruptedException when the calling thread is interrupted (the call is cancelled)
   */
  ProviderResult generate(ProviderRequest request, ProviderProgress progress) throws InterruptedException;

  /**
   * The most {@code request} (all its pictures, over as many calls as it takes) can cost: what the monthly budget
   * holds before the provider is called, so a cost reported afterwards never passes what was held. By default the
   * declared price of its pictures; a provider that reports a cost computed from the answer (OpenAI's tokens)
   * gives the ceiling of that computation. A time-billed provider is held at its declared price.
   */
  default java.math.BigDecimal mostUsd(ProviderRequest request) {
    return info().costUsd(request.count());
  }
}
