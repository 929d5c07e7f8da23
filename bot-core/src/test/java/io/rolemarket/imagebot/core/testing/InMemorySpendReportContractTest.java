package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.BotStore;

/** The spend-report contract on the in-memory fake. */
class InMemorySpendReportContractTest extends SpendReportContract {

  @Override
  protected BotStore newStore() {
    return new InMemoryStore();
  }
}
