package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.BotStore;

/** The consistency gate's store contract on the in-memory fake; it forgets everything when closed. */
class InMemoryReferenceEmbeddingsContractTest extends ReferenceEmbeddingsContract {

  @Override
  protected BotStore newStore() {
    return new InMemoryStore();
  }
}
