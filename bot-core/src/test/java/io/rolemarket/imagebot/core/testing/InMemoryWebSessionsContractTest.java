package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.BotStore;

/** The web sign-in contract on the in-memory fake; it forgets everything when closed. */
class InMemoryWebSessionsContractTest extends WebSessionsContract {

  @Override
  protected BotStore newStore() {
    return new InMemoryStore();
  }
}
