package io.rolemarket.imagebot.data;

import io.rolemarket.imagebot.core.store.BotStore;
import io.rolemarket.imagebot.core.testing.SpendReportContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The spend-report contract on PostgreSQL (embedded, a fresh database per test). */
class PostgresSpendReportContractTest extends SpendReportContract {
  @TempDir Path blobs;

  @Override
  protected BotStore newStore() {
    return new PostgresTestStore(blobs, clock).fresh();
  }
}
