package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.BotStore;

/** The update inbox contract on the in-memory fake; it forgets everything when closed. */
class InMemoryUpdateInboxContractTest extends UpdateInboxContract {

  @Override
  protected BotStore newStore() {
    return new InMemoryStore();
  }
}
