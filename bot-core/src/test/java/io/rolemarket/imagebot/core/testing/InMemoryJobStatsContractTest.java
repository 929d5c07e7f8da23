package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.BotStore;

/** The job-stats contract on the in-memory fake. */
class InMemoryJobStatsContractTest extends JobStatsContract {

  @Override
  protected BotStore newStore() {
    return new InMemoryStore();
  }
}
