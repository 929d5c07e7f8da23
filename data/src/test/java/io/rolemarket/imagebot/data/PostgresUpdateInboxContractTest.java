package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.testing.UpdateInboxContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The update inbox contract on PostgreSQL (embedded, a fresh database per test), restart tests included. */
class PostgresUpdateInboxContractTest extends UpdateInboxContract {
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
