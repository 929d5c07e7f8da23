package io.rolemarket.imagebot.core.testing;

import io.rolemarket.imagebot.core.store.BotStore;

/** The review-record contract on the in-memory fake; it forgets everything when closed. */
class InMemoryReviewStoreContractTest extends ReviewStoreContract {

  @Override
  protected BotStore newStore() {
    return new InMemoryStore();
  }
}
