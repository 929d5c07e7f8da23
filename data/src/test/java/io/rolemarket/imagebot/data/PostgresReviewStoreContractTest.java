package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.testing.ReviewStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The review-record contract on PostgreSQL (embedded, a fresh database per test), restart tests included. */
class PostgresReviewStoreContractTest extends ReviewStoreContract {
  @TempDir Path blobs;
  private PostgresTestStore stores;

  @Override
  protected BotStore newStore() {
    stores = new PostgresTestStore(blobs, clock);
    return stores.fresh();
  }

  @Override
  protected boolean reopens() {
    return true;
  }

  @Override
  protected BotStore reopen() {
    return stores.reopen();
  }
}
