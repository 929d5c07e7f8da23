package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.BotStore;

/** The store contract on the in-memory fake the core tests use; it forgets everything when closed. */
class InMemoryStoreContractTest extends StoreContract {

  @Override
  protected BotStore newStore() {
    return new InMemoryStore();
  }
}
