package io.rolemarket.imagebot.core;

import io.rolemarket.imagebot.core.provider.ProviderFailure;
import io.rolemarket.imagebot.core.provider.ProviderInfo;
import java.util.Optional;
import io.rolemarket.imagebot.core.route.Circuit;

/**
 * A configured provider and whether it takes calls now, for {@code /providers}.
 *
 * @param info what it is, costs and how fast it is
 * @param available whether its breaker is closed, our region is allowed and an admin has not switched it off
 * @param premium whether it is used only for the quality tier or when named
 * @param lastProblem its last failure in the past hour, if any
 * @param circuit its circuit breaker: closed, half-open (the next call is a trial), or open with the time left
 * @param callsAtOnce how many calls at once the bot lets it take now (learned from its answers)
 * @param switchedOff whether an admin switched it off ({@code /provider off <id>}): the router skips it
 */
public record ProviderStatus(
    ProviderInfo info, boolean available, boolean premium, Optional<ProviderFailure> lastProblem, Circuit circuit,
    int callsAtOnce, boolean switchedOff) {

  /** A provider an admin has not switched off. */
  public ProviderStatus(ProviderInfo info, boolean available, boolean premium, Optional<ProviderFailure> lastProblem,
      Circuit circuit, int callsAtOnce) {
    this(info, available, premium, lastProblem, circuit, callsAtOnce, false);
  }
}
